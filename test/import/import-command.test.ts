import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { REPO_ROOT } from '../helpers/build.js';
import { runMain, sampleWorkspace } from '../helpers/workspace.js';
import { textHash } from '../../src/import/translation-outdated.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/m365');
const RECORD = 'content/incidents/2021/EX300267.yaml';

/** A copy of the sample content/ without its hand-written EX300267, plus the fixtures under fixtures/. */
async function workspace(): Promise<string> {
  const cwd = await sampleWorkspace('import');
  await rm(path.join(cwd, RECORD));
  await cp(FIXTURES, path.join(cwd, 'fixtures'), { recursive: true });
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args);

const read = (cwd: string, file: string) => readFile(path.join(cwd, file), 'utf8');

interface RecordShape {
  id: string;
  service: string;
  status: string;
  start: string;
  end?: string;
  title: { en: string; ja?: string };
  updates: { at: string; status: string; next_update?: string; current_status?: { en: string; ja?: string } }[];
}

async function expectContentLoads(cwd: string) {
  const result = await loadContent(path.join(cwd, 'content'), cwd);
  expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  expect(result.model).toBeDefined();
  return result.model!;
}

describe('kokuchi import m365', () => {
  it('writes a first import into content/incidents/<JST year>/<id>.yaml with the posts as English updates', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'm365', 'fixtures/ex300267.json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`created ${RECORD}: EX300267 with 6 updates\n`);
    expect(result.stdout).toContain('imported 1 issue from fixtures/ex300267.json: 1 file created, 0 updated\n');

    const record = parse(await read(cwd, RECORD)) as RecordShape;
    expect(record).toMatchObject({ id: 'EX300267', service: 'exchange-online', status: 'restoring-service', start: '2021-11-25 12:33 UTC', source_lang: 'en' });
    expect(record.end).toBeUndefined();
    expect(record.updates.map((item) => [item.at, item.status, item.next_update])).toEqual([
      ['2021-11-26 06:02 UTC', 'investigating', undefined],
      ['2021-11-26 06:16 UTC', 'investigating', '2021-11-26 07:30 UTC'],
      ['2021-11-26 07:22 UTC', 'investigating', '2021-11-26 09:30 UTC'],
      ['2021-11-26 09:23:41.370 UTC', 'investigating', '2021-11-26 11:30 UTC'],
      ['2021-11-26 11:12 UTC', 'investigating', '2021-11-26 13:30 UTC'],
      ['2021-11-26 14:06 UTC', 'restoring-service', '2021-11-26 15:30 UTC'],
    ]);

    const model = await expectContentLoads(cwd);
    const incident = model.incidents.find((item) => item.id === 'EX300267')!;
    expect(incident.sourceLang).toBe('en');
    expect(incident.start.iso).toBe('2021-11-25T12:33:00Z');
    // "Next update by: Friday, November 26, 2021, at 3:30 PM UTC" is already the 27th in Japan.
    expect(incident.updates[0]!.nextUpdate?.iso).toBe('2021-11-26T15:30:00Z');
    expect(incident.updates[0]!.fields.current_status).toEqual({ en: "We're preparing a plan to reverse the effect of the rule change." });
    expect(incident.updates.at(-1)!.title).toEqual({ en: "Some users can't send email" });
  });

  it('keeps a hand-added Japanese translation and comment through a re-import with a new post and a changed field', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267.json')).code).toBe(0);
    const first = await read(cwd, RECORD);
    const english = "      en: We're reviewing reports that some users can't send email and are checking whether your organization is affected. We'll provide an update within 30 minutes.\n";
    expect(first).toContain(english);
    const translated = first
      .replace(english, `${english}      ja: 一部のユーザーがメールを送信できないという報告を確認しています。 # translated by hand\n`)
      .replace('title:\n  en: ', 'title:\n  ja: 一部のユーザーがメールを送信できない\n  en: ')
      .replace('updates:\n', '# Official timeline; translate each post below.\nupdates:\n');
    await writeFile(path.join(cwd, RECORD), translated);

    const dry = await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would add EX300267 update 2021-11-26T16:58:00Z (restoring-service)\n');
    expect(dry.stdout).toContain('dry run: 1 issue from fixtures/ex300267-v2.json: 0 files to create, 1 to update; nothing was written\n');
    expect(await read(cwd, RECORD)).toBe(translated);

    const result = await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('updated EX300267 update 2021-11-26T06:02:00Z current_status.en (check its translation)\n');
    expect(result.stdout).toContain('added EX300267 update 2021-11-26T16:58:00Z (restoring-service)\n');
    const merged = await read(cwd, RECORD);
    expect(merged).toContain('  ja: 一部のユーザーがメールを送信できない\n');
    expect(merged).toContain('      ja: 一部のユーザーがメールを送信できないという報告を確認しています。 # translated by hand\n');
    expect(merged).toContain('# Official timeline; translate each post below.\nupdates:\n');
    const record = parse(merged) as RecordShape;
    expect(record.updates).toHaveLength(7);
    expect(record.updates[0]!.current_status).toEqual({
      en: "We're investigating reports that some users can't send email and are checking whether your organization is affected. We'll share more within 30 minutes.",
      ja: '一部のユーザーがメールを送信できないという報告を確認しています。',
      // What the Japanese was made from: the hash of the earlier English and of the Japanese.
      translated_from: `${textHash("We're reviewing reports that some users can't send email and are checking whether your organization is affected. We'll provide an update within 30 minutes.")}/${textHash('一部のユーザーがメールを送信できないという報告を確認しています。')}`,
    });
    expect(record.updates[5]!.status).toBe('restoring-service');
    expect(record.updates[6]).toMatchObject({ at: '2021-11-26 16:58 UTC', status: 'restoring-service', next_update: '2021-11-29 22:30 UTC' });
    await expectContentLoads(cwd);

    const again = await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json');
    expect(again.stdout).toMatch(/kept EX300267 \(content\/incidents\/2021\/EX300267.yaml\): the imported data \(last modified .*\) is the same snapshot as the record's/u);
    expect(await read(cwd, RECORD)).toBe(merged);
  });

  it('adds an unknown service to the catalog with its English name and a missing-translation warning', async () => {
    const cwd = await workspace();
    const servicesBefore = await read(cwd, 'content/services.yaml');
    const result = await run(cwd, 'import', 'm365', 'fixtures/issues-collection.json');
    expect(result.code).toBe(0);
    const services = await read(cwd, 'content/services.yaml');
    expect(services).toBe(`${servicesBefore}microsoft-purview: {en: Microsoft Purview}\n`);
    const line = services.split('\n').indexOf('microsoft-purview: {en: Microsoft Purview}') + 1;
    expect(result.stderr).toContain(`content/services.yaml:${line}:1  warning  service "microsoft-purview" was added with its English name "Microsoft Purview" only  [missing-translation]`);
    expect(result.stdout).toContain('added service microsoft-purview ("Microsoft Purview") to content/services.yaml\n');

    // Starts 2025-12-31 16:30 UTC, which is 2026 in Japan.
    const advisory = parse(await read(cwd, 'content/incidents/2026/MO1193388.yaml')) as RecordShape & { classification: string };
    expect(advisory).toMatchObject({ service: 'microsoft-purview', classification: 'advisory', status: 'extended-recovery', start: '2025-12-31 16:30 UTC' });
    expect(advisory.updates.map((item) => item.status)).toEqual(['investigating', 'service-degradation', 'extended-recovery']);
    const incident = parse(await read(cwd, RECORD)) as RecordShape;
    expect(incident).toMatchObject({ status: 'service-restored', end: '2021-11-29 07:01 UTC' });

    const model = await expectContentLoads(cwd);
    expect(model.services.get('microsoft-purview')?.names).toEqual({ en: 'Microsoft Purview' });
  });

  it('maps a service through --service-map', async () => {
    const cwd = await workspace();
    await writeFile(path.join(cwd, 'map.yaml'), 'Microsoft Purview: microsoft-365-suite\n');
    const result = await run(cwd, 'import', 'm365', 'fixtures/mo1193388.json', '--service-map', 'map.yaml');
    expect(result.code).toBe(0);
    expect((parse(await read(cwd, 'content/incidents/2026/MO1193388.yaml')) as RecordShape).service).toBe('microsoft-365-suite');
    expect(await read(cwd, 'content/services.yaml')).not.toContain('purview');
  });

  it('gives a positioned error and exit code 1 for a malformed file, and writes nothing', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'm365', 'fixtures/malformed.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fixtures/malformed.json:4:3  error  JSON syntax error: expected "," or "}" after the value of "service", found a double quote  [import-json-syntax]\n');
    expect(result.stderr).toContain('import failed with 1 error; nothing was written\n');
    expect(result.stderr).not.toMatch(/\n\s+at /u);
    expect(existsSync(path.join(cwd, RECORD))).toBe(false);
  });

  it('writes nothing when the imported record would not pass the content loader', async () => {
    const cwd = await workspace();
    const issue = JSON.parse(await read(cwd, 'fixtures/mo1193388.json')) as { posts: { description: { content: string } }[] };
    // A "Next update by" before the post itself is an error in the record.
    issue.posts[0]!.description.content = issue.posts[0]!.description.content.replace('Wednesday, December 31, 2025, at 9:00 PM UTC', 'Wednesday, December 31, 2025, at 9:00 AM UTC');
    await writeFile(path.join(cwd, 'bad.json'), JSON.stringify(issue, null, 2));
    const result = await run(cwd, 'import', 'm365', 'bad.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/incidents\/2026\/MO1193388\.yaml:\d+:\d+ {2}error {2}next_update .* is not after the update itself/u);
    expect(existsSync(path.join(cwd, 'content/incidents/2026/MO1193388.yaml'))).toBe(false);
    expect(await read(cwd, 'content/services.yaml')).not.toContain('purview');
  });

  it('refuses to merge into a Markdown record', async () => {
    const cwd = await workspace();
    const issue = JSON.parse(await read(cwd, 'fixtures/mo1193388.json')) as { id: string };
    issue.id = 'TM300512';
    await writeFile(path.join(cwd, 'tm.json'), JSON.stringify(issue));
    const result = await run(cwd, 'import', 'm365', 'tm.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/incidents\/2022\/TM300512\.(en|ja)\.md:1:1 {2}error {2}TM300512 is written as Markdown here/u);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const cwd = await workspace();
    expect(await run(cwd, 'import')).toMatchObject({ code: 2, stderr: expect.stringContaining('name the source to import from') });
    expect(await run(cwd, 'import', 'pagerduty', 'x.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown source "pagerduty"') });
    expect(await run(cwd, 'import', 'm365', 'missing.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read missing.json: no such file') });
  });

  it('imports records that kokuchi check accepts and kokuchi build renders with the English timeline', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'm365', 'fixtures/issues-collection.json')).code).toBe(0);
    const check = await run(cwd, 'check');
    expect(check.code).toBe(0);
    const build = await run(cwd, 'build', '--templates', path.join(REPO_ROOT, 'templates'));
    expect(build.stderr).not.toContain('error  ');
    expect(build.code).toBe(0);
    const page = await read(cwd, 'dist/en/incidents/ex300267/index.html');
    expect(page).toContain('We reverted the rule and restored the previous block list, which resolved the impact.');
    expect(page).toContain('A recently released anti-spam rule incorrectly identified legitimate IP addresses as sources to block.');
    expect(existsSync(path.join(cwd, 'dist/ja/incidents/ex300267/index.html'))).toBe(true);
  });
});
