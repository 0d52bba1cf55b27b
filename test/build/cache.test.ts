import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';
import { pagePaths } from '../../src/render/urls.js';
import { CORPUS_BOUNDARY_INDEX, CORPUS_ONGOING, CORPUS_SERVICES, corpusIncidents, generateCorpus } from '../helpers/generate-corpus.js';
import { readTree, TEMPLATES, type OutputTree } from '../helpers/build.js';

/**
 * An incident of the 90-day history that its service's first page does not list: the corpus has one
 * every 16 days, the services in turn, and 42 (the same service, later, not ongoing) is that service's
 * newest. Its year is the "as of" year, so the service page's calendar shows it too.
 */
const HISTORY_ONLY_INDEX = 39;

let root: string;
let content: string;
let templates: string;

async function buildInto(out: string, options: Partial<BuildOptions> = {}): Promise<OutputTree> {
  await buildResult(out, options);
  return readTree(out);
}

async function buildResult(out: string, options: Partial<BuildOptions> = {}): Promise<BuildResult> {
  const result = await build({ cwd: root, contentDir: content, templatesDir: templates, outDir: out, drafts: false, strict: false, workers: 2, ...options });
  expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  return result;
}

/** A build with no cache at all into a fresh folder: what every cached build must equal. */
async function reference(): Promise<OutputTree> {
  const out = path.join(root, `reference-${Math.random().toString(36).slice(2)}`);
  const tree = await buildInto(out, { cacheDir: false });
  await rm(out, { recursive: true, force: true });
  return tree;
}

function expectSameTree(actual: OutputTree, expected: OutputTree): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const different = [...expected].filter(([file, bytes]) => !actual.get(file)?.equals(bytes)).map(([file]) => file);
  expect(different).toEqual([]);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-cache-'));
  content = path.join(root, 'content');
  for (const [file, text] of Object.entries(generateCorpus())) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  templates = path.join(root, 'templates');
  await cp(TEMPLATES, templates, { recursive: true });
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the build cache', () => {
  it('makes nothing when nothing changed, and after a text edit none of the board, history and calendar pages it does not show on', async () => {
    const out = path.join(root, 'dist-made');
    // Pagefind indexes every article again each build (it runs when search is on).
    const options = { cacheDir: path.join(root, 'cache-made'), search: false };
    expect((await buildResult(out, options)).stats!.made.length).toBeGreaterThan(100);
    // Nothing, not even the minified stylesheet and script (minifying starts esbuild).
    expect((await buildResult(out, options)).stats!.made).toEqual([]);

    // An old incident's summary: the board, the 90-day histories and the calendars (on the first
    // listing pages, drawn from every incident) don't show it, so they are kept, not drawn again.
    const incident = corpusIncidents()[5]!;
    const record = path.join(content, 'incidents', incident.start.slice(0, 4), `${incident.id}.yaml`);
    await writeFile(record, (await readFile(record, 'utf8')).replace('summary: {en: "Generated incident number 6.', 'summary: {en: "Generated incident number 6 (edited).'));
    const made = new Set((await buildResult(out, options)).stats!.made);
    expect(made).toContain(pagePaths.incident('en', incident.slug));
    expect(made).toContain(pagePaths.incident('ja', incident.slug));
    const kept = ['ja', 'en'].flatMap((lang) => [pagePaths.index(lang), pagePaths.year(lang, 2025), ...CORPUS_SERVICES.filter((key) => key !== incident.service).map((key) => pagePaths.service(lang, key))]);
    expect(kept.filter((file) => made.has(file))).toEqual([]);
    const reference = path.join(root, 'reference-made');
    await buildResult(reference, { cacheDir: false, search: false });
    expectSameTree(await readTree(out), await readTree(reference));
  }, 240_000);

  it('never changes the output: cold, warm, after an edit, after template and UI-string changes, after tampering', async () => {
    const out = path.join(root, 'dist');
    const cacheDir = path.join(root, 'cache');

    const cold = await buildInto(out, { cacheDir });
    expectSameTree(cold, await reference());

    const warm = await buildInto(out, { cacheDir });
    expectSameTree(warm, cold);

    const records = Object.keys(generateCorpus()).filter((file) => file.includes('/incidents/')).sort();
    const edited = path.join(root, records[5]!);
    await writeFile(edited, (await readFile(edited, 'utf8')).replace(/title:/u, 'author: Edited writer\ntitle:'));
    expectSameTree(await buildInto(out, { cacheDir }), await reference());

    const incidentTemplate = path.join(templates, 'incident.hbs');
    await writeFile(incidentTemplate, `${await readFile(incidentTemplate, 'utf8')}<p class="cache-probe">probe</p>\n`);
    const locale = path.join(templates, 'locales', 'en.json');
    await writeFile(locale, (await readFile(locale, 'utf8')).replace('"Root cause"', '"Root cause (cache probe)"'));
    const afterTemplates = await buildInto(out, { cacheDir });
    expectSameTree(afterTemplates, await reference());
    expect([...afterTemplates].some(([file, bytes]) => file.endsWith('.html') && bytes.includes('cache-probe'))).toBe(true);

    const article = [...afterTemplates.keys()].find((file) => file.startsWith('en/incidents/'))!;
    await writeFile(path.join(out, article), 'tampered');
    expectSameTree(await buildInto(out, { cacheDir }), await reference());
  }, 240_000);

  it('keeps listings, feeds, the API list and the sitemap exact when incidents change, move, come and go', async () => {
    const out = path.join(root, 'dist-moves');
    const cacheDir = path.join(root, 'cache-moves');
    // One incident per listing page: a page's language versions then depend on how many incidents the
    // same year has in the other language's zone.
    const siteFile = path.join(content, 'site.yaml');
    await writeFile(siteFile, (await readFile(siteFile, 'utf8')).replace(/^page_size: \d+$/mu, 'page_size: 1'));
    await buildInto(out, { cacheDir });
    const records = Object.keys(generateCorpus()).filter((file) => file.includes('/incidents/')).sort();
    const boundary = records.find((file) => file.endsWith(`/${corpusIncidents()[CORPUS_BOUNDARY_INDEX]!.id}.yaml`))!;
    const edit = async (record: string, change: (text: string) => string) => {
      const file = path.join(root, record);
      await writeFile(file, change(await readFile(file, 'utf8')));
    };
    const steps: [string, () => Promise<void>][] = [
      // A new title shows in listings, feeds and the API list (whose other entries are copied from the last build).
      ['retitled', () => edit(records[30]!, (text) => text.replace(/title: \{en: "/u, 'title: {en: "Retitled: '))],
      // Another service: service pages, their feeds and every page's browse counts change.
      ['moved to another service', () => edit(records[12]!, (text) => text.replace(/^service: (.*)$/mu, (_, key: string) => `service: ${key === 'exchange-online' ? 'microsoft-teams' : 'exchange-online'}`))],
      // From 2025 to 2024 in JST only (it stays in 2024 in UTC): the English 2024 pages show the same
      // incidents as before, but one more of them now has a Japanese version.
      ['moved across the new year in one zone', () => edit(boundary, (text) => text.replace('start: 2024-12-31 20:00 UTC', 'start: 2024-12-31 10:00 UTC'))],
      // An ongoing incident ends: its service's state on the board, in the badges and in the Statuspage
      // API's components and status (files that list no incident) changes.
      [
        'resolved',
        () =>
          edit(records.find((file) => file.endsWith(`/${corpusIncidents()[CORPUS_ONGOING[0]!]!.id}.yaml`))!, (text) => {
            const start = Date.parse(/^start: (.*) UTC$/mu.exec(text)![1]!.replace(' ', 'T') + ':00Z');
            const at = new Date(start + 5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
            return `${text.replace(/^(start: .*)$/mu, `$1\nend: ${at} UTC`)}  - at: ${at} UTC\n    status: service-restored\n    current_status: {en: "Over.", ja: "解消しました。"}\n`;
          }),
      ],
      // An incident in the 90-day history that no first page lists (its service's newest is a later one)
      // lasts two days longer: the days drawn on its service's page, the front index and its year's page
      // change, though none of them lists it.
      [
        'lasted longer',
        () =>
          edit(records.find((file) => file.endsWith(`/${corpusIncidents()[HISTORY_ONLY_INDEX]!.id}.yaml`))!, (text) => {
            const later = (line: RegExp) => {
              const [whole, time] = line.exec(text)!;
              const moved = new Date(Date.parse(time!.replace(' ', 'T') + ':00Z') + 2 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
              return [whole, whole.replace(time!, moved)] as const;
            };
            const end = later(/^end: (.*) UTC$/mu);
            const restored = later(/^ {2}- at: (.*) UTC\n {4}status: service-restored$/mu);
            return text.replace(end[0], end[1]).replace(restored[0], restored[1]);
          }),
      ],
      // One fewer: every index page after it shifts, counts change.
      ['removed', () => rm(path.join(root, records[3]!))],
      // A new one, newest of all: first on the first page and in every feed.
      [
        'added',
        async () => {
          const text = await readFile(path.join(root, records[40]!), 'utf8');
          const id = /^id: (\S+)$/mu.exec(text)![1]!;
          const added = path.join(root, path.dirname(records[40]!), `${id}9.yaml`);
          await writeFile(added, text.replace(`id: ${id}`, `id: ${id}9`));
        },
      ],
      // The API list changed on disk behind the build's back (same size): it must be made again, not pieced.
      [
        'list tampered',
        async () => {
          const list = path.join(out, 'api', 'v1', 'incidents.json');
          const bytes = await readFile(list);
          await writeFile(list, Buffer.from(bytes.toString('latin1').replace('"id":"', '"id":"X').slice(0, bytes.length), 'latin1'));
        },
      ],
    ];
    for (const [step, change] of steps) {
      await change();
      const cached = await buildInto(out, { cacheDir });
      const expected = await reference();
      const different = [...new Set([...cached.keys(), ...expected.keys()])].filter((file) => !cached.get(file)?.equals(expected.get(file) ?? Buffer.alloc(0)));
      expect({ step, different }).toEqual({ step, different: [] });
    }
  }, 240_000);
});
