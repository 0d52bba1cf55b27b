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
    await inBatches([...directories], (directory) => mkdir(directory, { recursive: true }));
    const outcomes = await inBatches([...files], ([relative, content]) => writeOne(outDir, temp, relative, content));
    const unchanged = outcomes.filter(Boolean).length;
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

/** Puts back an output folder that a killed build left renamed away, and removes temporary leftovers; safe to call anytime. */
export async function recoverOutput(outDir: string): Promise<void> {
  await recoverLeftovers(path.dirname(outDir), path.basename(outDir), outDir);
}

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

/** Runs `task` over `items` with bounded concurrency; results in order. */
async function inBatches<T, R>(items: readonly T[], task: (item: T) => Promise<R>, concurrency = 64): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/**
 * Puts one file into the temporary folder; true when it is unchanged from the previous output. A reused
 * file, and a rendered file whose bytes equal the previous one, become hard links to the previous file,
 * which keeps its bytes and its modification time to the nanosecond (copying, then `utimes`, is the
 * fallback where links are impossible).
 */
async function writeOne(outDir: string, temp: string, relative: string, content: string | Uint8Array | ReusedFile): Promise<boolean> {
  const target = path.join(temp, relative);
  if (content instanceof ReusedFile) {
    await linkOrCopy(content.from, target);
    return true;
  }
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const previousPath = path.join(outDir, relative);
  const previous = await lstat(previousPath).catch(() => undefined);
  if (previous?.isFile() && previous.size === bytes.length && (await readFile(previousPath)).equals(bytes)) {
    await linkOrCopy(previousPath, target, previous);
    return true;
  }
  await writeFile(target, bytes);
  return false;
}

async function linkOrCopy(from: string, target: string, times?: { atimeMs: number; mtimeMs: number }): Promise<void> {
  try {
    await link(from, target);
  } catch {
    await copyFile(from, target);
    if (times) await utimes(target, times.atimeMs / 1000, times.mtimeMs / 1000);
  }
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
