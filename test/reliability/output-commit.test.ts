import { lstat, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyJournal, journalPath, writeJournal, type Journal } from '../../src/output/commit.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { build } from '../../src/build.js';
import { OutputLock, OutputWriter, recoverOutput, writeOutput } from '../../src/output/writer.js';
import { processStartTime } from '../../src/lock-file.js';
import { readTree, SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';

let parent: string;
let outDir: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-commit-'));
  outDir = path.join(parent, 'dist');
});
afterEach(() => rm(parent, { recursive: true, force: true }));

/** The output as text, file by file. */
async function tree(): Promise<Record<string, string>> {
  return Object.fromEntries([...(await readTree(outDir))].map(([file, bytes]) => [file, bytes.toString('utf8')]));
}

/** Everything beside the output folder. */
async function beside(): Promise<string[]> {
  return (await readdir(parent)).filter((name) => name !== 'dist').sort();
}

async function put(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

describe('writing the output over a previous one', () => {
  it('makes it exactly the new files: changed ones replaced, unchanged ones untouched, stray ones removed with their empty folders', async () => {
    await writeOutput(outDir, new Map([['a/index.html', 'A'], ['b/index.html', 'B'], ['gone/deep/index.html', 'G']]));
    await put(outDir, { 'stray.txt': 'a file nobody built', 'a/extra.html': 'x' });
    const before = await stat(path.join(outDir, 'a/index.html'));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const result = await writeOutput(outDir, new Map([['a/index.html', 'A'], ['b/index.html', 'B2'], ['c/index.html', 'C']]));
    expect(await tree()).toEqual({ 'a/index.html': 'A', 'b/index.html': 'B2', 'c/index.html': 'C' });
    expect(result).toEqual({ written: 2, unchanged: 1 });
    const after = await stat(path.join(outDir, 'a/index.html'));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
    await expect(lstat(path.join(outDir, 'gone'))).rejects.toThrow();
    expect(await beside()).toEqual([]);
  });

  it('turns a file into a folder and a folder into a file', async () => {
    await writeOutput(outDir, new Map([['feed', 'old feed file'], ['page/index.html', 'P'], ['page/2/index.html', 'P2']]));
    await writeOutput(outDir, new Map([['feed/index.xml', 'feed in a folder'], ['page', 'now a file']]));
    expect(await tree()).toEqual({ 'feed/index.xml': 'feed in a folder', page: 'now a file' });
    expect(await beside()).toEqual([]);
  });

  it('replaces a symlink inside the output with a real file and never writes through it', async () => {
    await put(parent, { 'elsewhere/secret.txt': 'keep me' });
    await writeOutput(outDir, new Map([['a.txt', 'A']]));
    await symlink(path.join(parent, 'elsewhere/secret.txt'), path.join(outDir, 'link.txt'));
    await writeOutput(outDir, new Map([['a.txt', 'A'], ['link.txt', 'real']]));
    expect((await lstat(path.join(outDir, 'link.txt'))).isSymbolicLink()).toBe(false);
    expect(await tree()).toEqual({ 'a.txt': 'A', 'link.txt': 'real' });
    expect((await readTree(path.join(parent, 'elsewhere'))).get('secret.txt')?.toString()).toBe('keep me');
  });

  it('replaces an output path that is a file, not a folder', async () => {
    await writeFile(outDir, 'not a folder');
    await writeOutput(outDir, new Map([['index.html', 'I']]));
    expect(await tree()).toEqual({ 'index.html': 'I' });
    expect(await beside()).toEqual([]);
  });

  it('reports a file-system failure of the writer thread at the commit, with its error code', async () => {
    const nested = path.join(parent, 'site', 'dist');
    const writer = await OutputWriter.open(nested);
    // The folder the writer stages into disappears under it, replaced by a file.
    await rm(path.join(parent, 'site'), { recursive: true, force: true });
    await writeFile(path.join(parent, 'site'), 'not a folder');
    writer.files.set('index.html', 'I');
    await expect(writer.commit()).rejects.toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/u) });
  });

  it('leaves the previous output untouched when the build is abandoned, even after files were sent', async () => {
    await writeOutput(outDir, new Map([['a.txt', 'A']]));
    const writer = await OutputWriter.open(outDir);
    writer.files.set('a.txt', 'changed');
    writer.files.set('b.txt', 'new');
    await writer.abort();
    expect(await tree()).toEqual({ 'a.txt': 'A' });
    expect(await beside()).toEqual([]);
  });
});

describe('files created ahead of time while content loads', () => {
  it('are kept when written, and removed (with folders left empty) when the build does not produce them', async () => {
    const writer = await OutputWriter.open(outDir);
    writer.prepare(['en/incidents/a/index.html', 'en/incidents/b/index.html', 'api/v1/incidents/B.json', '../escape.html', 'en/incidents/../x/index.html', 'notes.txt']);
    writer.files.set('en/incidents/a/index.html', 'A');
    await writer.commit();
    expect(await tree()).toEqual({ 'en/incidents/a/index.html': 'A' });
    await expect(lstat(path.join(outDir, 'en/incidents/b'))).rejects.toThrow();
    await expect(lstat(path.join(outDir, 'api'))).rejects.toThrow();
    expect(await beside()).toEqual([]);
  });

  it('are not created over a previous output (a rebuild writes only what changed)', async () => {
    await writeOutput(outDir, new Map([['en/incidents/a/index.html', 'A']]));
    const writer = await OutputWriter.open(outDir);
    writer.prepare(['en/incidents/b/index.html']);
    writer.files.set('en/incidents/a/index.html', 'A');
    await writer.commit();
    expect(await tree()).toEqual({ 'en/incidents/a/index.html': 'A' });
    await expect(lstat(path.join(outDir, 'en/incidents/b'))).rejects.toThrow();
  });
});

describe('a commit interrupted by a killed build', () => {
  /** The state a build killed during its commit leaves: the journal, the staging folder, `done` moves made. */
  async function interrupted(done: number): Promise<Journal> {
    await writeOutput(outDir, new Map([['keep.txt', 'K'], ['old/index.html', 'O'], ['change.txt', 'v1']]));
    const journal: Journal = { version: 1, staging: 'dist.kokuchi-tmp-4242-cafe', moves: ['change.txt', 'new/deep/index.html'], deletions: ['old/index.html'] };
    await put(path.join(parent, journal.staging), { 'change.txt': 'v2', 'new/deep/index.html': 'N' });
    writeJournal(outDir, journal);
    if (done > 0) {
      // Replay part of the commit by hand: the deletion and the first move.
      await rm(path.join(outDir, 'old'), { recursive: true });
      if (done > 1) await put(outDir, { 'change.txt': 'v2' }).then(() => rm(path.join(parent, journal.staging, 'change.txt')));
    }
    return journal;
  }

  const expected = { 'keep.txt': 'K', 'change.txt': 'v2', 'new/deep/index.html': 'N' };

  for (const done of [0, 1, 2]) {
    it(`is finished by the next run whatever it got through (${done} step${done === 1 ? '' : 's'} done)`, async () => {
      await interrupted(done);
      await recoverOutput(outDir);
      expect(await tree()).toEqual(expected);
      expect(await beside()).toEqual([]);
    });
  }

  it('gives the same tree when applied twice', async () => {
    const journal = await interrupted(0);
    applyJournal(outDir, journal);
    writeJournal(outDir, journal);
    applyJournal(outDir, journal);
    expect(await tree()).toEqual(expected);
    await expect(lstat(journalPath(outDir))).rejects.toThrow();
  });

  it('is rolled back when the journal was never completed: the staging folder goes, the output stays', async () => {
    await writeOutput(outDir, new Map([['a.txt', 'A']]));
    await put(parent, { 'dist.kokuchi-tmp-77-beef/a.txt': 'half', 'dist.kokuchi-journal.tmp': '{"version":1,"stag' });
    await recoverOutput(outDir);
    expect(await tree()).toEqual({ 'a.txt': 'A' });
    expect(await beside()).toEqual([]);
  });

  it('ignores (and removes) a journal that reaches outside the output folder', async () => {
    await writeOutput(outDir, new Map([['a.txt', 'A']]));
    await put(parent, { 'victim.txt': 'safe' });
    writeJournal(outDir, { version: 1, staging: 'dist.kokuchi-tmp-1-aa', moves: [], deletions: ['../victim.txt', 'a.txt'] });
    await recoverOutput(outDir);
    expect((await readTree(parent)).get('victim.txt')?.toString()).toBe('safe');
    expect(await tree()).toEqual({ 'a.txt': 'A' });
    expect((await beside()).filter((name) => name !== 'victim.txt')).toEqual([]);
  });
});

describe('two builds into the same output folder', () => {
  const options = () => ({ cwd: parent, contentDir: SAMPLE_CONTENT, templatesDir: TEMPLATES, outDir, drafts: false, strict: false, cacheDir: false as const });

  it('are not run at once: the second is refused while the first holds the lock, and the lock goes with the build', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      // A lock as a running build writes it: the process id and when that process started.
      await writeFile(`${outDir}.kokuchi-lock`, `${JSON.stringify({ pid: sleeper.pid, started: processStartTime(sleeper.pid!) })}\n`);
      const refused = await build(options());
      expect(refused.ok).toBe(false);
      expect(refused.configurationError).toBe(true);
      expect(refused.diagnostics.map((item) => item.rule)).toEqual(['output-busy']);
      expect(refused.diagnostics[0]!.message).toContain(String(sleeper.pid));
      await expect(lstat(outDir)).rejects.toThrow();
    } finally {
      sleeper.kill();
    }
    await once(sleeper, 'exit');
    // The holder is gone (as after a killed build): its lock is taken over.
    const built = await build(options());
    expect(built.ok, JSON.stringify(built.diagnostics)).toBe(true);
    expect(await beside()).toEqual([]);
  });

  it('is released by the build that held it, so the next one is granted', () => {
    const first = OutputLock.acquire(outDir);
    expect(first).toBeInstanceOf(OutputLock);
    (first as OutputLock).release();
    const second = OutputLock.acquire(outDir);
    expect(second).toBeInstanceOf(OutputLock);
    (second as OutputLock).release();
  });
});
