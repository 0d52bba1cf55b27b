import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { writerFileSystem } from '../../src/commands/writer-files.js';
import { processStartTime } from '../../src/lock-file.js';
import { withTempContent, type TempContent } from '../helpers/fixture.js';

const RECORD = `id: EX1
service: exchange-online
title: {en: Mail is slow, ja: メールが遅い}
start: 2026-11-27 09:00 JST
updates:
  - at: 2026-11-27 09:10 JST
    status: investigating
    current_status: {en: Looking into it., ja: 調査しています。}
`;

function capture(cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd,
    env: { KOKUCHI_NOW: '2026-11-27T03:00:00Z', ...env },
  };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const cleanup: (() => Promise<void>)[] = [];
const originalWrite = writerFileSystem.write;
const originalRename = writerFileSystem.rename;
afterEach(async () => {
  writerFileSystem.write = originalWrite;
  writerFileSystem.rename = originalRename;
  await Promise.all(cleanup.splice(0).map((remove) => remove()));
});

async function content(files: Record<string, string> = { 'content/incidents/2026/EX1.yaml': RECORD }): Promise<TempContent> {
  const temp = await withTempContent(files);
  cleanup.push(temp.remove);
  return temp;
}

async function listAll(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name))).sort();
}

describe('a writer command on a full disk', () => {
  it('leaves the record byte-identical, with a clear message and no temporary file', async () => {
    const temp = await content();
    const record = path.join(temp.contentDir, 'incidents/2026/EX1.yaml');
    const before = await readFile(record);
    const filesBefore = await listAll(temp.cwd);
    // The disk fills half-way through the write, as it did when update rewrote the file in place.
    writerFileSystem.write = async (handle, bytes) => {
      await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const run = capture(temp.cwd);
    const code = await main(['update', 'EX1', '--status', 'service-restored', '--at', '2026-11-27 11:00 JST'], run.environment);
    expect(code).toBe(2);
    expect(run.stderr()).toContain('the disk is full');
    expect(run.stderr()).toContain('content-write');
    expect(run.stderr()).not.toMatch(/\n\s+at /u);
    expect(await readFile(record)).toEqual(before);
    expect(await listAll(temp.cwd)).toEqual(filesBefore);
  });

  it('leaves both language files of a Markdown record as they were when the second cannot be written', async () => {
    const en = '---\nid: EX2\nservice: exchange-online\nstart: 2026-11-27 09:00 JST\ntitle: Slow\n---\n\n## 2026-11-27 09:10 JST — Investigating\n\nLooking.\n';
    const ja = '---\nid: EX2\ntitle: 遅い\n---\n\n## 2026-11-27 09:10 JST — 調査中\n\n調査中です。\n';
    const temp = await content({ 'content/incidents/2026/EX2.en.md': en, 'content/incidents/2026/EX2.ja.md': ja });
    let writes = 0;
    writerFileSystem.write = async (handle, bytes) => {
      writes += 1;
      if (writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await originalWrite(handle, bytes);
    };
    const code = await main(['update', 'EX2', '--status', 'service-restored', '--at', '2026-11-27 11:00 JST'], capture(temp.cwd).environment);
    expect(code).toBe(2);
    expect(await readFile(path.join(temp.contentDir, 'incidents/2026/EX2.en.md'), 'utf8')).toBe(en);
    expect(await readFile(path.join(temp.contentDir, 'incidents/2026/EX2.ja.md'), 'utf8')).toBe(ja);
  });

  it('replaces the record with one rename of a file flushed beside it (a failed rename changes nothing)', async () => {
    const temp = await content();
    const record = path.join(temp.contentDir, 'incidents/2026/EX1.yaml');
    const renames: [string, string][] = [];
    writerFileSystem.rename = async (from, to) => {
      renames.push([from, to]);
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    };
    const code = await main(['update', 'EX1', '--status', 'service-restored', '--at', '2026-11-27 11:00 JST'], capture(temp.cwd).environment);
    expect(code).toBe(2);
    expect(renames).toHaveLength(1);
    expect(path.dirname(renames[0]![0])).toBe(path.dirname(record));
    expect(renames[0]![1]).toBe(record);
    expect(await readFile(record, 'utf8')).toBe(RECORD);
    expect(await listAll(temp.contentDir)).toEqual(['incidents/2026/EX1.yaml', 'services.yaml', 'site.yaml']);
  });
});

describe('two writer commands at once', () => {
  it('keep both updates of two concurrent kokuchi update runs on one record', async () => {
    for (let round = 0; round < 4; round += 1) {
      const temp = await content();
      const runs = ['10:00', '10:30', '11:00'].map((time) => main(['update', 'EX1', '--status', 'restoring-service', '--at', `2026-11-27 ${time} JST`], capture(temp.cwd).environment));
      expect(await Promise.all(runs)).toEqual([0, 0, 0]);
      const record = parse(await readFile(path.join(temp.contentDir, 'incidents/2026/EX1.yaml'), 'utf8')) as { updates: { at: string }[] };
      expect(record.updates.map((update) => update.at).sort()).toEqual(['2026-11-27 09:10 JST', '2026-11-27 10:00 JST', '2026-11-27 10:30 JST', '2026-11-27 11:00 JST']);
    }
  });

  it('never create the same id twice, in YAML and in Markdown at once', async () => {
    const temp = await content({});
    const yaml = capture(temp.cwd);
    const markdown = capture(temp.cwd);
    const codes = await Promise.all([
      main(['new', 'EX9', '--service', 'exchange-online'], yaml.environment),
      main(['new', 'EX9', '--service', 'exchange-online', '--format', 'md'], markdown.environment),
    ]);
    expect([...codes].sort()).toEqual([0, 1]);
    expect(yaml.stderr() + markdown.stderr()).toContain('incident EX9 already exists');
    const records = (await listAll(path.join(temp.contentDir, 'incidents'))).filter((file) => file.includes('EX9'));
    expect(records).toEqual(codes[0] === 0 ? ['2026/EX9.yaml'] : ['2026/EX9.en.md', '2026/EX9.ja.md']);
  });

  it('fail clearly, writing nothing, when another command holds the content folder too long', async () => {
    const temp = await content();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(temp.contentDir, '.kokuchi-lock'), `${JSON.stringify({ pid: holder.pid, started: processStartTime(holder.pid!) })}\n`);
      const run = capture(temp.cwd, { KOKUCHI_LOCK_WAIT: '200' });
      const code = await main(['update', 'EX1', '--status', 'service-restored', '--at', '2026-11-27 11:00 JST'], run.environment);
      expect(code).toBe(1);
      expect(run.stderr()).toContain('content-busy');
      expect(run.stderr()).toContain(`process ${holder.pid}`);
      expect(await readFile(path.join(temp.contentDir, 'incidents/2026/EX1.yaml'), 'utf8')).toBe(RECORD);
    } finally {
      holder.kill();
    }
    await once(holder, 'exit');
    // The holder is gone: its lock is taken over.
    expect(await main(['update', 'EX1', '--status', 'service-restored', '--at', '2026-11-27 11:00 JST'], capture(temp.cwd).environment)).toBe(0);
    expect(await listAll(temp.contentDir)).toEqual(['incidents/2026/EX1.yaml', 'services.yaml', 'site.yaml']);
  });
});

describe('kokuchi new through a symbolic link', () => {
  it('refuses to write a record into a year folder that links outside content/', async () => {
    const temp = await content({});
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-outside-'));
    cleanup.push(() => rm(outside, { recursive: true, force: true }));
    await mkdir(path.join(temp.contentDir, 'incidents'), { recursive: true });
    await symlink(outside, path.join(temp.contentDir, 'incidents/2026'));
    const run = capture(temp.cwd);
    const code = await main(['new', 'EX9', '--service', 'exchange-online'], run.environment);
    expect(code).toBe(1);
    expect(run.stderr()).toContain('content-outside');
    expect(await readdir(outside)).toEqual([]);
  });

  it('still writes into a content folder that is itself a link (the link is where the writer keeps content)', async () => {
    const temp = await content({});
    const real = path.join(temp.cwd, 'real-content');
    await mkdir(real);
    for (const name of ['site.yaml', 'services.yaml']) await writeFile(path.join(real, name), await readFile(path.join(temp.contentDir, name)));
    await symlink(real, path.join(temp.cwd, 'content-link'));
    const code = await main(['new', 'EX9', '--service', 'exchange-online', '--content', 'content-link'], capture(temp.cwd).environment);
    expect(code).toBe(0);
    expect(await listAll(path.join(real, 'incidents'))).toEqual(['2026/EX9.yaml']);
  });
});
