import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/content/load.js';
import { loadFixture, type FixtureFiles } from '../helpers/fixture.js';

/** Strings a record may meet: times in every form (good and bad), statuses, ids, Markdown, YAML-looking text. */
const WORDS = [
  '2021-11-25 21:33 JST', '2021-11-25T12:33:00Z', '2021-02-29 10:00 JST', '2021-11-25 21:33', 'Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)',
  'Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)', '25:99', 'investigating', 'service-restored', 'serviceRestored', '復旧済み', 'nope',
  'exchange-online', 'microsoft-teams', 'EX1', '../x', 'CON', '', ' ', 'ja', 'en', 'fr', 'incident', 'advisory', 'https://example.com/', 'javascript:alert(1)',
  '## 2021-11-25 13:00 UTC — Investigating', '> quote', '- item', '*a*', '{{x}}', '$t(x)', '<script>', '---', 'null', '~', '&anchor', '*alias', '!!binary', '%YAML',
];
const KEYS = ['id', 'service', 'classification', 'source_lang', 'lang', 'title', 'impact', 'start', 'end', 'status', 'published', 'author', 'tags', 'links', 'draft', 'summary', 'root_cause', 'next_steps', 'updates'];
const UPDATE_KEYS = ['at', 'status', 'title', 'impact', 'more_info', 'current_status', 'final_status', 'scope', 'start', 'end', 'root_cause', 'next_steps', 'next_update', 'body'];

const word = fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: 'binary', maxLength: 8 }));
const leaf = fc.oneof(word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const localized = fc.oneof(word, fc.record({ ja: word, en: word }, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('ja', 'en', 'fr', 'xx'), leaf));
const update = fc.oneof(
  fc.dictionary(fc.constantFrom(...UPDATE_KEYS), fc.oneof(localized, leaf), { maxKeys: 6 }),
  fc.record({ at: word, status: word, body: localized }, { requiredKeys: ['at', 'status'] }),
  leaf,
);
/** Record-shaped values: known keys with right and wrong types, unknown keys, and anything at all. */
const record = fc.oneof(
  fc.record(
    {
      id: fc.oneof(word, leaf),
      service: fc.oneof(fc.constantFrom('exchange-online', 'microsoft-teams'), word, leaf),
      title: localized,
      start: fc.oneof(word, leaf),
      end: fc.oneof(word, leaf),
      status: word,
      tags: fc.oneof(fc.array(word, { maxLength: 3 }), leaf),
      links: fc.oneof(fc.array(fc.record({ title: localized, url: word }, { requiredKeys: [] }), { maxLength: 3 }), leaf),
      draft: leaf,
      summary: localized,
      updates: fc.oneof(fc.array(update, { maxLength: 4 }), leaf),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), word), fc.oneof(localized, leaf, fc.array(update, { maxLength: 2 })), { maxKeys: 8 }),
  fc.anything({ maxDepth: 3 }),
);

/** YAML text of any value (`undefined` gives an empty file). */
const stringify = (value: unknown): string => (yamlStringify(value) as string | undefined) ?? '';

/** A valid record with a few of its values replaced by arbitrary ones: some still load, some do not. */
const VALID = {
  id: 'EX1',
  service: 'exchange-online',
  title: { en: 'Mail is delayed', ja: 'メールが遅延' },
  start: '2021-11-25 21:33 JST',
  summary: { en: 'Some mail was delayed.', ja: '一部のメールが遅延しました。' },
  updates: [{ at: '2021-11-25 22:00 JST', status: 'investigating', body: { en: 'Looking.', ja: '調査中。' } }],
};
const mutated = fc
  .array(fc.tuple(fc.constantFrom(...KEYS, 'x'), fc.oneof(localized, leaf, fc.array(update, { maxLength: 2 }))), { maxLength: 2 })
  .map((changes) => ({ ...VALID, ...Object.fromEntries(changes) }));

/** Every diagnostic names a file of the fixture, a position inside it, a rule and a message. */
function expectPositioned(result: LoadResult, files: FixtureFiles): void {
  const texts = new Map(Object.entries(files).map(([file, content]) => [file.startsWith('content/') ? file : `content/${file}`, content]));
  for (const item of result.diagnostics) {
    const described = JSON.stringify(item);
    expect(item.severity === 'error' || item.severity === 'warning', described).toBe(true);
    expect(item.rule, described).toMatch(/^[a-z][a-z0-9-]*$/u);
    expect(item.message.trim(), described).not.toBe('');
    expect(Number.isInteger(item.line) && item.line >= 1, described).toBe(true);
    expect(Number.isInteger(item.column) && item.column >= 1, described).toBe(true);
    const content = texts.get(item.file);
    // Lines are counted as the loader counts them: CR LF, a lone CR and LF each end a line.
    if (typeof content === 'string') expect(item.line, described).toBeLessThanOrEqual(content.split(/\r\n?|\n/u).length + 1);
  }
  if (!result.model) expect(result.diagnostics.some((item) => item.severity === 'error'), 'no model but no error').toBe(true);
}

const load = (files: FixtureFiles): LoadResult => {
  let result: LoadResult | undefined;
  expect(() => {
    result = loadFixture(files);
  }).not.toThrow();
  expectPositioned(result!, files);
  return result!;
};

describe('the loader, given arbitrary records', () => {
  it('returns a model or positioned diagnostics for any YAML record, never an exception', () => {
    let models = 0;
    fc.assert(
      fc.property(fc.oneof(record, mutated), (value) => {
        if (load({ 'incidents/EX1.yaml': stringify(value) }).model) models += 1;
      }),
      { numRuns: 400 },
    );
    // Both outcomes were exercised.
    expect(models).toBeGreaterThan(20);
    expect(models).toBeLessThan(380);
  });

  it('returns a model or positioned diagnostics for any Markdown record, never an exception', () => {
    const heading = fc.tuple(word, fc.constantFrom(' — ', ' - ', ' | ', ' ', ''), word).map(([time, separator, status]) => `## ${time}${separator}${status}`);
    fc.assert(
      fc.property(record, fc.array(fc.oneof(heading, word), { maxLength: 6 }), fc.constantFrom('EX2.en.md', 'EX2.ja.md', 'EX2.md', 'EX2.fr.md'), (frontMatter, body, name) => {
        const yamlText = stringify(frontMatter);
        load({ [`incidents/${name}`]: `---\n${yamlText}---\n\n${body.join('\n\n')}\n` });
      }),
      { numRuns: 200 },
    );
  });

  it('returns diagnostics for any bytes, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), (bytes, text) => {
        load({ 'incidents/EX1.yaml': bytes, 'incidents/EX2.en.md': text });
      }),
      { numRuns: 200 },
    );
  });

  it('returns a configuration error or a model for any site.yaml and services.yaml, never an exception', () => {
    fc.assert(
      fc.property(record, fc.dictionary(word, fc.oneof(localized, leaf), { maxKeys: 4 }), (site, services) => {
        const result = load({ 'site.yaml': stringify(site), 'services.yaml': stringify(services), 'incidents/EX1.yaml': 'id: EX1\n' });
        if (result.configurationError) expect(result.model).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('still builds the valid records next to arbitrary broken ones', () => {
    const valid = 'service: exchange-online\ntitle: {en: T, ja: T}\nstart: 2021-11-25 21:33 JST\nupdates:\n  - {at: 2021-11-25 22:00 JST, status: investigating, body: {en: x, ja: x}}\n';
    fc.assert(
      fc.property(record, (value) => {
        const result = load({ 'incidents/A.yaml': valid, 'incidents/B.yaml': stringify(value) });
        const errors = result.diagnostics.filter((item) => item.severity === 'error');
        // An error in B never lands in A (except a duplicate id, which names both).
        expect(errors.filter((item) => item.file === 'content/incidents/A.yaml' && item.rule !== 'duplicate-id')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
