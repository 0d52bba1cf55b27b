import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type LoadResult } from '../../src/content/load.js';
import type { Incident } from '../../src/model.js';
import { diagnostic, loadFixture } from '../helpers/fixture.js';
import { SAMPLE_CONTENT, SAMPLE_SITE } from '../helpers/build.js';


describe('the sample content', () => {
  let result: LoadResult;
  const incident = (id: string): Incident => {
    const found = result.model?.incidents.find((item) => item.id === id);
    if (!found) throw new Error(`no incident ${id}`);
    return found;
  };

  beforeAll(async () => {
    result = await loadContent(SAMPLE_CONTENT, SAMPLE_SITE);
  });

  it('loads with no errors and only the warning about the ongoing advisory', () => {
    expect(result.configurationError).toBe(false);
    expect(result.diagnostics).toEqual([
      diagnostic(
        'content/incidents/2026/MO1180412.yaml',
        76,
        5,
        'missing-translation',
        'the update at Thursday, November 26, 2026, 6:45 PM (9:45 AM UTC) has no Japanese text for title, impact, current_status, scope',
        'warning',
      ),
    ]);
  });

  it('holds the three incidents, newest start first', () => {
    expect(result.model?.incidents.map((item) => item.id)).toEqual(['MO1180412', 'TM300512', 'EX300267']);
  });

  it('has EX300267 with its nine updates, newest first', () => {
    const ex = incident('EX300267');
    expect(ex.updates).toHaveLength(9);
    const times = ex.updates.map((update) => update.at.epochMs);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(9);
    expect(ex.updates[8]?.at.iso).toBe('2021-11-26T06:02:00Z');
    expect(ex.updates[0]?.at.iso).toBe('2021-12-01T20:14:00Z');
    expect(ex.lastUpdated.iso).toBe('2021-12-01T20:14:00Z');
  });

  it('has EX300267 starting at 2021-11-25T12:33:00Z and ending at 2021-11-29T07:01:00Z', () => {
    const ex = incident('EX300267');
    expect(ex.start.iso).toBe('2021-11-25T12:33:00Z');
    expect(ex.end?.iso).toBe('2021-11-29T07:01:00Z');
    expect(ex).toMatchObject({ service: 'exchange-online', status: 'service-restored', phase: 'resolved', ongoing: false, sourceLang: 'en' });
    expect(ex.sources).toEqual([{ path: 'content/incidents/2021/EX300267.yaml', format: 'yaml' }]);
  });

  it('has EX300267 in both languages throughout', () => {
    const ex = incident('EX300267');
    for (const text of [ex.title, ex.summary, ...ex.updates.map((update) => update.body), ...ex.updates.flatMap((update) => Object.values(update.fields))]) {
      expect(Object.keys(text).sort()).toEqual(Object.keys(text).length === 0 ? [] : ['en', 'ja']);
    }
    expect(ex.updates.every((update) => Object.keys(update.fields).length > 0 || Object.keys(update.body).length > 0)).toBe(true);
    expect(ex.updates.some((update) => update.nextUpdate !== undefined)).toBe(true);
  });

  it('has the Markdown incident merged from its two files', () => {
    const tm = incident('TM300512');
    expect(tm.sources.map((source) => `${source.path} ${source.lang}`)).toEqual([
      'content/incidents/2022/TM300512.en.md en',
      'content/incidents/2022/TM300512.ja.md ja',
    ]);
    expect(tm.updates.map((update) => `${update.at.iso} ${update.status}`)).toEqual([
      '2022-03-10T04:05:00Z service-restored',
      '2022-03-10T02:20:00Z restoring-service',
      '2022-03-10T01:05:00Z restoring-service',
      '2022-03-10T00:12:00Z investigating',
    ]);
    expect(tm.updates.every((update) => update.body.en && update.body.ja)).toBe(true);
  });

  it('resolves the Japanese file heading statuses from Japanese labels', () => {
    const path = 'content/incidents/2022/TM300512.ja.md';
    const text = readFileSync(`${SAMPLE_SITE}/${path}`, 'utf8');
    expect(text).toMatch(/^## .*調査中$/mu);
    const japaneseOnly = loadFixture({ [path]: text });
    expect(japaneseOnly.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(japaneseOnly.model?.incidents[0]?.updates.map((update) => update.status)).toEqual(['service-restored', 'restoring-service', 'restoring-service', 'investigating']);
  });

  it('has an ongoing advisory with no end', () => {
    const mo = incident('MO1180412');
    expect(mo).toMatchObject({ classification: 'advisory', ongoing: true, phase: 'active', status: 'restoring-service' });
    expect(mo.end).toBeUndefined();
    expect(mo.updates[0]?.body).toEqual({});
    expect(mo.updates[0]?.fields.current_status?.ja).toBeUndefined();
    expect(mo.updates[0]?.fields.current_status?.en).toBeTruthy();
  });
});
