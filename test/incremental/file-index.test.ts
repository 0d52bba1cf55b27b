import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FileIndex } from '../../src/incremental/file-index.js';
import { readTree, TEMPLATES } from '../helpers/build.js';
import { generateSite, hashTree, treeDifferences } from '../fixtures/hostile/hostile.js';

describe('the file index of a rebuild', () => {
  let cwd: string;
  const files = generateSite(12, 'a');
  const options = (outDir: string, cacheDir: string | false = path.join(cwd, 'cache')) => ({
    cwd,
    contentDir: path.join(cwd, 'content'),
    templatesDir: TEMPLATES,
    outDir: path.join(cwd, outDir),
    drafts: false,
    strict: false,
    cacheDir,
  });
  const edited = () => path.join(cwd, Object.keys(files).find((file) => file.endsWith('GEN0003.yaml'))!);

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-index-'));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(cwd, file)), { recursive: true });
      await writeFile(path.join(cwd, file), text);
    }
    // Files changed less than two seconds before an index is written are not trusted by it.
    await new Promise((resolve) => setTimeout(resolve, 2100));
  }, 10_000);
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('reads no record file when nothing changed, and gives the same site', async () => {
    const first = await build(options('dist'));
    expect(first.ok).toBe(true);
    expect(first.stats?.recordsRead).toBe(12);
    const second = await build(options('dist'));
    expect(second.ok).toBe(true);
    expect(second.stats?.recordsRead).toBe(0);
    expect(second.stats?.written).toBe(0);
  });

  it('reads a file edited since, even with the same size and modification time, and shows the edit', async () => {
    const file = edited();
    const before = await readFile(file, 'utf8');
    const after = before.replace('users see delays', 'users see DELAYS');
    expect(after).not.toBe(before);
    expect(after.length).toBe(before.length);
    const { mtime, atime } = await import('node:fs/promises').then((fs) => fs.stat(file));
    await writeFile(file, after);
    await utimes(file, atime, mtime); // the change time still moves
    const rebuilt = await build(options('dist'));
    expect(rebuilt.ok).toBe(true);
    expect(rebuilt.stats?.recordsRead).toBeGreaterThanOrEqual(1);
    expect((await readFile(path.join(cwd, 'dist/en/incidents/gen0003/index.html'), 'utf8')).includes('DELAYS')).toBe(true);
    // Byte for byte what a build without any cache gives.
    expect((await build(options('reference', false))).ok).toBe(true);
    expect(treeDifferences(hashTree(await readTree(path.join(cwd, 'dist'))), hashTree(await readTree(path.join(cwd, 'reference'))))).toEqual([]);
  });
});

describe('a file index entry', () => {
  it('is trusted only for the same stamp, and only when the file changed well before the index was written', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-index-unit-'));
    try {
      const old = { size: 10, mtimeMs: Date.now() - 60_000, ctimeMs: Date.now() - 60_000, ino: 7 };
      const recent = { ...old, mtimeMs: Date.now(), ctimeMs: Date.now() };
      const writer = await FileIndex.open(cacheDir);
      writer.record('/a', old, 'digest-a');
      writer.record('/b', recent, 'digest-b');
      await writer.save();
      const reader = await FileIndex.open(cacheDir);
      expect(reader.unchanged('/a', old)).toBe('digest-a');
      expect(reader.unchanged('/b', recent)).toBeUndefined(); // too close to the index: racy
      for (const change of [{ size: 11 }, { mtimeMs: old.mtimeMs + 1 }, { ctimeMs: old.ctimeMs + 1 }, { ino: 8 }]) {
        expect(reader.unchanged('/a', { ...old, ...change }), JSON.stringify(change)).toBeUndefined();
      }
      expect(reader.unchanged('/c', old)).toBeUndefined();
      expect(FileIndex.none().unchanged('/a', old)).toBeUndefined();
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
