import { describe, expect, it } from 'vitest';
import { applyStrict } from '../../src/diagnostics.js';
import { diagnostic, editLines, lines, loadFixture, MARKDOWN_EN, MARKDOWN_JA, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';

describe('missing-translation', () => {
  it('warns about a title in one language only, at the title', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 3: 'title: Mail is delayed' }) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 3, 8, 'missing-translation', 'the title has no Japanese text', 'warning')]);
    expect(result.model?.incidents[0]?.title).toEqual({ en: 'Mail is delayed' });
  });

  it('reads a plain string as the record source language', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 3: 'title: メールが遅延している' }, ['source_lang: ja']) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 3, 8, 'missing-translation', 'the title has no English text', 'warning')]);
    expect(result.model?.incidents[0]).toMatchObject({ sourceLang: 'ja', title: { ja: 'メールが遅延している' } });
  });

  it('warns about a summary in one language only', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 6: 'summary: {ja: 一部のメールが遅延しました。}' }) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 6, 10, 'missing-translation', 'the summary has no English text', 'warning')]);
  });

  it('does not warn about text that is absent in every language', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 6: null }) });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.summary).toEqual({});
  });

  it('warns about an update with untranslated fields, naming them, at the update', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 14: '    current_status: Mail flows again.' }, ['    title: {en: Fixed}']) });
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 12, 5, 'missing-translation', 'the update at 2021-11-26 01:30 JST has no Japanese text for title, current_status', 'warning'),
    ]);
  });

  it('warns about an update that only one Markdown file has', () => {
    const result = loadFixture({
      'content/incidents/EX2.en.md': lines(...MARKDOWN_EN, '', '## 2021-11-25 17:00 UTC', '', 'A follow-up.'),
      'content/incidents/EX2.ja.md': lines(...MARKDOWN_JA),
    });
    expect(result.diagnostics).toEqual([
      diagnostic('content/incidents/EX2.en.md', 18, 1, 'missing-translation', 'the update at 2021-11-25 17:00 UTC has no Japanese text for body', 'warning'),
    ]);
    expect(result.model?.incidents[0]?.updates[0]).toMatchObject({ status: 'service-restored', body: { en: 'A follow-up.' } });
  });

  it('keeps the model when there are only warnings', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 3: 'title: Mail is delayed' }) });
    expect(result.model?.incidents).toHaveLength(1);
  });

  it('becomes an error under the strict policy', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 3: 'title: Mail is delayed', 6: 'summary: Some mail was delayed.' }) });
    expect(result.diagnostics.map((item) => item.severity)).toEqual(['warning', 'warning']);
    const strict = applyStrict(result.diagnostics, true);
    expect(strict).toEqual([
      diagnostic(FILE, 3, 8, 'missing-translation', 'the title has no Japanese text', 'error'),
      diagnostic(FILE, 6, 10, 'missing-translation', 'the summary has no Japanese text', 'error'),
    ]);
    expect(applyStrict(result.diagnostics, false)).toEqual(result.diagnostics);
    expect(result.diagnostics.map((item) => item.severity)).toEqual(['warning', 'warning']);
  });

  it('only asks for the languages the site builds', () => {
    const result = loadFixture({
      'content/site.yaml': lines('title: Test', 'base_url: https://example.com/', 'languages: [en]'),
      [FILE]: editLines(YAML_RECORD, { 3: 'title: Mail is delayed' }),
    });
    expect(result.diagnostics).toEqual([]);
  });
});
