import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage, main, type CliEnvironment } from '../../src/cli.js';
import { editLines, lines, withTempContent, YAML_RECORD, type TempContent } from '../helpers/fixture.js';

function capture(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const problemLine = /^(\S+:\d+:\d+) {2}(\S+) {2}(.+) {2}\[([a-z0-9-]+)\]$/u;
/** `[place, severity, message, rule]` of each problem line of a human report. */
const problems = (text: string) => text.split('\n').flatMap((line) => (problemLine.exec(line) ? [problemLine.exec(line)!.slice(1)] : []));

// One site with a problem of every kind `check` reports from records and configuration.
const BROKEN = {
  'content/services.yaml': lines('exchange-online: {ja: Exchange Online, en: Exchange Online}', 'microsoft-teams: {en: Microsoft Teams}'),
  'content/incidents/unknown.yaml': editLines(YAML_RECORD, { 2: 'service: exchange', 4: 'start: 2021-11-25 21:33', 9: '    status: investigatin' }),
  'content/incidents/misspelt.yaml': editLines(YAML_RECORD, { 1: 'id: EX6' }, ['titel: x']),
  'content/incidents/times.yaml': editLines(YAML_RECORD, { 1: 'id: EX2', 4: 'start: "Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)"', 8: '  - at: 2021-02-29 10:00 JST', 11: '    next_update: 2021-11-25 21:00 JST', 12: '  - at: 2021-11-25 22:00 PST' }),
  'content/incidents/untranslated.yaml': editLines(YAML_RECORD, { 1: 'id: EX3', 3: 'title: {en: Mail is delayed}', 5: 'end: 2021-11-24 01:00 JST' }),
  'content/incidents/empty.yaml': '',
  'content/incidents/tab.yaml': editLines(YAML_RECORD, { 1: 'id: EX4', 9: '\t  status: investigating' }),
  'content/incidents/EX5.fr.md': lines('---', 'service: exchange-online', '---'),
};

let site: TempContent;
let english: ReturnType<typeof capture>;
beforeAll(async () => {
  site = await withTempContent(BROKEN);
  english = capture(site.cwd);
  expect(await main(['check'], english.environment)).toBe(1);
});
afterAll(() => site.remove());

describe('messages in Japanese', () => {
  it('are chosen by --lang, else by LC_ALL, LC_MESSAGES and LANG in that order', () => {
    expect(chooseLanguage(undefined, {})).toBe('en');
    expect(chooseLanguage(undefined, { LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(chooseLanguage(undefined, { LANG: 'ja' })).toBe('ja');
    expect(chooseLanguage(undefined, { LANG: 'japanese' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: '', LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(chooseLanguage(undefined, { LC_MESSAGES: 'en_US.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(chooseLanguage('en', { LC_ALL: 'ja_JP.UTF-8' })).toBe('en');
    expect(chooseLanguage('ja', { LANG: 'C' })).toBe('ja');
  });

  for (const [how, args, env] of [
    ['kokuchi check --lang ja', ['check', '--lang', 'ja'], {}],
    ['kokuchi --lang=ja check', ['--lang=ja', 'check'], {}],
    ['LANG=ja_JP.UTF-8 kokuchi check', ['check'], { LANG: 'ja_JP.UTF-8' }],
  ] as const) {
    it(`print every problem of check in Japanese with the same positions, severities, rules and exit code (${how})`, async () => {
      const japanese = capture(site.cwd, env);
      expect(await main([...args], japanese.environment)).toBe(1);
      const en = problems(english.stderr());
      const ja = problems(japanese.stderr());
      expect(en.length).toBeGreaterThan(10);
      expect(ja.map(([place, severity, , rule]) => [place, severity, rule])).toEqual(en.map(([place, severity, , rule]) => [place, severity === 'error' ? 'エラー' : '警告', rule]));
      // Each Japanese message is another sentence than the English one, and Japanese.
      ja.forEach(([, , message], index) => {
        expect(message).not.toBe(en[index]![2]);
        expect(message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      });
      expect(japanese.stderr()).toContain('    ヒント: ');
      expect(japanese.stderr()).not.toContain('hint:');
      const { errors, warnings } = { errors: en.filter(([, s]) => s === 'error').length, warnings: en.filter(([, s]) => s === 'warning').length };
      expect(japanese.stderr().trimEnd().split('\n').at(-1)).toBe(`エラー ${errors} 件、警告 ${warnings} 件`);
      expect(english.stderr().trimEnd().split('\n').at(-1)).toBe(`${errors} errors, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    });
  }

  it('covers the rules of this site', () => {
    const rules = new Set(problems(english.stderr()).map(([, , , rule]) => rule));
    for (const rule of ['unknown-service', 'time-no-zone', 'end-before-start', 'unknown-status', 'unknown-key', 'time-weekday', 'time-invalid-date', 'time-unknown-zone', 'missing-translation', 'empty-file', 'yaml-syntax', 'unknown-language']) {
      expect(rules, rule).toContain(rule);
    }
  });

  it('keeps rule ids and adds the language in --format json, message and hint in that language', async () => {
    const en = capture(site.cwd);
    const ja = capture(site.cwd, { LANG: 'ja_JP.UTF-8' });
    expect(await main(['check', '--format', 'json'], en.environment)).toBe(1);
    expect(await main(['check', '--format', 'json'], ja.environment)).toBe(1);
    const enItems = JSON.parse(en.stdout()) as Record<string, unknown>[];
    const jaItems = JSON.parse(ja.stdout()) as Record<string, unknown>[];
    expect(jaItems.map(({ file, line, column, severity, rule }) => ({ file, line, column, severity, rule }))).toEqual(enItems.map(({ file, line, column, severity, rule }) => ({ file, line, column, severity, rule })));
    expect(new Set(enItems.map((item) => item.language))).toEqual(new Set(['en']));
    expect(new Set(jaItems.map((item) => item.language))).toEqual(new Set(['ja']));
    expect(jaItems.find((item) => item.rule === 'unknown-service')).toMatchObject({
      message: 'サービス「exchange」が見つかりません（「exchange-online」のことですか？）',
      hint: 'content/services.yaml に追加するか、次のどれかを使ってください: exchange-online, microsoft-teams',
    });
  });

  it('print GitHub annotations in the chosen language', async () => {
    const ja = capture(site.cwd);
    expect(await main(['check', '--format', 'github', '--lang', 'ja'], ja.environment)).toBe(1);
    expect(ja.stdout()).toContain('title=kokuchi empty-file::ファイルが空です (記録を書くか、ファイルを消してください)\n');
  });

  it('say usage errors and the clean summary in Japanese, with the same exit codes', async () => {
    const clean = await withTempContent({ 'content/incidents/EX1.yaml': lines(...YAML_RECORD) });
    try {
      const run = capture(clean.cwd, { LANG: 'ja_JP.UTF-8' });
      expect(await main(['check'], run.environment)).toBe(0);
      expect(run.stdout()).toBe('content の障害 1 件を確認しました: 問題はありません\n');
      for (const [args, text] of [
        [['check', 'extra'], 'kokuchi check: 余分な引数「extra」があります\n'],
        [['check', '--format', 'xml'], 'kokuchi check: --format には human、json、github のどれかを指定します。「xml」は使えません\n'],
        [['check', '--frmat', 'json'], 'kokuchi check: 「--frmat」というオプションはありません\n'],
        [['check', '--lang', 'fr'], 'kokuchi: --lang には en か ja を指定します。「fr」は使えません\n'],
      ] as const) {
        const usage = capture(clean.cwd, { LANG: 'ja_JP.UTF-8' });
        expect(await main([...args], usage.environment), args.join(' ')).toBe(2);
        expect(usage.stderr()).toBe(text);
      }
      const english = capture(clean.cwd, { LANG: 'ja_JP.UTF-8' });
      expect(await main(['check', 'extra', '--lang', 'en'], english.environment)).toBe(2);
      expect(english.stderr()).toBe('kokuchi check: unexpected argument "extra"\n');
    } finally {
      await clean.remove();
    }
  });
});
