import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReusedFile } from './pipeline/previous-output.js';

/** Files to write: output-relative path (`/` separators) → content. */
export type OutputFiles = Map<string, string | Uint8Array | ReusedFile>;

const TEMP_MARK = '.kokuchi-tmp-';
const OLD_MARK = '.kokuchi-old-';

/**
 * Replaces `outDir` with exactly `files`, atomically as far as the file system allows: everything is
 * written into a sibling temporary folder, then swapped in with two renames. A build that dies before
 * the swap leaves the old output untouched; leftovers are removed (or, if the output itself went
 * missing between the two renames, restored) by the next run. Files whose bytes did not change keep
 * their modification times, so sync-by-change deploy tools upload only what changed.
 */
export async function writeOutput(outDir: string, files: OutputFiles): Promise<{ written: number; unchanged: number }> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  await mkdir(parent, { recursive: true });
  await recoverLeftovers(parent, base, outDir);

  const temp = path.join(parent, `${base}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(temp);
    const directories = new Set<string>();
    for (const relative of files.keys()) directories.add(path.dirname(path.join(temp, relative)));
    for (const directory of [...directories].sort()) await mkdir(directory, { recursive: true });
    const entries = [...files];
    const concurrency = 32;
    for (let index = 0; index < entries.length; index += concurrency) {
      await Promise.all(entries.slice(index, index + concurrency).map(([relative, content]) => writeOne(path.join(temp, relative), content)));
    }
    const unchanged = await keepUnchangedTimes(outDir, temp, files);
    const previous = await stat(outDir).catch(() => undefined);
    if (previous) {
      const old = path.join(parent, `${base}${OLD_MARK}${process.pid}`);
      await rename(outDir, old);
      await rename(temp, outDir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, outDir);
    }
    return { written: files.size - unchanged, unchanged };
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/** Removes temporary folders of earlier builds; if a build died between its two renames, puts the old output back. */
async function recoverLeftovers(parent: string, base: string, outDir: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  const outputExists = Boolean(await lstat(outDir).catch(() => undefined));
  let restored = outputExists;
  for (const name of entries.sort()) {
    if (!name.startsWith(base)) continue;
    const rest = name.slice(base.length);
    const full = path.join(parent, name);
    if (rest.startsWith(OLD_MARK) && !restored) {
      await rename(full, outDir);
      restored = true;
    } else if (rest.startsWith(TEMP_MARK) || rest.startsWith(OLD_MARK)) {
      await rm(full, { recursive: true, force: true });
    }
  }
}

/** Writes a file, or links a reused one (a hard link keeps its bytes and time; copying is the fallback). */
async function writeOne(target: string, content: string | Uint8Array | ReusedFile): Promise<void> {
  if (!(content instanceof ReusedFile)) return writeFile(target, content);
  try {
    await link(content.from, target);
  } catch {
    await copyFile(content.from, target);
  }
}

async function keepUnchangedTimes(outDir: string, temp: string, files: OutputFiles): Promise<number> {
  let unchanged = 0;
  const entries = [...files];
  const concurrency = 32;
  for (let index = 0; index < entries.length; index += concurrency) {
    const results = await Promise.all(
      entries.slice(index, index + concurrency).map(async ([relative, content]) => {
        if (content instanceof ReusedFile) return true;
        const previousPath = path.join(outDir, relative);
        const previous = await lstat(previousPath).catch(() => undefined);
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        if (!previous || !previous.isFile() || previous.size !== bytes.length) return false;
        const old = await readFile(previousPath);
        if (!old.equals(bytes)) return false;
        // The previous file itself (a hard link) keeps its time to the nanosecond; `utimes` rounds it (Date: to the millisecond).
        const target = path.join(temp, relative);
        try {
          await link(previousPath, `${target}.kokuchi-link`);
          await rename(`${target}.kokuchi-link`, target);
        } catch {
          await rm(`${target}.kokuchi-link`, { force: true });
          await utimes(target, previous.atimeMs / 1000, previous.mtimeMs / 1000);
        }
        return true;
      }),
    );
    unchanged += results.filter(Boolean).length;
  }
  return unchanged;
}

/** Refuses output folders whose replacement would destroy sources: the working folder, its parents, or folders holding content or templates. */
export function checkOutputLocation(outDir: string, protectedPaths: readonly string[]): string | undefined {
  const out = path.resolve(outDir);
  if (out === path.parse(out).root) return `refusing to use the file-system root ${out} as the output folder`;
  for (const item of protectedPaths) {
    const resolved = path.resolve(item);
    const relative = path.relative(out, resolved);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      return `refusing to write the site to ${outDir}: it contains ${resolved}, which the build would replace`;
    }
  }
  return undefined;
}
