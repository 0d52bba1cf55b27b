import { describe, expect, it } from 'vitest';
import { diagnostic, editLines, lines, loadFixture, MARKDOWN_EN, MARKDOWN_JA } from '../helpers/fixture.js';

const EN = 'content/incidents/EX2.en.md';
const JA = 'content/incidents/EX2.ja.md';
const loadPair = (en: string, ja: string) => loadFixture({ [EN]: en, [JA]: ja });

describe('Markdown records', () => {
  it('read the summary before the first update heading and each update body under its heading', () => {
    const result = loadPair(lines(...MARKDOWN_EN), lines(...MARKDOWN_JA));
    const incident = result.model?.incidents[0];
    expect(incident?.summary).toEqual({ en: 'Some mail was delayed.', ja: '一部のメールが遅延しました。' });
    expect(incident?.updates.map((update) => update.body)).toEqual([
      { en: 'Mail flows again.', ja: 'メールは再び流れています。' },
      { en: 'We are looking into it.', ja: '調査しています。' },
    ]);
    expect(incident?.sources).toEqual([
      { path: EN, format: 'markdown', lang: 'en' },
      { path: JA, format: 'markdown', lang: 'ja' },
    ]);
  });

  it('match the updates of the two files by instant, whatever zone each is written in', () => {
    const result = loadPair(lines(...MARKDOWN_EN), lines(...MARKDOWN_JA));
    expect(result.model?.incidents[0]?.updates.map((update) => update.at.iso)).toEqual(['2021-11-25T16:30:00Z', '2021-11-25T13:00:00Z']);
  });

  it('resolve heading statuses from keys and from labels in the file language', () => {
    const result = loadPair(
      editLines(MARKDOWN_EN, { 10: '## 2021-11-25 13:00 UTC — investigating', 14: '## 2021-11-25 16:30 UTC — serviceRestored' }),
      lines(...MARKDOWN_JA),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.updates.map((update) => update.status)).toEqual(['service-restored', 'investigating']);
  });

  it.each([' — ', ' – ', ' - ', ' · ', ' | ', '—', '|'])('accept %j between the time and the status', (separator) => {
    const result = loadFixture({ [EN]: editLines(MARKDOWN_EN, { 14: `## 2021-11-25 16:30 UTC${separator}Service restored` }) });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model?.incidents[0]?.updates[0]?.status).toBe('service-restored');
  });

  it('accept a heading in the official notice style', () => {
    const result = loadFixture({ [EN]: editLines(MARKDOWN_EN, { 14: '## Friday, November 26, 2021, 1:30 AM (November 25, 4:30 PM UTC) — Service restored' }) });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model?.incidents[0]?.updates[0]?.at.iso).toBe('2021-11-25T16:30:00Z');
  });

  it('accept a heading in the official style with abbreviated weekday and month names', () => {
    const result = loadFixture({ [EN]: editLines(MARKDOWN_EN, { 14: '## Fri, Nov 26, 2021, 1:30 AM (Nov 25, 4:30 PM UTC) — Service restored' }) });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model?.incidents[0]?.updates.map((update) => update.at.iso)).toEqual(['2021-11-25T16:30:00Z', '2021-11-25T13:00:00Z']);
  });

  it("give an update without a status the status of the previous update in time, even when the file lists the newest first", () => {
    const newestFirst = lines(
      ...MARKDOWN_EN.slice(0, 9),
      '## 2021-11-25 17:00 UTC',
      '',
      'All clear.',
      '',
      '## 2021-11-25 16:30 UTC — Service restored',
      '',
      'Mail flows again.',
      '',
      '## 2021-11-25 14:00 UTC',
      '',
      'Still looking.',
      '',
      '## 2021-11-25 13:00 UTC — Investigating',
      '',
      'We are looking into it.',
    );
    const result = loadFixture({ [EN]: newestFirst });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model?.incidents[0]?.updates.map((update) => `${update.at.iso} ${update.status}`)).toEqual([
      '2021-11-25T17:00:00Z service-restored',
      '2021-11-25T16:30:00Z service-restored',
      '2021-11-25T14:00:00Z investigating',
      '2021-11-25T13:00:00Z investigating',
    ]);
  });

  it('take the status from the other file when a heading leaves it out', () => {
    const result = loadPair(editLines(MARKDOWN_EN, { 14: '## 2021-11-25 16:30 UTC' }), lines(...MARKDOWN_JA));
    expect(result.model?.incidents[0]?.updates[0]?.status).toBe('service-restored');
  });

  it('report a first update without a status', () => {
    const result = loadFixture({ [EN]: editLines(MARKDOWN_EN, { 10: '## 2021-11-25 13:00 UTC' }) });
    expect(result.diagnostics).toContainEqual(diagnostic(EN, 10, 1, 'missing-key', 'the first update has no status'));
  });

  it('report an unknown status label at the label', () => {
    const result = loadPair(lines(...MARKDOWN_EN), editLines(MARKDOWN_JA, { 11: '## 2021-11-26 01:30 JST — 復旧済' }));
    expect(result.diagnostics).toEqual([diagnostic(JA, 11, 27, 'unknown-status', 'unknown status "復旧済"')]);
  });

  it('keep level-2 headings that do not start with a time, and deeper headings, in the text', () => {
    const result = loadFixture({
      [EN]: editLines(MARKDOWN_EN, { 8: 'Some mail was delayed.\n\n## Background\n\nMore.', 16: 'Mail flows again.\n\n### 2021 in review\n\nDetails.' }),
    });
    const incident = result.model?.incidents[0];
    expect(incident?.summary.en).toBe('Some mail was delayed.\n\n## Background\n\nMore.');
    expect(incident?.updates[0]?.body.en).toBe('Mail flows again.\n\n### 2021 in review\n\nDetails.');
  });

  it('take the language from front matter when the file name has none, else the site default', () => {
    const named = loadFixture({ 'content/incidents/EX2.md': editLines(MARKDOWN_EN, { 2: 'service: exchange-online\nlang: en' }) });
    expect(named.model?.incidents[0]?.sources[0]?.lang).toBe('en');
    const defaulted = loadFixture({ 'content/incidents/EX2.md': lines(...MARKDOWN_EN) });
    expect(defaulted.model?.incidents[0]?.sources[0]?.lang).toBe('ja');
    expect(defaulted.model?.incidents[0]?.title).toEqual({ ja: 'Mail is delayed' });
  });

  it('report a lang key that contradicts the file name', () => {
    const result = loadFixture({ [EN]: editLines(MARKDOWN_EN, { 2: 'service: exchange-online\nlang: ja' }) });
    expect(result.diagnostics).toEqual([diagnostic(EN, 3, 7, 'conflicting-value', 'lang is "ja" but the file name says "en"')]);
  });

  it('accept front matter keys repeated identically in both files', () => {
    const result = loadPair(lines(...MARKDOWN_EN), editLines(MARKDOWN_JA, { 2: 'title: メールが遅延している\nservice: exchange-online\nstart: 2021-11-25T12:33:00Z' }));
    expect(result.diagnostics).toEqual([]);
  });
});

describe('conflicting-value', () => {
  it('names both places when the files of one incident disagree on a shared key', () => {
    const result = loadPair(lines(...MARKDOWN_EN), editLines(MARKDOWN_JA, { 2: 'title: メールが遅延している\nservice: microsoft-teams' }));
    expect(result.diagnostics).toEqual([diagnostic(JA, 3, 10, 'conflicting-value', 'service is "microsoft-teams" here but "exchange-online" in content/incidents/EX2.en.md:2:10')]);
  });

  it('compares times as instants and names both places when they differ', () => {
    const result = loadPair(lines(...MARKDOWN_EN), editLines(MARKDOWN_JA, { 2: 'title: メールが遅延している\nstart: 2021-11-25 21:34 JST' }));
    expect(result.diagnostics).toEqual([
      diagnostic(JA, 3, 8, 'conflicting-value', 'start is 2021-11-25 21:34 JST here but 2021-11-25 21:33 JST in content/incidents/EX2.en.md:4:8'),
    ]);
  });

  it('names both headings when the files disagree on the status of an update', () => {
    const result = loadPair(lines(...MARKDOWN_EN), editLines(MARKDOWN_JA, { 11: '## 2021-11-26 01:30 JST — 復旧作業中' }));
    expect(result.diagnostics).toEqual([
      diagnostic(JA, 11, 27, 'conflicting-value', 'the update at 2021-11-25T16:30:00Z has status "restoring-service" here but "service-restored" in content/incidents/EX2.en.md:14:27'),
    ]);
  });

  it('names both places when one language is given twice with different text', () => {
    const result = loadPair(editLines(MARKDOWN_EN, { 3: 'title: {en: Mail is delayed, ja: 別のタイトル}' }), lines(...MARKDOWN_JA));
    expect(result.diagnostics).toEqual([diagnostic(JA, 2, 8, 'conflicting-value', 'title (ja) is given twice with different text; the other is at content/incidents/EX2.en.md:3:8')]);
  });
});
