import { describe, expect, it } from 'vitest';
import { formatHuman } from '../../src/report.js';
import { editLines, loadFixture, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';

/** The record's diagnostics as `[line, column, rule, English, Japanese]`, with the hints. */
function check(text: string) {
  const { diagnostics } = loadFixture({ [FILE]: text });
  return diagnostics.map((item) => ({ at: [item.line, item.column], rule: item.rule, en: item.texts.en, ja: item.texts.ja }));
}

describe('YAML mistakes a writer makes', () => {
  it('a tab in the indentation: one error at the tab, no follow-on errors', () => {
    expect(check(editLines(YAML_RECORD, { 9: '\t  status: investigating' }))).toEqual([
      {
        at: [9, 1],
        rule: 'yaml-syntax',
        en: { message: 'YAML syntax error: this line is indented with a tab (shown as →); YAML indents with spaces only', hint: 'replace the tab with spaces, as many as the lines around it use' },
        ja: { message: 'この行のインデントにタブ（→ で表示）が使われています。YAML のインデントは半角スペースだけです', hint: 'タブを半角スペースに置き換えてください（前後の行と同じ数）' },
      },
    ]);
  });

  it('tabs on two lines: one error for each line', () => {
    const found = check(editLines(YAML_RECORD, { 9: '\t  status: investigating', 10: '\t  body: {en: We are looking into it.}' }));
    expect(found.map((item) => [item.at, item.en.message.startsWith('YAML syntax error: this line is indented with a tab')])).toEqual([
      [[9, 1], true],
      [[10, 1], true],
    ]);
  });

  it('a full-width colon after a key', () => {
    expect(check(editLines(YAML_RECORD, { 2: 'service：exchange-online' }))).toEqual([
      {
        at: [2, 8],
        rule: 'yaml-syntax',
        en: { message: 'YAML syntax error: "service" is followed by a full-width colon "："; YAML needs a half-width colon ":"', hint: 'write it as service: followed by a space and the value' },
        ja: { message: '「service」の後ろのコロンが全角の「：」です。YAML では半角の「:」で区切ります', hint: '「service: 」のように、半角のコロンと半角スペースで書いてください' },
      },
    ]);
  });

  it('a full-width colon after a nested key', () => {
    const found = check(editLines(YAML_RECORD, { 3: 'title:\n  en： Mail is delayed\n  ja: メールが遅延している' }));
    expect(found).toHaveLength(1);
    expect(found[0]!.at).toEqual([4, 5]);
    expect(found[0]!.ja.message).toBe('「en」の後ろのコロンが全角の「：」です。YAML では半角の「:」で区切ります');
  });

  it('a full-width space before a list item', () => {
    const found = check(editLines(YAML_RECORD, { 12: '\u3000- at: 2021-11-26 01:30 JST' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ at: [12, 1], rule: 'yaml-syntax', ja: { message: 'インデントに全角スペース（□ で表示）が入っています。YAML のインデントは半角スペースだけです' } });
  });

  it('a full-width space in the indentation', () => {
    expect(check(editLines(YAML_RECORD, { 3: 'title:' }, []).replace('start: 2021-11-25 21:33 JST\n', '\u3000\u3000en: Mail is delayed\nstart: 2021-11-25 21:33 JST\n'))).toEqual([
      {
        at: [4, 1],
        rule: 'yaml-syntax',
        en: { message: 'YAML syntax error: the indentation contains a full-width space (shown as □); YAML indents with half-width spaces only', hint: 'replace the full-width space with half-width spaces' },
        ja: { message: 'インデントに全角スペース（□ で表示）が入っています。YAML のインデントは半角スペースだけです', hint: '全角スペースを半角スペースに置き換えてください' },
      },
    ]);
  });

  it('an unquoted value holding ": "', () => {
    expect(check(editLines(YAML_RECORD, { 3: 'title: Exchange Online: 一部のユーザーでメールが遅延' }))).toEqual([
      {
        at: [3, 8],
        rule: 'yaml-syntax',
        en: { message: 'YAML syntax error: the value of "title" contains ": ", so YAML reads it as another key', hint: 'put the whole value in quotes: title: "Exchange Online: 一部のユーザーでメールが遅延"' },
        ja: {
          message: '「title」の値に「: 」（コロンと空白）が入っているため、YAML が別のキーと読んでしまいます',
          hint: '値全体を引用符で囲んでください: title: "Exchange Online: 一部のユーザーでメールが遅延"',
        },
      },
    ]);
  });

  it('an unquoted value holding ": " and a double quote is quoted with single quotes in the hint', () => {
    const [found] = check(editLines(YAML_RECORD, { 3: 'title: Note: the "send" button fails' }));
    expect(found!.en.hint).toBe(`put the whole value in quotes: title: 'Note: the "send" button fails'`);
  });

  it('full-width spaces inside a text are text, not indentation', () => {
    expect(check(editLines(YAML_RECORD, { 3: 'title: {en: Mail is delayed, ja: "メールが\u3000遅延"}' }))).toEqual([]);
    const block = editLines(YAML_RECORD, { 14: '    current_status:\n      en: Mail flows again.\n      ja: |\n        \u3000URL: https://example.com/ をご覧ください。\n        \u3000一部のメールが遅延しています。' });
    expect(check(block)).toEqual([]);
  });

  it('shows the tab and the full-width space in the excerpt, the caret under the character', () => {
    const text = editLines(YAML_RECORD, { 9: '\t  status: investigating' });
    const { diagnostics } = loadFixture({ [FILE]: text });
    const report = formatHuman(diagnostics, { color: false, readSource: () => text, language: 'ja' });
    expect(report).toContain('    9 | →  status: investigating\n      | ^\n    ヒント: タブを半角スペースに置き換えてください（前後の行と同じ数）\n');
    const wide = editLines(YAML_RECORD, { 3: 'title:' }, []).replace('start: 2021-11-25 21:33 JST\n', '\u3000\u3000en: Mail is delayed\nstart: 2021-11-25 21:33 JST\n');
    const wideReport = formatHuman(loadFixture({ [FILE]: wide }).diagnostics, { color: false, readSource: () => wide });
    expect(wideReport).toContain('    4 | □□en: Mail is delayed\n      | ^\n');
  });
});
