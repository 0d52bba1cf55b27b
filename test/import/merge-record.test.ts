import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import type { ImportedIncident, ImportedUpdate } from '../../src/import/m365.js';
import { mergeIncidentRecord, type MergeOptions } from '../../src/import/merge-record.js';
import { sayImportNote } from '../../src/messages/cli-import-notes.js';
import { lines, loadFixture } from '../helpers/fixture.js';

const ms = (iso: string) => Date.parse(iso);

const update = (at: string, text: ImportedUpdate['text'], times: Partial<Record<'start' | 'end' | 'next_update', string>> = {}): ImportedUpdate => ({
  at: ms(at),
  text,
  times: Object.fromEntries(Object.entries(times).map(([key, value]) => [key, ms(value)])),
});

const IMPORTED: ImportedIncident = {
  id: 'EX1',
  service: 'exchange-online',
  classification: 'incident',
  title: 'Mail is delayed',
  impact: 'Users may see delays.',
  start: ms('2021-11-25T12:33:00Z'),
  status: 'restoring-service',
  updates: [
    update('2021-11-26T06:02:00Z', { title: 'Mail is delayed', current_status: 'We are looking into it.' }),
    update('2021-11-26T07:22:00Z', { current_status: 'We found the cause.\n\nA rule change is involved.' }, { next_update: '2021-11-26T15:30:00Z' }),
  ],
};

function options(diagnostics = new DiagnosticCollector()): MergeOptions {
  return { file: 'content/incidents/2021/EX1.yaml', primaryZone: 'Asia/Tokyo', sourceLanguage: 'en', diagnostics };
}

function merge(existing: string | undefined, imported: ImportedIncident = IMPORTED) {
  const result = mergeIncidentRecord(existing, imported, options());
  if (!result) throw new Error('merge failed');
  // The notes as an import says them in English.
  return { ...result, notes: result.notes.map((note) => sayImportNote(note, 'en')) };
}

const withPost = (post: ImportedUpdate, changes: Partial<ImportedIncident> = {}): ImportedIncident => ({ ...IMPORTED, ...changes, updates: [...IMPORTED.updates, post] });

describe('mergeIncidentRecord on a first import', () => {
  it('writes every field in English, times in UTC, one update per post', () => {
    const result = merge(undefined);
    expect(result).toMatchObject({ changed: true, created: true, notes: ['created content/incidents/2021/EX1.yaml: EX1 with 2 updates'] });
    expect(parse(result.text)).toEqual({
      id: 'EX1',
      service: 'exchange-online',
      classification: 'incident',
      source_lang: 'en',
      title: { en: 'Mail is delayed' },
      impact: { en: 'Users may see delays.' },
      start: '2021-11-25 12:33 UTC',
      status: 'restoring-service',
      updates: [
        { at: '2021-11-26 06:02 UTC', status: 'investigating', title: { en: 'Mail is delayed' }, current_status: { en: 'We are looking into it.' } },
        { at: '2021-11-26 07:22 UTC', status: 'restoring-service', current_status: { en: 'We found the cause.\n\nA rule change is involved.\n' }, next_update: '2021-11-26 15:30 UTC' },
      ],
    });
    expect(result.text).toMatch(/^# Imported from Microsoft 365 service health/u);
    expect(result.text).toContain('    current_status:\n      en: |\n        We found the cause.\n');
  });

  it('writes a record that the content loader accepts', () => {
    const loaded = loadFixture({ 'incidents/2021/EX1.yaml': merge(undefined).text });
    expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(loaded.model?.incidents[0]?.updates.map((item) => item.at.iso)).toEqual(['2021-11-26T07:22:00Z', '2021-11-26T06:02:00Z']);
  });
});

describe('mergeIncidentRecord on a re-import', () => {
  const translated = (text: string) =>
    text
      .replace('  en: Mail is delayed\n', '  en: Mail is delayed\n  ja: メールの遅延\n')
      .replace('      en: We are looking into it.\n', '      en: We are looking into it.\n      ja: 調査しています。 # hand translation\n')
      .replace('status: restoring-service\nupdates:', 'status: restoring-service\ntags: [mail]\nsummary:\n  ja: 要約\n# The official timeline\nupdates:');

  it('leaves the file byte for byte when nothing changed', () => {
    const first = translated(merge(undefined).text);
    const again = merge(first);
    expect(again).toEqual({ text: first, notes: ['unchanged EX1 (content/incidents/2021/EX1.yaml)'], changed: false, created: false });
  });

  it('adds a new post and updates a changed official field, keeping translations, comments and order', () => {
    const first = translated(merge(undefined).text);
    const next = withPost(update('2021-11-26T16:58:00Z', { current_status: 'Service is restored for most users.' }), { status: 'service-restored' });
    next.updates[0] = update('2021-11-26T06:02:00Z', { title: 'Mail is delayed', current_status: 'We are investigating.' });
    const result = merge(first, next);
    expect(result.notes).toEqual([
      'updated EX1 status: restoring-service → service-restored',
      'updated EX1 update 2021-11-26T06:02:00Z current_status.en (check its translation)',
      'added EX1 update 2021-11-26T16:58:00Z (service-restored)',
    ]);
    expect(result.text).toContain('      en: We are investigating.\n      ja: 調査しています。 # hand translation\n');
    expect(result.text).toContain('  ja: メールの遅延\n');
    expect(result.text).toContain('tags: [mail]\nsummary:\n  ja: 要約\n# The official timeline\nupdates:');
    const record = parse(result.text) as { updates: { at: string; status: string }[] };
    expect(record.updates.map((item) => [item.at, item.status])).toEqual([
      ['2021-11-26 06:02 UTC', 'investigating'],
      ['2021-11-26 07:22 UTC', 'restoring-service'],
      ['2021-11-26 16:58 UTC', 'service-restored'],
    ]);
    expect(Object.keys(parse(result.text) as object)).toEqual(['id', 'service', 'classification', 'source_lang', 'title', 'impact', 'start', 'status', 'tags', 'summary', 'updates']);
  });

  it('matches hand-written updates by instant whatever the time form, or by the same minute', () => {
    const existing = lines(
      'id: EX1',
      'service: exchange-online',
      'title: {en: Mail is delayed, ja: メールの遅延}',
      'start: 2021-11-25 21:33 JST',
      'updates:',
      '  - at: "Friday, November 26, 2021, 3:02 PM (6:02 AM UTC)"',
      '    status: investigating',
      '    current_status: {en: We are looking into it., ja: 調査しています。}',
      '  - at: 2021-11-26 16:22 JST',
      '    status: identified',
      '    current_status: {en: We found the cause., ja: 原因が分かりました。}',
    );
    const imported: ImportedIncident = {
      ...IMPORTED,
      updates: [
        update('2021-11-26T06:02:00Z', { current_status: 'We are looking into it.' }),
        update('2021-11-26T07:22:31.5Z', { current_status: 'We found the cause.' }),
        update('2021-11-26T08:00:00Z', { current_status: 'Fixing.' }),
      ],
    };
    const result = merge(existing, imported);
    // Both hand-written updates matched: only the missing impact, status and the third post are added.
    expect(result.notes).toEqual(['added EX1 impact.en', 'added EX1 status', 'added EX1 update 2021-11-26T08:00:00Z (restoring-service)']);
    const record = parse(result.text) as { updates: { at: string; status: string }[] };
    // The writer's "identified" for the second post is kept; the new post gets the status.
    expect(record.updates.map((item) => [item.at, item.status])).toEqual([
      ['Friday, November 26, 2021, 3:02 PM (6:02 AM UTC)', 'investigating'],
      ['2021-11-26 16:22 JST', 'identified'],
      ['2021-11-26 08:00 UTC', 'restoring-service'],
    ]);
  });

  it('inserts new posts at the right place in a newest-first file and adds end after start', () => {
    const existing = lines(
      'id: EX1',
      'service: exchange-online',
      'title: Mail is delayed',
      'impact: Users may see delays.',
      'start: 2021-11-25 12:33 UTC',
      'status: restoring-service',
      'updates:',
      '  - at: 2021-11-26 07:22 UTC',
      '    status: restoring-service',
      '    current_status: "We found the cause.\\n\\nA rule change is involved."',
      '    next_update: 2021-11-26 15:30 UTC',
      '  - at: 2021-11-26 06:02 UTC',
      '    status: investigating',
      '    title: Mail is delayed',
      '    current_status: We are looking into it.',
    );
    const result = merge(existing, withPost(update('2021-11-26T16:58:00Z', { final_status: 'Fixed.' }, { end: '2021-11-26T16:00:00Z' }), { end: ms('2021-11-26T16:00:00Z'), status: 'service-restored' }));
    const record = parse(result.text) as Record<string, unknown> & { updates: { at: string }[] };
    expect(Object.keys(record)).toEqual(['id', 'service', 'title', 'impact', 'start', 'end', 'status', 'updates']);
    expect(record.updates.map((item) => item.at)).toEqual(['2021-11-26 16:58 UTC', '2021-11-26 07:22 UTC', '2021-11-26 06:02 UTC']);
    // Plain strings in an English record stay plain strings.
    expect(record.title).toBe('Mail is delayed');
  });

  it('turns a plain string of a Japanese-source record into a map, keeping the Japanese', () => {
    const existing = lines('id: EX1', 'service: exchange-online', 'source_lang: ja', 'title: メールの遅延', 'start: 2021-11-25 12:33 UTC', 'updates:', '  - at: 2021-11-26 06:02 UTC', '    status: investigating', '    current_status: 調査中です。');
    const record = parse(merge(existing).text) as { title: unknown; updates: { current_status: unknown }[] };
    expect(record.title).toEqual({ ja: 'メールの遅延', en: 'Mail is delayed' });
    expect(record.updates[0]!.current_status).toEqual({ ja: '調査中です。', en: 'We are looking into it.' });
  });

  it('changes a value shared through an anchor once when every user gets the same text', () => {
    const existing = lines(
      'id: EX1',
      'service: exchange-online',
      'title: {en: Mail is delayed}',
      'start: 2021-11-25 12:33 UTC',
      'updates:',
      '  - at: 2021-11-26 06:02 UTC',
      '    status: investigating',
      '    scope: &scope {en: Some users., ja: 一部のユーザー。}',
      '    current_status: {en: We are looking into it.}',
      '  - at: 2021-11-26 07:22 UTC',
      '    status: restoring-service',
      '    scope: *scope',
      '    current_status: {en: "We found the cause.\\n\\nA rule change is involved."}',
    );
    const imported: ImportedIncident = { ...IMPORTED, updates: IMPORTED.updates.map((item) => ({ ...item, text: { ...item.text, scope: 'Users in Europe.' } })) };
    const result = merge(existing, imported);
    // The translation was made from "Some users.": translated_from remembers it (hashes of the English and the Japanese).
    expect(result.text).toContain('    scope: &scope {en: Users in Europe., ja: 一部のユーザー。, translated_from: f9168f7d/66bf07ad}\n');
    expect(result.text).toContain('    scope: *scope\n');
  });

  it('gives a place its own copy when its shared value changes differently, and moves the anchor on', () => {
    const existing = lines(
      'id: EX1',
      'service: exchange-online',
      'title: {en: Mail is delayed}',
      'start: 2021-11-25 12:33 UTC',
      'updates:',
      '  - at: 2021-11-26 06:02 UTC',
      '    status: investigating',
      '    scope: &scope {en: Some users., ja: 一部のユーザー。}',
      '    current_status: {en: We are looking into it.}',
      '  - at: 2021-11-26 07:22 UTC',
      '    status: restoring-service',
      '    scope: *scope',
      '    current_status: {en: "We found the cause.\\n\\nA rule change is involved."}',
    );
    const imported: ImportedIncident = { ...IMPORTED, updates: [{ ...IMPORTED.updates[0]!, text: { ...IMPORTED.updates[0]!.text, scope: 'Users in Europe.' } }, IMPORTED.updates[1]!] };
    const result = merge(existing, imported);
    const record = parse(result.text) as { updates: { scope: unknown }[] };
    expect(record.updates.map((item) => item.scope)).toEqual([
      { en: 'Users in Europe.', ja: '一部のユーザー。', translated_from: 'f9168f7d/66bf07ad' },
      { en: 'Some users.', ja: '一部のユーザー。' },
    ]);
    expect(result.text).toContain('    scope: {en: Users in Europe., ja: 一部のユーザー。, translated_from: f9168f7d/66bf07ad}\n');
    expect(result.text).toContain('    scope: &scope {en: Some users., ja: 一部のユーザー。}\n');
  });

  it('reports a broken existing record at its position instead of overwriting it', () => {
    const diagnostics = new DiagnosticCollector();
    expect(mergeIncidentRecord('id: EX1\ntitle: [unclosed\n', IMPORTED, options(diagnostics))).toBeUndefined();
    expect(diagnostics.items).toEqual([expect.objectContaining({ file: 'content/incidents/2021/EX1.yaml', line: 3, rule: 'yaml-syntax' })]);
  });
});
