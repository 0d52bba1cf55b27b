import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, buildSample, REPO_ROOT, resolveInternal, type BuildRun } from '../helpers/build.js';
import { CORPUS_SIZE, corpusIncidents, generateCorpus } from '../helpers/generate-corpus.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

let validate: ReturnType<Ajv2020['compile']>;
beforeAll(async () => {
  const schema = JSON.parse(await readFile(path.join(REPO_ROOT, 'docs', 'api.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
});

function expectValid(value: unknown, file: string): void {
  const ok = validate(value);
  expect(ok ? [] : validate.errors!.map((error) => `${file}${error.instancePath} ${error.message}`)).toEqual([]);
}

/** Every text object (one language of a text: it has `markdown`) inside a parsed API value, with its JSON path. */
function textObjects(value: unknown, at = ''): [string, Record<string, unknown>][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => textObjects(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  const found: [string, Record<string, unknown>][] = 'markdown' in value ? [[at, value as Record<string, unknown>]] : [];
  return [...found, ...Object.entries(value).flatMap(([key, item]) => textObjects(item, `${at}/${key}`))];
}

/** A parsed API value with the `html` of every text removed: what the list carries of an incident's own file. */
function withoutHtml(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHtml);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([key]) => !('markdown' in value && key === 'html'));
  return Object.fromEntries(entries.map(([key, item]) => [key, withoutHtml(item)]));
}

/** Every API file of a build, parsed. */
function apiFiles(run: BuildRun): Map<string, any> {
  return new Map([...run.files].filter(([file]) => file.startsWith('api/v1/')).map(([file, bytes]) => [file, JSON.parse(bytes.toString('utf8'))]));
}

describe('the API of the sample content', () => {
  let run: BuildRun;
  beforeAll(async () => {
    run = await buildSample();
  });
  afterAll(() => run.remove());

  it('validates against docs/api.schema.json, file by file', () => {
    const files = apiFiles(run);
    expect([...files.keys()].sort()).toEqual(['api/v1/board.json', 'api/v1/incidents.json', 'api/v1/incidents/EX300267.json', 'api/v1/incidents/MO1180412.json', 'api/v1/incidents/TM300512.json']);
    for (const [file, value] of files) expectValid(value, file);
  });

  it('gives EX300267 in UTC with its duration in seconds, both titles, both articles and nine updates', () => {
    const { incident } = JSON.parse(run.text('api/v1/incidents/EX300267.json'));
    expect(incident.start).toBe('2021-11-25T12:33:00Z');
    expect(incident.end).toBe('2021-11-29T07:01:00Z');
    expect(incident.duration_seconds).toBe(((3 * 24 + 18) * 60 + 28) * 60);
    expect(incident.service).toEqual({ key: 'exchange-online', names: { ja: 'Exchange Online', en: 'Exchange Online' } });
    expect(incident.status).toEqual({ key: 'service-restored', labels: { ja: '復旧済み', en: 'Service restored' }, phase: 'resolved' });
    expect(incident.classification).toEqual({ key: 'incident', labels: { ja: 'インシデント', en: 'Incident' } });
    expect(Object.keys(incident.title).sort()).toEqual(['en', 'ja']);
    expect(incident.articles).toEqual({ ja: 'https://example.com/ja/incidents/ex300267/', en: 'https://example.com/en/incidents/ex300267/' });
    expect(incident.api_url).toBe('https://example.com/api/v1/incidents/EX300267.json');
    expect(incident.updates).toHaveLength(9);
    expect(incident.updates[0].at).toBe('2021-12-01T20:14:00Z');
    expect(incident.summary.en.html).toContain('<strong>non-delivery reports (NDRs)</strong>');
    expect(incident.summary.ja.markdown).toContain('**配信不能レポート（NDR）**');
  });

  it('gives text as Markdown only in the list and as Markdown and HTML in each incident\'s own file', () => {
    const list = JSON.parse(run.text('api/v1/incidents.json'));
    const listed = textObjects(list);
    expect(listed.length).toBeGreaterThan(50);
    expect(listed.filter(([, text]) => 'html' in text).map(([at]) => at)).toEqual([]);
    expect(listed.every(([, text]) => Object.keys(text).join() === 'markdown')).toBe(true);
    for (const entry of list.incidents) {
      const { incident } = JSON.parse(run.text(`api/v1/incidents/${entry.id}.json`));
      const own = textObjects(incident);
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter(([, text]) => Object.keys(text).join() !== 'markdown,html' || typeof text.html !== 'string').map(([at]) => `${entry.id}${at}`)).toEqual([]);
      expect(entry).toEqual(withoutHtml(incident));
    }
    const ex = list.incidents.find((entry: { id: string }) => entry.id === 'EX300267');
    expect(ex.summary.en).toEqual({ markdown: expect.stringContaining('**non-delivery reports (NDRs)**') });
  });

  it('leaves untranslated text out instead of copying the other language', () => {
    const { incident } = JSON.parse(run.text('api/v1/incidents/MO1180412.json'));
    expect(incident.ongoing).toBe(true);
    expect(incident.end).toBeNull();
    expect(incident.updates[0].title.ja).toBeUndefined();
    expect(incident.updates[0].title.en).toBeDefined();
  });

  it('rejects a file that breaks the contract (the schema can fail)', () => {
    const { incident } = JSON.parse(run.text('api/v1/incidents/EX300267.json'));
    expect(validate({ api_version: 1, incident: { ...incident, start: '2021-11-25 21:33 JST' } })).toBe(false);
    expect(validate({ api_version: 1, incident: { ...incident, duration_seconds: -1 } })).toBe(false);
    const { service: _service, ...withoutService } = incident;
    expect(validate({ api_version: 1, incident: withoutService })).toBe(false);
    expect(validate({ api_version: 1, incident: { ...incident, status: { ...incident.status, phase: 'paused' } } })).toBe(false);
  });

  it('rejects HTML in the list and text without HTML in an incident\'s own file (the schema can fail)', () => {
    const list = JSON.parse(run.text('api/v1/incidents.json'));
    const { incident } = JSON.parse(run.text('api/v1/incidents/EX300267.json'));
    expect(validate(list)).toBe(true);
    expect(validate({ api_version: 1, incident })).toBe(true);
    expect(validate({ ...list, incidents: [...list.incidents.slice(1), incident] })).toBe(false);
    const [first, ...rest] = list.incidents;
    const update = { ...first.updates[0], body: { en: { markdown: 'Back.', html: '<p>Back.</p>' } } };
    expect(validate({ ...list, incidents: [{ ...first, updates: [update, ...first.updates.slice(1)] }, ...rest] })).toBe(false);
    expect(validate({ api_version: 1, incident: withoutHtml(incident) })).toBe(false);
    expect(validate({ api_version: 1, incident: { ...incident, summary: { ...incident.summary, en: { markdown: incident.summary.en.markdown } } } })).toBe(false);
  });
});

describe('the API of 45 generated incidents', () => {
  let run: BuildRun;
  beforeAll(async () => {
    run = await buildFixture(generateCorpus());
  });
  afterAll(() => run.remove());

  it('lists every incident, newest start first, and each list entry equals its own file without HTML', () => {
    const list = JSON.parse(run.text('api/v1/incidents.json'));
    expectValid(list, 'api/v1/incidents.json');
    expect(list.count).toBe(CORPUS_SIZE);
    expect(list.incidents).toHaveLength(CORPUS_SIZE);
    const starts = list.incidents.map((incident: { start: string }) => Date.parse(incident.start));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    for (const incident of list.incidents) {
      const file = resolveInternal('index.html', incident.api_url, 'https://status.example.org/')!.file;
      const own = JSON.parse(run.text(file));
      expectValid(own, file);
      expect(withoutHtml(own.incident)).toEqual(incident);
    }
  });

  it('round-trips every instant: the API gives back the instants the records were written with', () => {
    const list = JSON.parse(run.text('api/v1/incidents.json'));
    const byId = new Map(list.incidents.map((incident: { id: string }) => [incident.id, incident]));
    for (const expected of corpusIncidents()) {
      const incident = byId.get(expected.id) as { start: string; end: string | null; last_updated: string; duration_seconds: number; ongoing: boolean };
      expect(incident.start).toBe(expected.start);
      expect(incident.end).toBe(expected.end);
      expect(incident.last_updated).toBe(expected.lastUpdated);
      expect(incident.ongoing).toBe(expected.ongoing);
      expect(new Date(incident.start).toISOString().replace('.000Z', 'Z')).toBe(incident.start);
      const until = expected.end ?? expected.lastUpdated;
      expect(incident.duration_seconds).toBe((Date.parse(until) - Date.parse(expected.start)) / 1000);
    }
    expect(list.updated).toBe(corpusIncidents().map((incident) => incident.lastUpdated).sort().at(-1));
  });
});
