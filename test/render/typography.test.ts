import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, parseHtml, textOf, type BuildRun } from '../helpers/build.js';

/**
 * The typography rule of Japanese output (docs/templates.md#typography): full-width brackets and
 * punctuation around Japanese text, no space next to a full-width bracket or punctuation mark,
 * half-width forms only inside Latin constructs (ids, `UTC 12:33`, URLs).
 */
const JAPANESE = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]`;
const RULES: [string, RegExp][] = [
  ['a half-width bracket next to Japanese text', new RegExp(`${JAPANESE}[()\\[\\]]|[()\\[\\]]${JAPANESE}`, 'u')],
  ['a half-width colon, comma, ! or ? next to Japanese text', new RegExp(`${JAPANESE}[:,!?]|[:,!?]\\s*${JAPANESE}`, 'u')],
  ['a space next to full-width punctuation', /[（「『、。：！？]\s|\s[）」』、。：！？]|[）」』]\s|\s[（「『]/u],
  ['brackets of two widths in one pair', /（[^（）()]*\)|\([^()（）]*）/u],
];

/** Each rule a text breaks. */
function problems(text: string): string[] {
  return RULES.filter(([, pattern]) => pattern.test(text)).map(([name]) => `${name}: ${JSON.stringify(text)}`);
}

/** The part of a DOM node the walk uses (the project has no DOM lib types). */
interface WalkNode {
  nodeType: number;
  textContent: string | null;
  tagName?: string;
  parentElement: WalkNode | null;
  childNodes: ArrayLike<WalkNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
  closest?(selector: string): { getAttribute(name: string): string | null } | null;
}

/** Text nodes and reader-facing attributes in Japanese (English fallback text, marked lang="en", is left out). */
function japaneseTexts(html: string): string[] {
  const { document } = parseHTML(html) as unknown as { document: WalkNode };
  const texts: string[] = [];
  const inJapanese = (element: WalkNode | null) => (element?.closest?.('[lang]')?.getAttribute('lang') ?? 'ja') === 'ja';
  const walk = (node: WalkNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        if (inJapanese(child.parentElement) && child.parentElement?.tagName !== 'SCRIPT') texts.push(child.textContent ?? '');
      } else if (child.nodeType === 1) {
        for (const attribute of Array.from(child.attributes ?? [])) {
          if (/^(title|aria-label|alt|content|placeholder|data-.+)$/u.test(attribute.name) && inJapanese(child)) texts.push(attribute.value);
        }
        walk(child);
      }
    }
  };
  walk(document);
  return texts.filter((text) => text.trim() !== '');
}

/** The texts of a feed: its XML text, and the text of the HTML it carries. */
function feedTexts(xml: string): string[] {
  const texts: string[] = [];
  for (const segment of xml.split(/<[^>]+>/u)) {
    const decoded = parseHTML(`<p>${segment}</p>`).document.querySelector('p')!.textContent ?? '';
    if (decoded.includes('<')) texts.push(...japaneseTexts(decoded));
    else if (decoded.trim() !== '') texts.push(decoded);
  }
  return texts;
}

function record(id: string, start: string, statuses: string[], end?: string): string {
  const [date] = start.split(' ');
  const updates = statuses.map((status, index) => `  - at: ${date} ${String(9 + index).padStart(2, '0')}:00 JST\n    status: ${status}\n    body: {ja: 状況を確認しています。, en: We are looking into it.}\n    scope: {ja: 一部のユーザー, en: Some users}\n`).join('');
  return `id: ${id}
service: exchange-online
title: {ja: メールが遅延している, en: Mail is delayed}
impact: {ja: 一部のユーザーに影響があります。, en: Some users are affected.}
start: ${start} JST
${end ? `end: ${end} JST\n` : ''}status: ${statuses.at(-1)}
published: ${start} JST
updates:
${updates}`;
}

const FILES = {
  'content/incidents/ex1.yaml': record('EX1', '2026-12-01 09:00', ['investigating', 'service-degradation']),
  'content/incidents/ex2.yaml': record('EX2', '2026-11-20 09:00', ['service-interruption', 'service-restored'], '2026-11-20 10:30'),
};

let run: BuildRun;
beforeAll(async () => {
  run = await buildFixture(FILES);
  expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
});
afterAll(() => run.remove());

describe('Japanese output', () => {
  it('has full-width brackets and punctuation and no space next to them, on every page, feed and badge', () => {
    const found: string[] = [];
    let checked = 0;
    for (const file of run.files.keys()) {
      const isJapanese = file.startsWith('ja/') || file.startsWith('badges/ja/') || file === 'index.html';
      if (!isJapanese) continue;
      const texts = file.endsWith('.html') || file.endsWith('.svg') ? japaneseTexts(run.text(file)) : file.endsWith('.xml') || file.endsWith('.json') ? feedTexts(run.text(file)) : [];
      checked += texts.length;
      for (const text of texts) {
        found.push(...problems(text).map((problem) => `${file}: ${problem}`));
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(found).toEqual([]);
  });

  it('catches each kind of slip it looks for', () => {
    expect(problems('2021年11月25日(木) 21:33 JST')).toHaveLength(1);
    expect(problems('フィード: Atom')).toHaveLength(1);
    expect(problems('EX1: 一部のユーザー')).toHaveLength(1);
    expect(problems('継続時間 3日 （継続中）')).toHaveLength(1);
    expect(problems('継続中（最新の更新まで)')).toHaveLength(2);
    expect(problems('2021年11月25日（木）21:33 JST（UTC 12:33）')).toEqual([]);
  });

  it('writes the weekday, the ongoing note and labels without a space next to full-width brackets', () => {
    const article = parseHtml(run.text('ja/incidents/ex1/index.html'));
    const facts = [...article.querySelectorAll('.facts div')].map((row) => textOf(row.querySelector('dd')));
    expect(facts).toContain('2026年12月1日（火）9:00 JST（UTC 0:00）');
    expect(facts).toContain('1時間（継続中・最新の更新まで）');
    expect(textOf(article.querySelector('.site-feeds'))).toBe('フィード：Atom RSS JSON Feed');
    const english = parseHtml(run.text('en/incidents/ex1/index.html'));
    expect([...english.querySelectorAll('.facts dd')].map((dd) => textOf(dd))).toContain('1 hour (ongoing, up to the latest update)');
    expect(textOf(english.querySelector('.site-feeds'))).toBe('Feeds: Atom RSS JSON Feed');
    const index = parseHtml(run.text('ja/index.html'));
    expect(textOf(index.querySelector('.incident-item-time .duration'))).toBe('継続時間 1時間（継続中）');
  });

  it('says the latest update of a feed entry and a service feed title in each language', () => {
    expect(run.text('ja/feed.xml')).toContain('<h2>最新の更新：<time datetime="2026-12-01T01:00:00Z">2026年12月1日（火）10:00 JST（UTC 1:00）</time>、サービス低下</h2>');
    expect(run.text('en/feed.xml')).toContain('<h2>Latest update: <time datetime="2026-12-01T01:00:00Z">Tuesday, December 1, 2026, 10:00 AM JST (1:00 AM UTC)</time> — Service degradation</h2>');
    expect(run.text('ja/services/exchange-online/feed.xml')).toContain('<title>テスト：Exchange Online</title>');
    expect(run.text('en/services/exchange-online/feed.xml')).toContain('<title>Test: Exchange Online</title>');
    // The Statuspage-style API says labelled fields the same way.
    expect(run.text('ja/api/v2/incidents.json')).toContain('"body": "影響範囲：一部のユーザー');
    expect(run.text('api/v2/incidents.json')).toContain('"body": "Scope of impact: Some users');
  });
});
