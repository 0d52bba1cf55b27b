import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenKeys, type UiStrings } from '../../src/render/i18n.js';
import { STATUSES } from '../../src/statuses.js';
import { buildFixture, copyTemplates, TEMPLATES } from '../helpers/build.js';
import { lines } from '../helpers/fixture.js';

const readStrings = async (lang: string) => JSON.parse(await readFile(path.join(TEMPLATES, `locales/${lang}.json`), 'utf8')) as UiStrings;
const ja = await readStrings('ja');
const en = await readStrings('en');

/** Every leaf key as written, plural suffixes kept. */
function rawKeys(strings: UiStrings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [full] : rawKeys(value, full);
  });
}

function lookup(strings: UiStrings, key: string): unknown {
  let value: unknown = strings;
  for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as UiStrings)[part] : undefined;
  return value;
}

const PLURAL = /_(zero|one|two|few|many|other)$/u;

describe('the UI strings', () => {
  it('have the same keys in Japanese and English', () => {
    expect(flattenKeys(ja)).toEqual(flattenKeys(en));
    expect(flattenKeys(ja).length).toBeGreaterThan(20);
  });

  it('use only the plural forms each language has: en _one/_other, ja _other', () => {
    const plurals = (strings: UiStrings) => rawKeys(strings).filter((key) => PLURAL.test(key));
    for (const key of plurals(ja)) expect(key, `ja ${key}`).toMatch(/_other$/u);
    for (const key of plurals(en)) expect(key, `en ${key}`).toMatch(/_(one|other)$/u);
    const bases = (strings: UiStrings) => [...new Set(plurals(strings).map((key) => key.replace(PLURAL, '')))].sort();
    expect(bases(ja)).toEqual(bases(en));
    for (const base of bases(en)) {
      expect(rawKeys(en), base).toEqual(expect.arrayContaining([`${base}_one`, `${base}_other`]));
      expect(rawKeys(ja), base).toContain(`${base}_other`);
    }
  });

  it('are never empty', () => {
    for (const [lang, strings] of [['ja', ja], ['en', en]] as const) {
      for (const key of rawKeys(strings)) expect((lookup(strings, key) as string).trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('label every built-in status and both classifications in both languages', () => {
    for (const status of STATUSES) {
      expect(lookup(ja, `status.${status.key}`), `ja status.${status.key}`).toEqual(expect.any(String));
      expect(lookup(en, `status.${status.key}`), `en status.${status.key}`).toEqual(expect.any(String));
    }
    for (const classification of ['incident', 'advisory']) {
      expect(lookup(ja, `classification.${classification}`)).toEqual(expect.any(String));
      expect(lookup(en, `classification.${classification}`)).toEqual(expect.any(String));
    }
  });

  it('carry the notes and labels the issue names', () => {
    expect(lookup(ja, 'untranslated')).toBe('未翻訳（原文を表示しています）');
    expect(lookup(en, 'untranslated')).toBe('Not yet translated; showing the original');
    const labels: Record<string, [string, string]> = {
      impact: ['ユーザーへの影響', 'User impact'],
      moreInfo: ['詳細情報', 'More info'],
      currentStatus: ['現在の状況', 'Current status'],
      finalStatus: ['最終状況', 'Final status'],
      scope: ['影響範囲', 'Scope of impact'],
      start: ['開始時刻', 'Start time'],
      end: ['終了時刻', 'End time'],
      rootCause: ['根本原因', 'Root cause'],
      nextSteps: ['次のステップ', 'Next steps'],
      nextUpdate: ['次回の更新予定', 'Next update by'],
    };
    for (const [key, [jaLabel, enLabel]] of Object.entries(labels)) {
      expect(lookup(ja, `labels.${key}`)).toBe(jaLabel);
      expect(lookup(en, `labels.${key}`)).toBe(enLabel);
    }
  });
});

const RECORD = {
  'content/incidents/EX1.yaml': lines(
    'id: EX1',
    'service: exchange-online',
    'title: {en: Mail is delayed, ja: メールが遅延している}',
    'start: 2021-11-25 21:33 JST',
    'impact: {en: Some mail was delayed., ja: 一部のメールが遅延しました。}',
    'updates:',
    '  - at: 2021-11-25 22:00 JST',
    '    status: investigating',
    '    body: {en: We are looking into it., ja: 調査しています。}',
  ),
};

/** Inserts `line` after the first line of `text` that contains `anchor`; returns the text and the inserted line's number. */
function insertAfter(text: string, anchor: string, line: string): { text: string; line: number } {
  const rows = text.split('\n');
  const index = rows.findIndex((row) => row.includes(anchor));
  if (index < 0) throw new Error(`no line contains ${anchor}`);
  rows.splice(index + 1, 0, line);
  return { text: rows.join('\n'), line: index + 2 };
}

describe('a template that asks for something the view lacks', () => {
  it('fails the build with a positioned template-render error for a missing view field', async () => {
    let inserted = 0;
    const run = await buildFixture(RECORD, { templatesDir: 'templates' }, async (cwd) => {
      await copyTemplates(cwd, {
        'incident.hbs': (text) => {
          const edited = insertAfter(text, '<article', '  <p>{{incident.severity}}</p>');
          inserted = edited.line;
          return edited.text;
        },
      });
    });
    try {
      expect(run.result.ok).toBe(false);
      // The column is that of the name inside the braces.
      expect(run.result.diagnostics).toEqual([
        expect.objectContaining({ file: 'templates/incident.hbs', line: inserted, column: 8, rule: 'template-render', severity: 'error', message: expect.stringContaining('severity') }),
      ]);
      expect(run.files.size).toBe(0);
    } finally {
      await run.remove();
    }
  });

  it('fails the build with a positioned template-render error for a UI string the locale lacks', async () => {
    let inserted = 0;
    const run = await buildFixture(RECORD, { templatesDir: 'templates' }, async (cwd) => {
      await copyTemplates(cwd, {
        'layouts/base.hbs': (text) => {
          const edited = insertAfter(text, '<body', '<p>{{page.ui.labels.noSuchLabel}}</p>');
          inserted = edited.line;
          return edited.text;
        },
      });
    });
    try {
      expect(run.result.ok).toBe(false);
      expect(run.result.diagnostics).toContainEqual(
        expect.objectContaining({ file: 'templates/layouts/base.hbs', line: inserted, column: 6, rule: 'template-render', message: expect.stringContaining('noSuchLabel') }),
      );
    } finally {
      await run.remove();
    }
  });

  it('fails the build with a missing-ui-string error naming the key and the locale file', async () => {
    const run = await buildFixture(RECORD, { templatesDir: 'templates' }, async (cwd) => {
      await copyTemplates(cwd, {
        'locales/en.json': (text) => {
          const strings = JSON.parse(text) as { status: Record<string, string> };
          delete strings.status.investigating;
          return `${JSON.stringify(strings, null, 2)}\n`;
        },
      });
    });
    try {
      expect(run.result.ok).toBe(false);
      expect(run.result.diagnostics).toContainEqual(
        expect.objectContaining({ file: 'templates/locales/en.json', rule: 'missing-ui-string', severity: 'error', message: expect.stringContaining('status.investigating') }),
      );
      expect(run.result.diagnostics.every((item) => item.line >= 1 && item.column >= 1)).toBe(true);
      expect(run.files.size).toBe(0);
    } finally {
      await run.remove();
    }
  });
});
