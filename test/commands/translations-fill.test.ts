import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { applyMarkdownFills } from '../../src/commands/translations-fill-markdown.js';
import { applyYamlFills, normalizeWhitespace, planFills, type Fill } from '../../src/commands/translations-fill.js';
import { findMissingTranslations } from '../../src/commands/translations.js';
import { loadFixture, withTempContent, type TempContent } from '../helpers/fixture.js';

/** An incident whose posts were translated: the boilerplate sentence has Japanese here. */
const TRANSLATED = [
  'id: EX1',
  'service: exchange-online',
  'title: {en: Users cannot send mail, ja: メールを送信できない}',
  'start: 2021-11-25 21:33 JST',
  'updates:',
  '  - at: 2021-11-25 22:00 JST',
  '    status: investigating',
  '    current_status:',
  "      en: We're investigating a potential issue and checking for impact to your organization.",
  '      ja: 潜在的な問題を調査し、組織への影響を確認しています。',
  '',
].join('\n');

/** A new incident with the same title and boilerplate, in three layouts: a map without ja, a placeholder, a plain string. */
const NEW = [
  '# a comment that must survive',
  'id: EX2',
  'service: exchange-online',
  'title: Users cannot send mail   # same title',
  'start: 2021-12-01 09:00 JST',
  'updates:',
  '  - at: 2021-12-01 09:10 JST',
  '    status: investigating',
  '    current_status:',
  "      en: \"We're investigating a potential issue and  checking for impact to your organization.\"",
  '  - at: 2021-12-01 10:00 JST',
  '    status: investigating',
  "    current_status: {en: \"We're investigating a potential issue and checking for impact to your organization.\", ja: \"TODO: 現在の状況と対応\"}",
  '    scope: {en: Only some users}',
  '',
].join('\n');

const temporary: TempContent[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((content) => content.remove()));
});

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('planFills', () => {
  it('finds the texts whose other language is translated elsewhere, after whitespace normalisation', () => {
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': NEW }).model!;
    const { fills, ambiguous } = planFills(model, findMissingTranslations(model, ['ja']));
    expect(fills.map((fill) => `${fill.item.id} ${fill.item.update?.at.source ?? '-'} ${fill.item.field} ${fill.text}`)).toEqual([
      'EX2 - title メールを送信できない',
      'EX2 2021-12-01 10:00 JST current_status 潜在的な問題を調査し、組織への影響を確認しています。',
      'EX2 2021-12-01 09:10 JST current_status 潜在的な問題を調査し、組織への影響を確認しています。',
    ]);
    expect(ambiguous).toEqual([]);
    expect(normalizeWhitespace('  a \n b\t c ')).toBe('a b c');
  });

  it('leaves out a text translated two different ways', () => {
    const other = TRANSLATED.replace('EX1', 'EX3').replace('ja: メールを送信できない', 'ja: メールが送れない');
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX3.yaml': other, 'incidents/EX2.yaml': NEW }).model!;
    const { fills, ambiguous } = planFills(model, findMissingTranslations(model, ['ja']));
    expect(ambiguous.map((item) => `${item.id} ${item.field}`)).toEqual(['EX2 title']);
    expect(fills.map((fill) => fill.item.field)).toEqual(['current_status', 'current_status']);
  });
});

describe('applyYamlFills', () => {
  it('writes each filled value and changes no other byte', () => {
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': NEW }).model!;
    const { fills } = planFills(model, findMissingTranslations(model, ['ja']));
    const result = applyYamlFills(NEW, fills, 'Asia/Tokyo');
    expect(result.skipped).toEqual([]);
    const boilerplate = JSON.stringify('潜在的な問題を調査し、組織への影響を確認しています。');
    expect(result.text).toBe(
      NEW.replace('title: Users cannot send mail   #', `title: {en: "Users cannot send mail", ja: "メールを送信できない"}   #`)
        .replace('organization."\n  - at', `organization."\n      ja: ${boilerplate}\n  - at`)
        .replace('ja: "TODO: 現在の状況と対応"', `ja: ${boilerplate}`),
    );
    const loaded = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': result.text });
    expect(loaded.diagnostics.filter((item) => item.file.endsWith('EX2.yaml')).map((item) => item.rule)).toEqual(['missing-translation']); // scope has no Japanese anywhere
    const incident = loaded.model!.incidents.find((each) => each.id === 'EX2')!;
    expect(incident.title.ja).toBe('メールを送信できない');
    expect(incident.updates.map((update) => update.fields.current_status?.ja)).toEqual(['潜在的な問題を調査し、組織への影響を確認しています。', '潜在的な問題を調査し、組織への影響を確認しています。']);
  });
});

describe('kokuchi translations --fill', () => {
  it('lists what it would fill with --dry-run and writes nothing, then fills and lists it', async () => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': TRANSLATED, 'content/incidents/EX2.yaml': NEW });
    temporary.push(content);
    const file = path.join(content.cwd, 'content/incidents/EX2.yaml');
    const dry = capture(content.cwd);
    expect(await main(['translations', '--fill', '--dry-run', '--lang', 'ja'], dry.environment)).toBe(0);
    expect(dry.stdout()).toBe(
      [
        'would fill  EX2  incident  title (ja): "メールを送信できない"',
        'would fill  EX2  update 2021-12-01 10:00 JST  current_status (ja): "潜在的な問題を調査し、組織への影響を確認しています。"',
        'would fill  EX2  update 2021-12-01 09:10 JST  current_status (ja): "潜在的な問題を調査し、組織への影響を確認しています。"',
        '',
      ].join('\n'),
    );
    expect(dry.stderr()).toBe('kokuchi translations: 3 texts would be filled in 1 file; nothing was written (--dry-run)\n');
    expect(await readFile(file, 'utf8')).toBe(NEW);

    const run = capture(content.cwd);
    expect(await main(['translations', '--fill'], run.environment)).toBe(0);
    expect(run.stdout()).toBe(dry.stdout().replaceAll('would fill', 'filled'));
    expect(run.stderr()).toBe('kokuchi translations: filled 3 texts in 1 file: content/incidents/EX2.yaml; review the diff\n');
    const after = await readFile(file, 'utf8');
    expect(after).toContain('      ja: "潜在的な問題を調査し、組織への影響を確認しています。"\n');
    expect(after.startsWith('# a comment that must survive\n')).toBe(true);

    const again = capture(content.cwd);
    expect(await main(['translations', '--fill'], again.environment)).toBe(0);
    expect(again.stdout()).toBe('');
    expect(again.stderr()).toBe('kokuchi translations: nothing to fill\n');
  });

  it('treats --dry-run without --fill as a usage error', async () => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': TRANSLATED });
    temporary.push(content);
    const run = capture(content.cwd);
    expect(await main(['translations', '--dry-run'], run.environment)).toBe(2);
    expect(run.stderr()).toContain('--dry-run goes with --fill');
  });
});

/** The boilerplate of TRANSLATED, with a summary translated too. */
const TRANSLATED_WITH_SUMMARY = TRANSLATED.replace('start: 2021-11-25 21:33 JST\n', 'start: 2021-11-25 21:33 JST\nsummary: {en: Some mail was delayed., ja: 一部のメールが遅延しました。}\n');

const BOILERPLATE_EN = "We're investigating a potential issue and checking for impact to your organization.";
const BOILERPLATE_JA = '潜在的な問題を調査し、組織への影響を確認しています。';

/** A Markdown incident in both languages; the Japanese file has placeholders, no summary and no section for the 10:00 update. */
const TM1_EN = [
  '---',
  'id: TM1',
  'service: microsoft-teams',
  'title: Users cannot send mail',
  'start: 2021-12-05 09:00 JST',
  '---',
  '',
  'Some mail was delayed.',
  '',
  '## 2021-12-05 00:10 UTC — Investigating',
  '',
  BOILERPLATE_EN,
  '',
  '## 2021-12-05 01:00 UTC — Investigating',
  '',
  BOILERPLATE_EN,
  '',
  '## 2021-12-05 02:00 UTC — Service restored',
  '',
  'The fix is deployed.',
  '',
].join('\n');
const TM1_JA = ['---', 'title: "TODO: 障害の見出し"', '---', '', '## 2021-12-05 09:10 JST — 調査中', '', 'TODO: 現在の状況と対応', '', '## 2021-12-05 11:00 JST — 復旧済み', '', '東京の担当が修正を反映しました。', ''].join('\n');
/** A Markdown incident in English only. */
const TM2_EN = ['---', 'id: TM2', 'service: exchange-online', 'title: Users cannot send mail', 'start: 2021-12-06 09:00 JST', '---', '', '## 2021-12-06 09:10 JST — Investigating', '', BOILERPLATE_EN, ''].join('\n');

describe('kokuchi translations --fill for Markdown records', () => {
  async function markdownSite() {
    const content = await withTempContent({
      'content/incidents/EX1.yaml': TRANSLATED_WITH_SUMMARY,
      'content/incidents/2021/TM1.en.md': TM1_EN,
      'content/incidents/2021/TM1.ja.md': TM1_JA,
      'content/incidents/2021/TM2.en.md': TM2_EN,
    });
    temporary.push(content);
    return content;
  }

  it('fills the Japanese file (placeholders replaced, the summary and a missing section added) and creates the file a record lacks; --dry-run shows it, in both languages', async () => {
    const content = await markdownSite();
    const file = (name: string) => path.join(content.cwd, 'content/incidents/2021', name);
    const dry = capture(content.cwd);
    expect(await main(['translations', '--fill', '--dry-run'], dry.environment)).toBe(0);
    expect(dry.stdout()).toBe(
      [
        'would fill  TM2  incident  title (ja): "メールを送信できない"',
        `would fill  TM2  update 2021-12-06 09:10 JST  body (ja): "${BOILERPLATE_JA}"`,
        'would fill  TM1  incident  title (ja): "メールを送信できない"',
        'would fill  TM1  incident  summary (ja): "一部のメールが遅延しました。"',
        `would fill  TM1  update 2021-12-05 10:00 JST  body (ja): "${BOILERPLATE_JA}"`,
        `would fill  TM1  update 2021-12-05 09:10 JST  body (ja): "${BOILERPLATE_JA}"`,
        'would create  content/incidents/2021/TM2.ja.md',
        '',
      ].join('\n'),
    );
    expect(dry.stderr()).toBe('kokuchi translations: 6 texts would be filled in 2 files; nothing was written (--dry-run)\n');
    const ja = capture(content.cwd);
    expect(await main(['--lang', 'ja', 'translations', '--fill', '--dry-run'], ja.environment)).toBe(0);
    expect(ja.stdout()).toBe(
      [
        '埋める予定  TM2  障害  title (ja): "メールを送信できない"',
        `埋める予定  TM2  続報 2021-12-06 09:10 JST  body (ja): "${BOILERPLATE_JA}"`,
        '埋める予定  TM1  障害  title (ja): "メールを送信できない"',
        '埋める予定  TM1  障害  summary (ja): "一部のメールが遅延しました。"',
        `埋める予定  TM1  続報 2021-12-05 10:00 JST  body (ja): "${BOILERPLATE_JA}"`,
        `埋める予定  TM1  続報 2021-12-05 09:10 JST  body (ja): "${BOILERPLATE_JA}"`,
        '作成する予定  content/incidents/2021/TM2.ja.md',
        '',
      ].join('\n'),
    );
    expect(ja.stderr()).toBe('kokuchi translations: 2 ファイルの 6 か所を埋められます。何も書き込んでいません（--dry-run）\n');
    expect(await readFile(file('TM1.ja.md'), 'utf8')).toBe(TM1_JA);
    await expect(readFile(file('TM2.ja.md'), 'utf8')).rejects.toThrow();

    const run = capture(content.cwd);
    expect(await main(['--lang', 'ja', 'translations', '--fill'], run.environment)).toBe(0);
    expect(run.stdout()).toBe(ja.stdout().replaceAll('埋める予定', '埋めました').replaceAll('作成する予定', '作成しました'));
    expect(run.stderr()).toBe('kokuchi translations: 2 ファイルの 6 か所を埋めました: content/incidents/2021/TM1.ja.md, content/incidents/2021/TM2.ja.md。差分を確認してください\n');
    expect(await readFile(file('TM1.ja.md'), 'utf8')).toBe(
      [
        '---',
        'title: "メールを送信できない"',
        '---',
        '',
        '一部のメールが遅延しました。',
        '',
        '## 2021-12-05 09:10 JST — 調査中',
        '',
        BOILERPLATE_JA,
        '',
        '## 2021-12-05 10:00 JST — 調査中',
        '',
        BOILERPLATE_JA,
        '',
        '## 2021-12-05 11:00 JST — 復旧済み',
        '',
        '東京の担当が修正を反映しました。',
        '',
      ].join('\n'),
    );
    expect(await readFile(file('TM2.ja.md'), 'utf8')).toBe(['---', 'title: "メールを送信できない"', '---', '', '## 2021-12-06 09:10 JST — 調査中', '', BOILERPLATE_JA, ''].join('\n'));
    expect(await readFile(file('TM1.en.md'), 'utf8')).toBe(TM1_EN);
    expect(await readFile(file('TM2.en.md'), 'utf8')).toBe(TM2_EN);

    const check = capture(content.cwd);
    expect(await main(['check', '--format', 'json'], check.environment)).toBe(0);
    expect((JSON.parse(check.stdout()) as { file: string; rule: string }[]).map((item) => `${item.file} ${item.rule}`)).toEqual([]);
    const again = capture(content.cwd);
    expect(await main(['translations', '--fill'], again.environment)).toBe(0);
    expect(again.stderr()).toBe('kokuchi translations: nothing to fill\n');
  });

  it('fills a placeholder where it stands in the other file, keeps CRLF line endings and a byte-order mark, and every other byte', async () => {
    const en = ['---', 'id: TM3', 'service: exchange-online', 'title: {en: Users cannot send mail, ja: "TODO: 障害の見出し"}', 'start: 2021-12-07 09:00 JST', '---', '', '## 2021-12-07 09:10 JST — Investigating', '', BOILERPLATE_EN, ''].join('\r\n');
    const ja = `\uFEFF${['---', '# 日本語のファイル', '---', '', '## 2021-12-07 09:10 JST', '', '', '## 2021-12-07 10:00 JST — 復旧済み', '', '修正しました。', ''].join('\r\n')}`;
    const content = await withTempContent({ 'content/incidents/EX1.yaml': TRANSLATED, 'content/incidents/TM3.en.md': en, 'content/incidents/TM3.ja.md': ja });
    temporary.push(content);
    const run = capture(content.cwd);
    expect(await main(['translations', '--fill'], run.environment)).toBe(0);
    expect(run.stderr()).toBe('kokuchi translations: filled 2 texts in 2 files: content/incidents/TM3.en.md, content/incidents/TM3.ja.md; review the diff\n');
    expect(await readFile(path.join(content.cwd, 'content/incidents/TM3.en.md'), 'utf8')).toBe(en.replace('"TODO: 障害の見出し"', '"メールを送信できない"'));
    expect(await readFile(path.join(content.cwd, 'content/incidents/TM3.ja.md'), 'utf8')).toBe(ja.replace('## 2021-12-07 09:10 JST\r\n\r\n', `## 2021-12-07 09:10 JST\r\n\r\n${BOILERPLATE_JA}\r\n`));
    const check = capture(content.cwd);
    expect(await main(['check', '--format', 'json'], check.environment)).toBe(0);
    // Only the update the English file never had is left untranslated.
    expect((JSON.parse(check.stdout()) as { file: string; rule: string; language: string; message: string }[]).map((item) => `${item.file} ${item.rule}: ${item.message}`)).toEqual([
      'content/incidents/TM3.ja.md missing-translation: the update at 2021-12-07 10:00 JST has no English text for body',
    ]);
  });
});

describe('applyMarkdownFills', () => {
  const fill = (field: string, text: string, at?: string): Fill => {
    const update = at === undefined ? undefined : { at: { epochMs: Date.parse(at), source: at } };
    return { item: { id: 'TM1', field, language: 'ja', ...(update ? { update } : {}) }, from: 'en', text };
  };
  const options = { language: 'ja', fileLanguage: 'ja', primaryZone: 'Asia/Tokyo', heading: () => '2021-12-05 10:00 JST — 調査中' } as const;

  it('adds a missing section in time order in a file written newest first', () => {
    const text = ['---', 'title: 件名', '---', '', '## 2021-12-05 11:00 JST', '', '復旧しました。', '', '## 2021-12-05 09:10 JST', '', '調査しています。', ''].join('\n');
    const result = applyMarkdownFills(text, [fill('body', '確認しています。', '2021-12-05T01:00:00Z')], options);
    expect(result.skipped).toEqual([]);
    expect(result.text).toBe(text.replace('## 2021-12-05 09:10 JST', '## 2021-12-05 10:00 JST — 調査中\n\n確認しています。\n\n## 2021-12-05 09:10 JST'));
  });

  it('opens a front matter in a file that has none, and adds a key before the closing line of one that has', () => {
    const bare = '概要です。\n';
    expect(applyMarkdownFills(bare, [fill('title', '件名')], options).text).toBe('---\ntitle: "件名"\n---\n\n概要です。\n');
    const withKeys = '---\nlang: ja\n---\n\n概要です。\n';
    expect(applyMarkdownFills(withKeys, [fill('impact', '一部の利用者')], options).text).toBe('---\nlang: ja\nimpact: "一部の利用者"\n---\n\n概要です。\n');
  });

  it('never writes into a text already written, nor a file with mixed line endings, nor prose of another language', () => {
    const written = '---\ntitle: 件名\n---\n\n概要です。\n';
    expect(applyMarkdownFills(written, [fill('summary', '別の概要')], options)).toEqual({ text: written, skipped: [fill('summary', '別の概要')] });
    const mixed = '---\r\ntitle: "TODO: 障害の見出し"\n---\n';
    expect(applyMarkdownFills(mixed, [fill('title', '件名')], options).skipped).toHaveLength(1);
    const english = '---\ntitle: Mail\n---\n';
    expect(applyMarkdownFills(english, [fill('summary', '概要')], { ...options, fileLanguage: 'en' })).toEqual({ text: english, skipped: [fill('summary', '概要')] });
    // In the other language's file, only a map's key of this language is filled.
    expect(applyMarkdownFills(english, [fill('title', '件名')], { ...options, fileLanguage: 'en' }).skipped).toHaveLength(1);
  });
});
