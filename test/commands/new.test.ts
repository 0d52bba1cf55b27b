import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { createSkeleton, skeletonFolder } from '../../src/commands/new.js';
import type { SiteConfig } from '../../src/model.js';
import { loadFixture, withTempContent } from '../helpers/fixture.js';
import { SAMPLE_CONTENT } from '../helpers/build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NOW = Date.parse('2026-11-27T01:00:00Z');

const CONFIG: SiteConfig = {
  title: { ja: 'テスト', en: 'Test' },
  description: {},
  baseUrl: 'https://example.com/',
  languages: ['ja', 'en'],
  defaultLanguage: 'ja',
  sourceLanguage: 'en',
  zones: { ja: { primary: 'Asia/Tokyo', secondary: 'UTC' }, en: { primary: 'Asia/Tokyo', secondary: 'UTC' } },
  pageSize: 20,
  feedSize: 50,
  search: true,
};

const skeleton = (overrides: Partial<Parameters<typeof createSkeleton>[0]> = {}) =>
  createSkeleton({ id: 'EX300300', service: 'exchange-online', classification: 'incident', status: 'investigating', format: 'yaml', lang: 'en', now: NOW, config: CONFIG, ...overrides });

const asFixture = (files: { relativePath: string; text: string }[]) => Object.fromEntries(files.map((file) => [file.relativePath, file.text]));

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

/** A copy of the sample content/ in a fresh temp directory. */
async function copySampleContent(): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-new-'));
  temporary.push(cwd);
  await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  return cwd;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name))).sort();
}

/** `line:column severity rule message` of a diagnostic. */
const summarize = (item: { file: string; line: number; column: number; severity: string; rule: string; message: string }) =>
  `${path.basename(item.file)}:${item.line}:${item.column} ${item.severity} ${item.rule} ${item.message}`;

/** A skeleton's texts are all placeholders: each is a warning at its value, and nothing else is reported. */
const PLACEHOLDER_WARNINGS_YAML = [
  'EX300300.yaml:10:7 warning placeholder the English title is still a "TODO:" placeholder',
  'EX300300.yaml:11:7 warning placeholder the Japanese title is still a "TODO:" placeholder',
  'EX300300.yaml:18:11 warning placeholder the English current_status of the update at 2026-11-27 10:00 JST is still a "TODO:" placeholder',
  'EX300300.yaml:19:11 warning placeholder the Japanese current_status of the update at 2026-11-27 10:00 JST is still a "TODO:" placeholder',
];
const PLACEHOLDER_WARNINGS_MD = [
  'EX300300.en.md:4:8 warning placeholder the English title is still a "TODO:" placeholder',
  'EX300300.en.md:9:1 warning placeholder the English body of the update at 2026-11-27 10:00 JST is still a "TODO:" placeholder',
  'EX300300.ja.md:10:8 warning placeholder the Japanese title is still a "TODO:" placeholder',
  'EX300300.ja.md:15:1 warning placeholder the Japanese body of the update at 2026-11-27 10:00 JST is still a "TODO:" placeholder',
];

describe('createSkeleton', () => {
  it('writes a YAML record that starts with the schema line and loads with a placeholder warning at each TODO text only', () => {
    const files = skeleton({ schemaReference: '../../../schema/incident.schema.json' });
    expect(files.map((file) => file.relativePath)).toEqual(['incidents/2026/EX300300.yaml']);
    expect(files[0]!.text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schema/incident.schema.json');
    const result = loadFixture(asFixture(files));
    expect(result.diagnostics.map(summarize)).toEqual(PLACEHOLDER_WARNINGS_YAML);
    const incident = result.model!.incidents[0]!;
    expect(incident).toMatchObject({ id: 'EX300300', service: 'exchange-online', status: 'investigating', ongoing: true, sourceLang: 'en' });
    expect(incident.start.iso).toBe('2026-11-27T01:00:00Z');
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]!.at.source).toBe('2026-11-27 10:00 JST');
    // The placeholders are never text: the title is the id until it is written.
    expect(incident.title).toEqual({ en: 'EX300300' });
    expect(incident.placeholders?.map((item) => `${item.language} ${item.field} ${item.at?.iso ?? '-'}`)).toEqual([
      'ja title -',
      'en title -',
      'ja current_status 2026-11-27T01:00:00Z',
      'en current_status 2026-11-27T01:00:00Z',
    ]);
  });

  it('writes one Markdown file per language, the source language holding the shared keys, and they load with placeholder warnings only', () => {
    const files = skeleton({ format: 'md', lang: 'ja' });
    expect(files.map((file) => file.relativePath)).toEqual(['incidents/2026/EX300300.ja.md', 'incidents/2026/EX300300.en.md']);
    expect(files[0]!.text).toContain('service: exchange-online');
    expect(files[1]!.text).not.toContain('service:');
    expect(files[0]!.text).toContain('## 2026-11-27 10:00 JST — 調査中');
    expect(files[1]!.text).toContain('## 2026-11-27 10:00 JST — Investigating');
    const result = loadFixture(asFixture(files));
    expect(result.diagnostics.map(summarize)).toEqual(PLACEHOLDER_WARNINGS_MD);
    expect(result.model!.incidents[0]!.sourceLang).toBe('ja');
    expect(result.model!.incidents[0]!.updates[0]!.body).toEqual({});
  });

  it('files the record under the year in JST and drops the seconds of the clock', () => {
    const lateOnNewYearsEve = Date.parse('2026-12-31T15:30:42Z');
    expect(skeletonFolder(lateOnNewYearsEve, CONFIG)).toBe('incidents/2027');
    const [file] = skeleton({ now: lateOnNewYearsEve });
    expect(file!.relativePath).toBe('incidents/2027/EX300300.yaml');
    expect(file!.text).toContain('start: "2027-01-01 00:30 JST"\n');
  });

  it('quotes an id that YAML would otherwise read as a number', () => {
    const files = skeleton({ id: '1234' });
    expect(files[0]!.text).toContain('id: "1234"\n');
    expect(loadFixture(asFixture(files)).model!.incidents[0]!.id).toBe('1234');
  });

  it('uses final_status for a first update whose status is already resolved', () => {
    const files = skeleton({ status: 'service-restored' });
    expect(files[0]!.text).toContain('    final_status:\n');
    const incident = loadFixture(asFixture(files)).model!.incidents[0]!;
    expect(incident.placeholders?.filter((item) => item.at).map((item) => item.field)).toEqual(['final_status', 'final_status']);
  });
});

describe('kokuchi new', () => {
  it('writes the record, prints its path, and check reports nothing about it but its placeholders', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['new', 'EX300300', '--service', 'exchange-online'], run.environment)).toBe(0);
    expect(run.stdout()).toBe('content/incidents/2026/EX300300.yaml\n');
    const text = await readFile(path.join(cwd, 'content/incidents/2026/EX300300.yaml'), 'utf8');
    const reference = /^# yaml-language-server: \$schema=(.+)$/mu.exec(text)![1]!;
    expect(existsSync(path.resolve(cwd, 'content/incidents/2026', reference))).toBe(true);

    const check = captureEnvironment(cwd);
    expect(await main(['check', '--format', 'json'], check.environment)).toBe(0);
    const diagnostics = JSON.parse(check.stdout()) as { file: string; rule: string; severity: string }[];
    const mine = diagnostics.filter((item) => item.file.includes('EX300300'));
    expect(mine.map((item) => `${item.severity} ${item.rule}`)).toEqual(Array(4).fill('warning placeholder'));
  });

  it('fails check --strict on its placeholders only, and passes once every TODO text is written, in both forms', async () => {
    for (const format of ['yaml', 'md']) {
      const content = await withTempContent({});
      temporary.push(content.cwd);
      const create = captureEnvironment(content.cwd);
      expect(await main(['new', 'TM400100', '--service', 'microsoft-teams', '--format', format, '--classification', 'advisory'], create.environment)).toBe(0);
      const strict = captureEnvironment(content.cwd);
      expect(await main(['check', '--strict', '--format', 'json'], strict.environment)).toBe(1);
      const problems = JSON.parse(strict.stdout()) as { rule: string; severity: string }[];
      expect(problems.map((item) => `${item.severity} ${item.rule}`)).toEqual(Array(4).fill('error placeholder'));
      for (const written of create.stdout().trim().split('\n')) {
        const file = path.join(content.cwd, written);
        await writeFile(file, (await readFile(file, 'utf8')).replace(/TODO: /gu, 'Written: '));
      }
      const check = captureEnvironment(content.cwd);
      expect(await main(['check', '--strict'], check.environment)).toBe(0);
      expect(check.stdout()).toContain('no problems');
    }
  });

  it('points the schema line at the project schema next to the content folder when there is one', async () => {
    const cwd = await copySampleContent();
    await cp(path.join(REPO, 'schema'), path.join(cwd, 'schema'), { recursive: true });
    expect(await main(['new', 'EX300300', '--service', 'exchange-online'], captureEnvironment(cwd).environment)).toBe(0);
    const text = await readFile(path.join(cwd, 'content/incidents/2026/EX300300.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schema/incident.schema.json');
  });

  it('refuses an id that exists in any letter case, naming the existing file, and writes nothing', async () => {
    const cwd = await copySampleContent();
    const before = await listFiles(path.join(cwd, 'content'));
    const run = captureEnvironment(cwd);
    expect(await main(['new', 'tm300512', '--service', 'microsoft-teams'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('incident TM300512 already exists: content/incidents/2022/TM300512.en.md, content/incidents/2022/TM300512.ja.md');
    expect(await listFiles(path.join(cwd, 'content'))).toEqual(before);
  });

  it('refuses an unknown service with a suggestion', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['new', 'EX300300', '--service', 'exchange-onlin'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('unknown service "exchange-onlin"; did you mean "exchange-online"?');
    expect(existsSync(path.join(cwd, 'content/incidents/2026/EX300300.yaml'))).toBe(false);
  });

  it.each([['../../evil'], ['EX 300'], ['-EX300']])('refuses the invalid id %j and writes nothing', async (id) => {
    const cwd = await copySampleContent();
    const before = await listFiles(cwd);
    const run = captureEnvironment(cwd);
    const code = await main(['new', id, '--service', 'exchange-online'], run.environment);
    expect(code === 1 || code === 2).toBe(true);
    expect(await listFiles(cwd)).toEqual(before);
  });

  it('reports the invalid id with the loader message', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['new', 'EX/300', '--service', 'exchange-online'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('"EX/300" is not a valid id');
  });

  it('refuses an unknown status with a suggestion', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(['new', 'EX300300', '--service', 'exchange-online', '--status', 'investigatin'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('did you mean "investigating"?');
  });

  it.each([
    [['new', '--service', 'exchange-online'], 'give the id'],
    [['new', 'EX300300'], '--service is required'],
    [['new', 'EX300300', '--service', 'exchange-online', '--format', 'toml'], '--format must be yaml or md'],
    [['new', 'EX300300', '--service', 'exchange-online', '--classification', 'outage'], '--classification must be incident or advisory'],
    [['new', 'EX300300', '--service', 'exchange-online', '--lang', 'fr'], '--lang must be ja or en'],
  ])('treats %j as a usage error', async (argv, message) => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd);
    expect(await main(argv, run.environment)).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('rejects an unreadable KOKUCHI_NOW as a usage error', async () => {
    const cwd = await copySampleContent();
    const run = captureEnvironment(cwd, { KOKUCHI_NOW: 'tomorrow' });
    expect(await main(['new', 'EX300300', '--service', 'exchange-online'], run.environment)).toBe(2);
    expect(run.stderr()).toContain('KOKUCHI_NOW');
  });
});

describe('kokuchi new with the facts already known', () => {
  it('takes --id, --service, both titles and a --start in the Japanese pages\' form, filing the record under the start\'s year', async () => {
    const content = await withTempContent({});
    temporary.push(content.cwd);
    const run = captureEnvironment(content.cwd);
    const args = ['new', '--id', 'EX300400', '--service', 'exchange-online', '--title-en', 'Mail: delayed "a bit"', '--title-ja', 'メールの遅延', '--start', '２０２５年１２月３１日（水）　２３：５１　ＪＳＴ'];
    expect(await main(args, run.environment)).toBe(0);
    expect(run.stdout()).toBe('content/incidents/2025/EX300400.yaml\n');
    const text = await readFile(path.join(content.cwd, 'content/incidents/2025/EX300400.yaml'), 'utf8');
    expect(text).toContain('start: "2025-12-31 23:51 JST"\n');
    expect(text).toContain('  - at: "2025-12-31 23:51 JST"\n');
    const loaded = loadFixture({ 'incidents/2025/EX300400.yaml': text });
    const incident = loaded.model!.incidents[0]!;
    expect(incident.title).toEqual({ en: 'Mail: delayed "a bit"', ja: 'メールの遅延' });
    expect(incident.start.iso).toBe('2025-12-31T14:51:00Z');
    // Only the update's texts are left to write.
    expect(loaded.diagnostics.map((item) => item.rule)).toEqual(['placeholder', 'placeholder']);
  });

  it('writes the given title into its language\'s Markdown file and a placeholder into the other', async () => {
    const files = createSkeleton({
      id: 'EX300300', service: 'exchange-online', classification: 'incident', status: 'investigating', format: 'md', lang: 'en',
      now: Date.parse('2026-11-27T01:00:00Z'), config: CONFIG, titles: { en: 'Mail is delayed' },
    });
    expect(files[0]!.text).toContain('title: Mail is delayed\n');
    expect(files[1]!.text).toContain('title: "TODO: 障害の見出し"\n');
  });

  it.each([
    [['new', 'EX1', '--id', 'EX2', '--service', 'exchange-online'], 'give the id once: "EX1" or --id "EX2"', 2],
    [['new', '--id', 'EX1', '--service', 'exchange-online', '--title-en', ' '], '--title-en is empty', 2],
  ])('treats %j as a usage error', async (argv, message, code) => {
    const content = await withTempContent({});
    temporary.push(content.cwd);
    const run = captureEnvironment(content.cwd);
    expect(await main(argv, run.environment)).toBe(code);
    expect(run.stderr()).toContain(message);
  });

  it('refuses a --start it cannot read, with the time message, and writes nothing', async () => {
    const content = await withTempContent({});
    temporary.push(content.cwd);
    const run = captureEnvironment(content.cwd);
    expect(await main(['new', 'EX1', '--service', 'exchange-online', '--start', '2021年11月25日(金) 21:33 JST'], run.environment)).toBe(1);
    expect(run.stderr()).toContain('--start "2021年11月25日(金) 21:33 JST": November 25, 2021 is a Thursday (木), not a Friday (金)');
    expect(existsSync(path.join(content.cwd, 'content/incidents/2021'))).toBe(false);
  });
});
