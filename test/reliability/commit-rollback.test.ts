import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitFileSystem, commitJournal, journalPath, writeJournal, type Journal } from '../../src/output/commit.js';
import { writeOutput } from '../../src/output/writer.js';
import { readTree } from '../helpers/build.js';

let parent: string;
let outDir: string;
const originalRename = commitFileSystem.rename;
beforeEach(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-rollback-'));
  outDir = path.join(parent, 'dist');
});
afterEach(async () => {
  commitFileSystem.rename = originalRename;
  await rm(parent, { recursive: true, force: true });
});

const OLD = new Map([
  ['ja/index.html', 'old index'],
  ['ja/incidents/ex1/index.html', 'old article'],
  ['ja/page/2/index.html', 'old page 2'],
  ['gone.txt', 'removed by the new build'],
]);
const NEW: Record<string, string> = {
  'ja/index.html': 'new index',
  'ja/incidents/ex1/index.html': 'new article',
  'ja/incidents/ex2/index.html': 'new article 2',
};

/** Stages the new build's changed files beside the output and writes its journal, as the writer does before committing. */
async function stage(moves: string[]): Promise<Journal> {
  const staging = 'dist.kokuchi-tmp-1-cafe';
  for (const relative of moves) {
    const file = path.join(parent, staging, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, NEW[relative]!);
  }
  const journal: Journal = { version: 1, staging, moves, deletions: ['gone.txt'] };
  writeJournal(outDir, journal);
  return journal;
}

describe('the commit of a rebuild', () => {
  it('is undone whole when one replacement fails: the output is byte-identical and nothing is left beside it', async () => {
    await writeOutput(outDir, OLD);
    const before = await readTree(outDir);
    for (const failAt of [0, 1, 2]) {
      const journal = await stage(['ja/index.html', 'ja/incidents/ex2/index.html', 'ja/incidents/ex1/index.html']);
      let renames = 0;
      commitFileSystem.rename = (from, to) => {
        if (renames++ === failAt) throw Object.assign(new Error(`EPERM: operation not permitted, rename '${from}' -> '${to}'`), { code: 'EPERM' });
        originalRename(from, to);
      };
      expect(() => commitJournal(outDir, journal)).toThrow(/EPERM/u);
      expect(await readTree(outDir), `failing at rename ${failAt}`).toEqual(before);
      expect(await readdir(parent), `failing at rename ${failAt}`).toEqual(['dist']);
    }
  });

  it('puts back a folder moved aside for a file of the new tree when a later replacement fails', async () => {
    await writeOutput(outDir, new Map([['a/index.html', 'old a'], ['c.html', 'old c']]));
    // An empty folder stands where the new tree has the file b.html.
    await mkdir(path.join(outDir, 'b.html'));
    const before = await readTree(outDir);
    const staging = 'dist.kokuchi-tmp-2-beef';
    await mkdir(path.join(parent, staging), { recursive: true });
    await writeFile(path.join(parent, staging, 'b.html'), 'new b');
    await writeFile(path.join(parent, staging, 'c.html'), 'new c');
    const journal: Journal = { version: 1, staging, moves: ['b.html', 'c.html'], deletions: ['a/index.html'] };
    writeJournal(outDir, journal);
    let renames = 0;
    commitFileSystem.rename = (from, to) => {
      if (renames++ === 1) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      originalRename(from, to);
    };
    expect(() => commitJournal(outDir, journal)).toThrow(/EIO/u);
    expect(await readTree(outDir)).toEqual(before);
    expect((await stat(path.join(outDir, 'b.html'))).isDirectory()).toBe(true);
    await expect(stat(journalPath(outDir))).rejects.toThrow();
    expect(await readdir(parent)).toEqual(['dist']);
  });

  it('still completes when every replacement succeeds', async () => {
    await writeOutput(outDir, OLD);
    const journal = await stage(['ja/index.html', 'ja/incidents/ex1/index.html', 'ja/incidents/ex2/index.html']);
    commitJournal(outDir, journal);
    const tree = await readTree(outDir);
    expect([...tree.keys()]).toEqual(['ja/incidents/ex1/index.html', 'ja/incidents/ex2/index.html', 'ja/index.html', 'ja/page/2/index.html']);
    expect(tree.get('ja/index.html')?.toString()).toBe('new index');
    expect(await readdir(parent)).toEqual(['dist']);
  });
});
