import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { OutputWriter, writeOutput } from '../../src/output/writer.js';
import { processStartTime } from '../../src/lock-file.js';
import { readTree, SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';

let parent: string;
let outDir: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-faults-'));
  outDir = path.join(parent, 'dist');
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

const options = (extra: Partial<BuildOptions> = {}): BuildOptions => ({ cwd: parent, contentDir: SAMPLE_CONTENT, templatesDir: TEMPLATES, outDir, drafts: false, strict: false, cacheDir: false, search: false, ...extra });

/** A live process that is not kokuchi (a stand-in for a process id reused after a crash). */
async function withUnrelatedProcess(run: (pid: number) => Promise<void>): Promise<void> {
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    await run(other.pid!);
  } finally {
    other.kill();
    await once(other, 'exit');
  }
}

describe('the build lock', () => {
  it('is taken over when its process id now belongs to an unrelated live process (an older pid-only lock)', async () => {
    await withUnrelatedProcess(async (pid) => {
      await writeFile(`${outDir}.kokuchi-lock`, `${pid}\n`);
      const result = await build(options());
      expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    });
  });

  it('is taken over when the live process with its id started at another time than the build that wrote it', async () => {
    await withUnrelatedProcess(async (pid) => {
      await writeFile(`${outDir}.kokuchi-lock`, `${JSON.stringify({ pid, started: processStartTime(pid)! - 1 })}\n`);
      const result = await build(options());
      expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
      await expect(lstat(`${outDir}.kokuchi-lock`)).rejects.toThrow();
    });
  });
});

describe('an output folder that is a symbolic link', () => {
  it('is followed: the web root it points to gets the site, and the link stays a link', async () => {
    const webRoot = path.join(parent, 'www', 'html');
    await mkdir(webRoot, { recursive: true });
    await symlink(webRoot, outDir);
    for (let round = 0; round < 2; round += 1) {
      const result = await build(options());
      expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
      expect((await lstat(outDir)).isSymbolicLink()).toBe(true);
      expect(await readlink(outDir)).toBe(webRoot);
      expect((await readTree(webRoot)).has('ja/index.html')).toBe(true);
    }
    expect((await readdir(parent)).sort()).toEqual(['dist', 'www']);
    expect(await readdir(path.join(parent, 'www'))).toEqual(['html']);
  });

  it('is refused clearly, and left alone, when it leads nowhere', async () => {
    await symlink(path.join(parent, 'missing'), outDir);
    const result = await build(options());
    expect(result.ok).toBe(false);
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics.map((item) => item.rule)).toEqual(['output-symlink']);
    expect(await readlink(outDir)).toBe(path.join(parent, 'missing'));
    expect((await readdir(parent)).sort()).toEqual(['dist']);
  });
});

describe('a cache folder that cannot be written', () => {
  it('builds without the cache, with one warning, when --cache-dir is a file or a file stands where the folder should be', async () => {
    const reference = await build(options({ outDir: path.join(parent, 'reference') }));
    expect(reference.ok).toBe(true);
    const expected = await readTree(path.join(parent, 'reference'));
    await writeFile(path.join(parent, 'a-file'), 'not a folder');
    for (const cacheDir of [path.join(parent, 'a-file'), path.join(parent, 'a-file', 'kokuchi')]) {
      await rm(outDir, { recursive: true, force: true });
      const result = await build(options({ cacheDir }));
      expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
      expect(result.diagnostics.filter((item) => item.rule === 'cache-unwritable')).toHaveLength(1);
      expect(await readTree(outDir)).toEqual(expected);
    }
  });
});

describe('a build that runs out of disk space', () => {
  const files = (text: string) => new Map(Array.from({ length: 20 }, (_, index) => [`page-${index}/index.html`, `${text} ${index} ${'x'.repeat(400)}`]));

  it('removes its staging folder, and the previous output stays as it was', async () => {
    for (const previous of [false, true]) {
      await rm(outDir, { recursive: true, force: true });
      if (previous) await writeOutput(outDir, files('old'));
      const before = previous ? await readTree(outDir) : undefined;
      const writer = await OutputWriter.open(outDir, { fullDiskAfter: 4000 });
      for (const [file, text] of files('new')) writer.files.set(file, text);
      await expect(writer.commit()).rejects.toMatchObject({ code: 'ENOSPC' });
      expect((await readdir(parent)).sort(), `previous output: ${previous}`).toEqual(previous ? ['dist'] : []);
      if (before) expect(await readTree(outDir)).toEqual(before);
    }
  });
});
