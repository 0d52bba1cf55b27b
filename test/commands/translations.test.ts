import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { countMissingTranslations, findMissingTranslations, formatTranslationsTable } from '../../src/commands/translations.js';
import { loadContent } from '../../src/content/load.js';
import type { SiteModel } from '../../src/model.js';
import { loadFixture } from '../helpers/fixture.js';
import { SAMPLE_CONTENT, SAMPLE_SITE } from '../helpers/build.js';


const RECORD = `id: EX1
service: exchange-online
title: {en: Mail is slow, ja: メールが遅い}
summary: {en: Our summary.}
impact: {ja: 影響。, en: "TODO: impact"}
start: 2021-11-25 21:33 JST
updates:
  - at: 2021-11-25 22:00 JST
    status: investigating
    current_status: {en: Looking., ja: 調査中です。}
  - at: 2021-11-26 09:00 JST
    status: service-restored
    title: {ja: 復旧}
    final_status: {en: Fixed.}
    body: {en: Done., ja: 完了。}
`;

function fixtureModel(): SiteModel {
  const result = loadFixture({ 'incidents/2021/EX1.yaml': RECORD });
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
  return result.model;
}

describe('findMissingTranslations', () => {
  it('lists each field that has text in another language but not in this one, and placeholders', () => {
    const items = findMissingTranslations(fixtureModel());
    const brief = items.map((item) => [item.language, item.update?.at.source ?? 'incident', item.field, item.reason]);
    expect(brief).toEqual([
      ['ja', 'incident', 'summary', 'missing'],
      ['en', 'incident', 'impact', 'placeholder'],
      ['en', '2021-11-26 09:00 JST', 'title', 'missing'],
      ['ja', '2021-11-26 09:00 JST', 'final_status', 'missing'],
    ]);
    expect(items.every((item) => item.id === 'EX1' && item.file === 'content/incidents/2021/EX1.yaml')).toBe(true);
  });

  it('looks at only the languages asked for', () => {
    const items = findMissingTranslations(fixtureModel(), ['ja']);
    expect(items.map((item) => item.field)).toEqual(['summary', 'final_status']);
  });

  it('finds nothing in a fully translated incident', () => {
    const complete = RECORD.replace('summary: {en: Our summary.}', 'summary: {en: Our summary., ja: 概要。}')
      .replace('"TODO: impact"', 'Impact.')
      .replace('title: {ja: 復旧}', 'title: {ja: 復旧, en: Restored}')
      .replace('final_status: {en: Fixed.}', 'final_status: {en: Fixed., ja: 修正済み。}');
    const model = loadFixture({ 'incidents/2021/EX1.yaml': complete }).model!;
    expect(findMissingTranslations(model)).toEqual([]);
  });

  it('counts per language, with the number of incidents concerned', () => {
    const model = fixtureModel();
    expect(countMissingTranslations(findMissingTranslations(model), ['ja', 'en'])).toEqual({
      ja: { missing: 2, placeholder: 0, incidents: 1 },
      en: { missing: 1, placeholder: 1, incidents: 1 },
    });
  });

  it('prints one row per incident or update with its fields, and the totals', () => {
    const model = fixtureModel();
    const text = formatTranslationsTable(findMissingTranslations(model), ['ja', 'en'], model);
    expect(text).toBe(
      [
        'Japanese (ja): 2 texts missing in 1 incident',
        '  EX1  incident                     summary',
        '  EX1  update 2021-11-26 09:00 JST  final_status',
        '',
        'English (en): 1 text missing, 1 placeholder left in 1 incident',
        '  EX1  incident                     impact (TODO)',
        '  EX1  update 2021-11-26 09:00 JST  title',
        '',
        'Total: 3 texts missing, 1 placeholder left (ja 2, en 2)',
        '',
      ].join('\n'),
    );
  });

  it('prints the same table in Japanese, its columns aligned for wide characters', () => {
    const model = fixtureModel();
    const text = formatTranslationsTable(findMissingTranslations(model), ['ja', 'en'], model, 'ja');
    expect(text).toBe(
      [
        '日本語 (ja): 障害 1 件で、訳のない文が 2 件',
        '  EX1  障害                       summary',
        '  EX1  続報 2021-11-26 09:00 JST  final_status',
        '',
        '英語 (en): 障害 1 件で、訳のない文が 1 件、TODO のままの文が 1 件',
        '  EX1  障害                       impact (TODO)',
        '  EX1  続報 2021-11-26 09:00 JST  title',
        '',
        '合計: 訳のない文が 3 件、TODO のままの文が 1 件（ja 2、en 2）',
        '',
      ].join('\n'),
    );
    expect(formatTranslationsTable([], ['ja', 'en'], model, 'ja')).toBe('日本語 (ja): 足りない文はありません\n\n英語 (en): 足りない文はありません\n\n合計: 足りない文はありません\n');
  });
});

describe('translations of the sample content', () => {
  it('finds exactly the untranslated latest update of MO1180412', async () => {
    const result = await loadContent(SAMPLE_CONTENT, SAMPLE_SITE);
    const items = findMissingTranslations(result.model!);
    expect(items.map((item) => `${item.language} ${item.id} ${item.update?.at.iso ?? '-'} ${item.field} ${item.reason}`)).toEqual([
      'ja MO1180412 2026-11-26T09:45:00Z title missing',
      'ja MO1180412 2026-11-26T09:45:00Z impact missing',
      'ja MO1180412 2026-11-26T09:45:00Z current_status missing',
      'ja MO1180412 2026-11-26T09:45:00Z scope missing',
    ]);
  });
});

function captureEnvironment(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd,
    env: {},
  };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('kokuchi translations', () => {
  it('prints the table and exits 0 though something is missing', async () => {
    const run = captureEnvironment(SAMPLE_SITE);
    expect(await main(['translations'], run.environment)).toBe(0);
    expect(run.stdout()).toContain('Japanese (ja): 4 texts missing in 1 incident\n');
    expect(run.stdout()).toContain('MO1180412  update 2026-11-26 18:45 JST  title, impact, current_status, scope');
    expect(run.stdout()).toContain('English (en): nothing missing');
    const ja = captureEnvironment(SAMPLE_SITE);
    ja.environment.env = { LC_ALL: 'ja_JP.UTF-8' };
    expect(await main(['translations'], ja.environment)).toBe(0);
    expect(ja.stdout()).toContain('日本語 (ja): 障害 1 件で、訳のない文が 4 件\n');
    expect(ja.stdout()).toContain('MO1180412  続報 2026-11-26 18:45 JST  title, impact, current_status, scope');
    expect(ja.stdout()).toContain('英語 (en): 足りない文はありません');
  });

  it('exits 1 with --fail-on-missing when something is missing, and 0 for a language with nothing missing', async () => {
    expect(await main(['translations', '--fail-on-missing'], captureEnvironment(SAMPLE_SITE).environment)).toBe(1);
    expect(await main(['translations', '--fail-on-missing', '--lang', 'en'], captureEnvironment(SAMPLE_SITE).environment)).toBe(0);
  });

  it('prints JSON with every entry and the totals', async () => {
    const run = captureEnvironment(SAMPLE_SITE);
    expect(await main(['translations', '--format', 'json', '--lang', 'ja'], run.environment)).toBe(0);
    const report = JSON.parse(run.stdout()) as { languages: string[]; missing: { id: string; update: string | null; field: string }[]; totals: Record<string, { missing: number }> };
    expect(report.languages).toEqual(['ja']);
    expect(report.missing.map((item) => item.field)).toEqual(['title', 'impact', 'current_status', 'scope']);
    expect(report.missing[0]).toMatchObject({ id: 'MO1180412', update: '2026-11-26T09:45:00Z' });
    expect(report.totals.ja!.missing).toBe(4);
  });

  it('counts the placeholders of a new record until they are replaced', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-translations-'));
    temporary.push(cwd);
    await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
    const create = captureEnvironment(cwd);
    create.environment.env.KOKUCHI_NOW = '2026-11-27T01:00:00Z';
    expect(await main(['new', 'EX300300', '--service', 'exchange-online'], create.environment)).toBe(0);
    const run = captureEnvironment(cwd);
    expect(await main(['translations', '--lang', 'en', '--fail-on-missing'], run.environment)).toBe(1);
    expect(run.stdout()).toContain('English (en): 2 placeholders left in 1 incident');
  });

  it.each([
    [['translations', '--lang', 'fr'], "--lang must be one of the site's languages"],
    [['translations', '--format', 'github'], '--format must be human or json'],
  ])('treats %j as a usage error', async (argv, message) => {
    const run = captureEnvironment(SAMPLE_SITE);
    expect(await main(argv, run.environment)).toBe(2);
    expect(run.stderr()).toContain(message);
  });
});
