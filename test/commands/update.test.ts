import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { findRecordFiles, listRecordFiles } from '../../src/commands/content-edit.js';
import { appendMarkdownUpdate, appendYamlUpdate, type AppendResult } from '../../src/commands/update.js';
import { loadFixture } from '../helpers/fixture.js';
import { SAMPLE_CONTENT, SAMPLE_SITE } from '../helpers/build.js';

const OPTIONS = { primaryZone: 'Asia/Tokyo', languages: ['en', 'ja'] as const };

/**
 * The text inserted into `before` to give `after`, or undefined when `after` is not `before` plus one
 * contiguous insertion. Where the block could slide (it starts like the text after it), the earliest
 * offset is reported.
 */
function insertion(before: string, after: string): { offset: number; text: string } | undefined {
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < before.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix += 1;
  if (prefix + suffix !== before.length) return undefined;
  return { offset: prefix, text: after.slice(prefix, after.length - suffix) };
}

/** True when `after` is `before` with `block` inserted at `offset`: every other byte unchanged. */
function insertedAt(before: string, after: string, block: string, offset: number): boolean {
  return after === before.slice(0, offset) + block + before.slice(offset);
}

function succeeded(result: ReturnType<typeof appendYamlUpdate>): AppendResult {
  if (!result.ok) throw new Error(result.message);
  return result;
}

const COMMENTED = `# A record full of comments and odd formatting that must survive.
id: EX1   # trailing comment on the id
service: exchange-online
title: {en: 'Mail is slow', ja: "メールが遅い"}   # flow map, two quote styles
start: 2021-11-25 21:33 JST
updates:
  # leading comment of the list
  - at: 2021-11-25 21:40 JST    # first
    status: investigating
    current_status:
        en: Looking into it.
        ja: 調査しています。

  # comment between entries
  - at: "2021-11-25 23:00 JST"
    status: restoring-service
    body: |
      A block scalar
      with two lines.
  # comment after the last entry
tags: [mail]
# the end
`;

describe('appendYamlUpdate', () => {
  it('keeps every byte of a commented record outside the one block it adds', () => {
    const result = succeeded(appendYamlUpdate(COMMENTED, { at: '2021-11-26 09:00 JST', status: 'service-restored', nextUpdate: '2021-11-26 12:00 JST' }, OPTIONS));
    expect(result).toMatchObject({ place: 'end', preserved: true });
    const added = insertion(COMMENTED, result.text);
    expect(added).toBeDefined();
    expect(added!.text).toBe(
      [
        '',
        '  - at: "2021-11-26 09:00 JST"',
        '    status: service-restored',
        '    final_status:',
        '        en: "TODO: how the incident ended and what was affected"',
        '        ja: "TODO: 終息の状況と影響の範囲"',
        '    next_update: "2021-11-26 12:00 JST"',
        '',
      ].join('\n'),
    );
    expect(result.text.slice(0, added!.offset).endsWith('      with two lines.\n')).toBe(true);
    const updates = (parse(result.text) as { updates: { at: string }[] }).updates;
    expect(updates.map((update) => update.at)).toEqual(['2021-11-25 21:40 JST', '2021-11-25 23:00 JST', '2021-11-26 09:00 JST']);
  });

  it('adds to the sample EX300267 without touching anything else, and the record still loads', async () => {
    const file = 'content/incidents/2021/EX300267.yaml';
    const original = await readFile(path.join(SAMPLE_SITE, file), 'utf8');
    const result = succeeded(appendYamlUpdate(original, { at: '2021-12-03 10:00 JST', status: 'post-incident-report-published' }, OPTIONS));
    const added = insertion(original, result.text);
    expect(added?.text).toMatch(/^\n {2}- at: "2021-12-03 10:00 JST"\n {4}status: post-incident-report-published\n/u);
    const loaded = loadFixture({ 'incidents/2021/EX300267.yaml': result.text, 'services.yaml': 'exchange-online: {en: Exchange Online}\n' });
    expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(loaded.model!.incidents[0]!.updates[0]!.at.source).toBe('2021-12-03 10:00 JST');
  });

  it('adds before the first entry when the file lists updates newest first', () => {
    const newestFirst = `service: exchange-online
start: 2021-11-25 21:33 JST
updates:
# newest first, like the official notice
- at: 2021-11-26 10:00 JST
  status: restoring-service
  body: Rolling back.
- at: 2021-11-25 22:00 JST
  status: investigating
  body: Looking.
`;
    const result = succeeded(appendYamlUpdate(newestFirst, { at: '2021-11-26 12:00 JST', status: 'service-restored' }, OPTIONS));
    expect(result.place).toBe('start');
    const block = '- at: "2021-11-26 12:00 JST"\n  status: service-restored\n  final_status:\n    en: "TODO: how the incident ended and what was affected"\n    ja: "TODO: 終息の状況と影響の範囲"\n';
    expect(insertedAt(newestFirst, result.text, block, newestFirst.indexOf('- at: 2021-11-26 10:00 JST'))).toBe(true);
  });

  it('writes CRLF line endings into a CRLF file', () => {
    const crlf = COMMENTED.replace(/\n/g, '\r\n');
    const result = succeeded(appendYamlUpdate(crlf, { at: '2021-11-26 09:00 JST', status: 'investigating' }, OPTIONS));
    const added = insertion(crlf, result.text);
    expect(added).toBeDefined();
    expect(added!.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(added!.text).toContain('\r\n  - at: "2021-11-26 09:00 JST"\r\n');
  });

  it('adds the updates list when a record has none yet', () => {
    const text = 'service: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: Mail';
    const result = succeeded(appendYamlUpdate(text, { at: '2021-11-25 22:00 JST', status: 'investigating' }, OPTIONS));
    expect(result.text.startsWith(`${text}\nupdates:\n  - at: "2021-11-25 22:00 JST"\n    status: investigating\n`)).toBe(true);
    expect((parse(result.text) as { updates: unknown[] }).updates).toHaveLength(1);
  });

  it('re-serializes a flow-style list and says so', () => {
    const text = 'service: exchange-online\nstart: 2021-11-25 21:33 JST\nupdates: [{at: 2021-11-25 22:00 JST, status: investigating, body: x}]\n';
    const result = succeeded(appendYamlUpdate(text, { at: '2021-11-25 23:00 JST', status: 'investigating' }, OPTIONS));
    expect(result.preserved).toBe(false);
    expect((parse(result.text) as { updates: { at: string }[] }).updates.map((update) => update.at)).toEqual(['2021-11-25 22:00 JST', '2021-11-25 23:00 JST']);
  });

  it('refuses a file with YAML syntax errors', () => {
    const result = appendYamlUpdate('updates:\n  - at: [\n', { at: '2021-11-25 23:00 JST', status: 'investigating' }, OPTIONS);
    expect(result).toMatchObject({ ok: false });
  });
});

describe('appendMarkdownUpdate', () => {
  const record = '---\nid: TM1\n---\n\nSummary.\n\n## 2022-03-10 09:12 JST — 調査中\n\n調査しています。\n';
  const update = { heading: '2022-03-10 11:00 JST — 復旧済み', body: 'TODO: 終息の状況' };

  it('appends a level-2 section after a blank line and keeps the rest', () => {
    const result = appendMarkdownUpdate(record, update, OPTIONS);
    expect(result.place).toBe('end');
    expect(insertion(record, result.text)?.text).toBe('\n## 2022-03-10 11:00 JST — 復旧済み\n\nTODO: 終息の状況\n');
  });

  it('adds a final newline to a file without one', () => {
    const result = appendMarkdownUpdate(record.trimEnd(), update, OPTIONS);
    expect(result.text).toBe(`${record}\n## 2022-03-10 11:00 JST — 復旧済み\n\nTODO: 終息の状況\n`);
  });

  it('inserts before the first update heading when updates are newest first', () => {
    const newestFirst = '---\nid: TM1\n---\n\nSummary.\n\n## 2022-03-10 10:00 JST — 復旧作業中\n\nB\n\n## 2022-03-10 09:12 JST — 調査中\n\nA\n';
    const result = appendMarkdownUpdate(newestFirst, update, OPTIONS);
    expect(result.place).toBe('start');
    const block = '## 2022-03-10 11:00 JST — 復旧済み\n\nTODO: 終息の状況\n\n';
    expect(insertedAt(newestFirst, result.text, block, '---\nid: TM1\n---\n\nSummary.\n\n'.length)).toBe(true);
  });

  it('keeps CRLF line endings', () => {
    const crlf = record.replace(/\n/g, '\r\n');
    const added = insertion(crlf, appendMarkdownUpdate(crlf, update, OPTIONS).text);
    expect(added?.text).toBe('\r\n## 2022-03-10 11:00 JST — 復旧済み\r\n\r\nTODO: 終息の状況\r\n');
  });
});

function captureEnvironment(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd,
    env: { KOKUCHI_NOW: '2026-11-27T01:00:00Z', ...env },
  };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copySampleContent(): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-update-'));
  temporary.push(cwd);
  await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  return cwd;
}

describe('kokuchi update', () => {
  it('adds an update to a YAML record, changing nothing else, and check reports only its placeholders', async () => {
    const cwd = await copySampleContent();
    const file = path.join(cwd, 'content/incidents/2021/EX300267.yaml');
    const before = await readFile(file, 'utf8');
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'ex300267', '--status', 'Post-incident report published', '--at', '2021-12-03 10:00 JST', '--next', '2021-12-04 10:00 JST'], run.environment)).toBe(0);
    expect(run.stdout()).toBe('content/incidents/2021/EX300267.yaml\n');
    const added = insertion(before, await readFile(file, 'utf8'));
    expect(added?.text).toContain('  - at: "2021-12-03 10:00 JST"\n    status: post-incident-report-published\n');
    expect(added?.text).toContain('    next_update: "2021-12-04 10:00 JST"\n');
    expect(run.stderr()).toContain('the record sets status: service-restored');
    const check = captureEnvironment(cwd);
    expect(await main(['check', '--format', 'json'], check.environment)).toBe(0);
    const problems = (JSON.parse(check.stdout()) as { file: string; rule: string; severity: string }[]).filter((item) => item.file.endsWith('EX300267.yaml'));
    expect(problems.map((item) => `${item.severity} ${item.rule}`)).toEqual(['warning placeholder', 'warning placeholder']);
  });

  it('uses the current time for --at now and when --at is left out', async () => {
    const cwd = await copySampleContent();
    expect(await main(['update', 'MO1180412', '--status', 'restoring-service', '--at', 'now'], captureEnvironment(cwd).environment)).toBe(0);
    const text = await readFile(path.join(cwd, 'content/incidents/2026/MO1180412.yaml'), 'utf8');
    expect(text).toContain('  - at: "2026-11-27 10:00 JST"\n');
    const again = captureEnvironment(cwd, { KOKUCHI_NOW: '2026-11-27T02:15:30Z' });
    expect(await main(['update', 'MO1180412', '--status', 'restoring-service'], again.environment)).toBe(0);
    expect(await readFile(path.join(cwd, 'content/incidents/2026/MO1180412.yaml'), 'utf8')).toContain('  - at: "2026-11-27 11:15 JST"\n');
  });

  it('adds a heading with the status label in each language to both Markdown files', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'TM300512', '--status', 'post-incident-report-published', '--at', '2022-03-15 10:00 JST'], run.environment)).toBe(0);
    const en = await readFile(path.join(cwd, 'content/incidents/2022/TM300512.en.md'), 'utf8');
    const ja = await readFile(path.join(cwd, 'content/incidents/2022/TM300512.ja.md'), 'utf8');
    expect(en.endsWith('\n## 2022-03-15 10:00 JST — Post-incident report published\n\nTODO: how the incident ended and what was affected\n')).toBe(true);
    expect(ja.endsWith('\n## 2022-03-15 10:00 JST — 事後レポート公開済み\n\nTODO: 終息の状況と影響の範囲\n')).toBe(true);
    expect(await main(['check', '--strict'], captureEnvironment(cwd).environment)).toBe(1); // MO1180412's known missing translation
    const check = captureEnvironment(cwd);
    await main(['check', '--format', 'json'], check.environment);
    const problems = (JSON.parse(check.stdout()) as { file: string; rule: string; severity: string }[]).filter((item) => item.file.includes('TM300512'));
    expect(problems.map((item) => `${item.file} ${item.severity} ${item.rule}`)).toEqual([
      'content/incidents/2022/TM300512.en.md warning placeholder',
      'content/incidents/2022/TM300512.ja.md warning placeholder',
    ]);
  });

  it('writes nothing and exits 1 when the result would not be valid', async () => {
    const cwd = await copySampleContent();
    const file = path.join(cwd, 'content/incidents/2021/EX300267.yaml');
    const before = await readFile(file, 'utf8');
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX300267', '--status', 'investigating', '--at', '2021-11-26 15:02 JST'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('nothing was written');
    expect(run.stderr()).toContain('[duplicate-update]');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses a next update that is not after the update', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX300267', '--status', 'investigating', '--at', '2021-12-03 10:00 JST', '--next', '2021-12-03 09:00 JST'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('[next-update-before-update]');
  });

  it('suggests the closest id for an unknown one', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX30026', '--status', 'investigating'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('no incident has the id "EX30026"; did you mean "EX300267"?');
  });

  it('suggests the closest status for an unknown one', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX300267', '--status', 'servce-restored'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('did you mean "service-restored"?');
  });

  it('explains a time without a zone', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX300267', '--status', 'investigating', '--at', '2021-12-03 10:00'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('has no time zone');
  });

  it('updates a record that sits next to a broken one', async () => {
    const cwd = await copySampleContent();
    await writeFile(path.join(cwd, 'content/incidents/2022/BROKEN.yaml'), 'service: nope\n');
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'MO1180412', '--status', 'service-restored', '--at', '2026-11-28 18:00 JST'], run.environment)).toBe(0);
  });

  it('requires --status', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'EX300267'], run.environment)).toBe(2);
    expect(run.stderr()).toContain('--status is required');
  });
});

describe('listRecordFiles', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const snapshot = {
    root: 'content',
    diagnostics: [],
    records: [
      { path: 'content/incidents/2021/renamed.yaml', bytes: encode('id: EX9\nservice: x\n') },
      { path: 'content/incidents/2021/broken.yaml', bytes: encode('id: [\n') },
      { path: 'content/incidents/2022/notes.en.md', bytes: encode('---\nid: TM9\n---\n\nText.\n\n---\n\nid: NOT-THIS\n') },
      { path: 'content/incidents/2022/TM8.md', bytes: encode('No front matter.\n\n---\nid: NOR-THIS\n---\n') },
    ],
  };

  it('reads ids from the id key, else from the file name, and languages from the name or the default', () => {
    const files = listRecordFiles(snapshot, 'ja');
    expect(files.map((file) => [file.id, file.format, file.lang])).toEqual([
      ['EX9', 'yaml', undefined],
      ['broken', 'yaml', undefined],
      ['TM9', 'markdown', 'en'],
      ['TM8', 'markdown', 'ja'],
    ]);
    expect(findRecordFiles(files, 'tm9').map((file) => file.source.path)).toEqual(['content/incidents/2022/notes.en.md']);
  });
});

describe('kokuchi update on a file that is not UTF-8', () => {
  it('leaves the file alone and says why', async () => {
    const cwd = await copySampleContent();
    const file = path.join(cwd, 'content/incidents/2022/SJ1.yaml');
    const bytes = Buffer.concat([Buffer.from('service: exchange-online\nstart: 2022-01-01 10:00 JST\ntitle: '), Buffer.from([0x83, 0x65, 0x83, 0x58]), Buffer.from('\nupdates:\n  - at: 2022-01-01 10:00 JST\n    status: investigating\n    body: x\n')]);
    await writeFile(file, bytes);
    const run = captureEnvironment(cwd);
    expect(await main(['update', 'SJ1', '--status', 'investigating', '--at', '2022-01-01 11:00 JST'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('is not valid UTF-8');
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
  });
});
