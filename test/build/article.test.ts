import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiStrings } from '../../src/render/i18n.js';
import { all, buildFixture, buildSample, parseHtml, resolveInternal, textOf, TEMPLATES, type BuildRun, type HtmlDocument, type HtmlElement } from '../helpers/build.js';
import { lines } from '../helpers/fixture.js';

const BASE = 'https://example.com/';
const JA = 'ja/incidents/ex300267/index.html';
const EN = 'en/incidents/ex300267/index.html';

type Lang = 'ja' | 'en';
const strings: Record<Lang, UiStrings> = {
  ja: JSON.parse(await readFile(path.join(TEMPLATES, 'locales/ja.json'), 'utf8')) as UiStrings,
  en: JSON.parse(await readFile(path.join(TEMPLATES, 'locales/en.json'), 'utf8')) as UiStrings,
};

/** A UI string by dotted key, read from the locale file (so tests follow wording changes but not missing keys). */
function ui(lang: Lang, key: string): string {
  let value: string | UiStrings | undefined = strings[lang];
  for (const part of key.split('.')) value = typeof value === 'object' ? value[part] : undefined;
  if (typeof value !== 'string') throw new Error(`locales/${lang}.json has no string ${key}`);
  return value;
}

/** The labelled fields of an update in the order of Microsoft 365 service health notices. */
const OFFICIAL_FIELD_ORDER = ['impact', 'moreInfo', 'currentStatus', 'finalStatus', 'scope', 'start', 'end', 'rootCause', 'nextSteps', 'nextUpdate'];

/** The timeline entries of an article: list items with an update anchor, in document order. */
function updatesOf(document: HtmlDocument): HtmlElement[] {
  return all(document, 'li[id^="update-"]');
}

/** The update's own time (the first `<time>` in it). */
function updateTime(update: HtmlElement): string {
  const time = update.querySelector('time[datetime]');
  if (!time) throw new Error(`update ${update.id} has no <time datetime>`);
  return time.getAttribute('datetime')!;
}

/** The value of the description-list entry whose term is `label`. */
function definition(root: HtmlDocument | HtmlElement, label: string): HtmlElement | undefined {
  const term = all(root, 'dt').find((item) => textOf(item) === label);
  const next = (term as (HtmlElement & { nextElementSibling: HtmlElement | null }) | undefined)?.nextElementSibling;
  return next?.tagName === 'DD' ? next : undefined;
}

describe('the article page of the sample content', () => {
  let run: BuildRun;
  const pages: Partial<Record<string, HtmlDocument>> = {};
  const page = (file: string) => (pages[file] ??= parseHtml(run.text(file)));

  beforeAll(async () => {
    run = await buildSample();
    expect(run.result.ok).toBe(true);
  });
  afterAll(() => run.remove());

  it('declares the page language on <html>', () => {
    expect(page(JA).documentElement.getAttribute('lang')).toBe('ja');
    expect(page(EN).documentElement.getAttribute('lang')).toBe('en');
  });

  it('puts the incident title in <title> and <h1>', () => {
    const jaTitle = '複数のオンプレミス IP がブロック対象となり、一部ユーザーのメール送信が失敗';
    const enTitle = 'Blocks on several on-premises IP addresses stop some users from sending mail';
    expect(textOf(page(JA).querySelector('h1'))).toBe(jaTitle);
    expect(page(JA).title).toContain(jaTitle);
    expect(textOf(page(EN).querySelector('h1'))).toBe(enTitle);
    expect(page(EN).title).toContain(enTitle);
  });

  it('lists the nine updates newest first', () => {
    for (const file of [JA, EN]) {
      const times = updatesOf(page(file)).map(updateTime);
      expect(times).toHaveLength(9);
      const epochs = times.map((time) => Date.parse(time));
      for (let index = 1; index < epochs.length; index += 1) expect(epochs[index]!).toBeLessThan(epochs[index - 1]!);
      expect(times[0]).toBe('2021-12-01T20:14:00Z');
      expect(times[8]).toBe('2021-11-26T06:02:00Z');
    }
  });

  it('shows the final update in JST with the UTC echo inside <time datetime="…Z">', () => {
    const expected: Record<string, string> = {
      [JA]: '2021年12月2日（木）5:14 JST（UTC 12月1日 20:14）',
      [EN]: 'Thursday, December 2, 2021, 5:14 AM JST (December 1, 8:14 PM UTC)',
    };
    for (const [file, text] of Object.entries(expected)) {
      const times = all(page(file), 'time[datetime="2021-12-01T20:14:00Z"]').map(textOf);
      expect(times).toContain(text);
      expect(updatesOf(page(file))[0]!.querySelector('time[datetime="2021-12-01T20:14:00Z"]')).not.toBeNull();
    }
  });

  it('shows start, end and the duration in each language', () => {
    expect(textOf(definition(page(JA), ui('ja', 'labels.duration')))).toBe('3日18時間28分');
    expect(textOf(definition(page(EN), ui('en', 'labels.duration')))).toBe('3 days 18 hours 28 minutes');
    expect(definition(page(JA), ui('ja', 'labels.start'))?.querySelector('time')?.getAttribute('datetime')).toBe('2021-11-25T12:33:00Z');
    expect(definition(page(EN), ui('en', 'labels.end'))?.querySelector('time')?.getAttribute('datetime')).toBe('2021-11-29T07:01:00Z');
  });

  it('shows the current status as a badge whose label is text', () => {
    const badge = definition(page(JA), ui('ja', 'labels.status'))?.querySelector('.status');
    expect(textOf(badge)).toBe(ui('ja', 'status.service-restored'));
    expect(badge?.getAttribute('class')).toContain('status-success');
  });

  it('links the canonical URL and every language version with hreflang', () => {
    for (const [file, lang] of [[JA, 'ja'], [EN, 'en']] as const) {
      const document = page(file);
      expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${BASE}${lang}/incidents/ex300267/`);
      const alternates = Object.fromEntries(all(document, 'link[rel="alternate"][hreflang]').map((link) => [link.getAttribute('hreflang'), link.getAttribute('href')]));
      expect(alternates).toEqual({
        ja: `${BASE}ja/incidents/ex300267/`,
        en: `${BASE}en/incidents/ex300267/`,
        'x-default': `${BASE}ja/incidents/ex300267/`,
      });
    }
  });

  it('has hreflang links and a visible language switch that lead to built pages of the same incident', () => {
    for (const [file, other] of [[JA, 'en'], [EN, 'ja']] as const) {
      const document = page(file);
      const targets = all(document, 'link[rel="alternate"][hreflang], a[hreflang]').map((element) => resolveInternal(file, element.getAttribute('href')!, BASE)?.file);
      for (const target of targets) expect(run.files.has(target!), `${file} links to ${target}`).toBe(true);

      const switches = all(document, 'body a[hreflang]').filter((link) => link.getAttribute('hreflang') === other);
      expect(switches.length).toBeGreaterThan(0);
      const target = resolveInternal(file, switches[0]!.getAttribute('href')!, BASE)!.file;
      expect(target).toBe(`${other}/incidents/ex300267/index.html`);
      expect(textOf(switches[0])).toBe(ui(other === 'en' ? 'ja' : 'en', `language.switchTo.${other}`));
      expect(page(target).documentElement.getAttribute('lang')).toBe(other);
    }
  });

  it('shows the labelled fields of each update in the official order', () => {
    for (const [file, lang] of [[JA, 'ja'], [EN, 'en']] as const) {
      const order = OFFICIAL_FIELD_ORDER.map((key) => ui(lang, `labels.${key}`));
      const updates = updatesOf(page(file));
      for (const update of updates) {
        const labels = all(update, 'dt').map(textOf);
        const positions = labels.map((label) => order.indexOf(label));
        expect(positions, `${update.id}: ${labels.join(', ')}`).not.toContain(-1);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }
      const newest = all(updates[0]!, 'dt').map(textOf);
      expect(newest).toEqual(['impact', 'moreInfo', 'finalStatus', 'scope', 'start', 'end', 'rootCause', 'nextSteps'].map((key) => ui(lang, `labels.${key}`)));
    }
  });

  it('shows a field in JST and UTC when it is a time', () => {
    const newest = updatesOf(page(EN))[0]!;
    const start = definition(newest, ui('en', 'labels.start'))?.querySelector('time');
    expect(start?.getAttribute('datetime')).toBe('2021-11-25T12:33:00Z');
    expect(textOf(start)).toBe('Thursday, November 25, 2021, 9:33 PM JST (12:33 PM UTC)');
  });

  it('shows an untranslated update of the ongoing advisory in English with a Japanese note', () => {
    const document = page('ja/incidents/mo1180412/index.html');
    const newest = updatesOf(document)[0]!;
    const note = ui('ja', 'untranslated');
    expect(note).toBe('未翻訳（原文を表示しています）');
    expect(all(newest, '.untranslated, *').some((element) => textOf(element) === note)).toBe(true);
    const english = all(newest, '[lang="en"]').map(textOf).join('\n');
    expect(english).toContain('About 80% of the backlog has been processed.');
    expect(english).toContain('New and updated files may take longer to show up in Microsoft 365 search');
    // The translated update before it has no note.
    expect(textOf(updatesOf(document)[1])).not.toContain(note);
    // The English page never shows the note.
    expect(textOf(page('en/incidents/mo1180412/index.html').querySelector('body'))).not.toContain(ui('en', 'untranslated'));
  });

  it('shows an ongoing incident as not ended, with its duration up to the latest update', () => {
    const document = page('ja/incidents/mo1180412/index.html');
    expect(textOf(definition(document, ui('ja', 'labels.end')))).toBe(ui('ja', 'labels.notEnded'));
    // 2026-11-24 14:10 JST to the newest update, 2026-11-26 18:45 JST.
    expect(textOf(definition(document, ui('ja', 'labels.duration')))).toContain('2日4時間35分');
  });

  it('lists the ongoing incident under its own heading first, then the others newest first', () => {
    for (const lang of ['ja', 'en'] as const) {
      const file = `${lang}/index.html`;
      const document = page(file);
      const headings = all(document, 'main h2').map(textOf);
      const ongoingIndex = headings.indexOf(ui(lang, 'index.ongoing'));
      const pastIndex = headings.indexOf(ui(lang, 'index.past'));
      expect(ongoingIndex).toBeGreaterThanOrEqual(0);
      expect(ongoingIndex).toBeLessThan(pastIndex);
      const linked = (heading: string) => {
        const section = all(document, 'main h2').find((element) => textOf(element) === heading)!.closest('section')!;
        return all(section, 'a[href]')
          .map((link) => resolveInternal(file, link.getAttribute('href')!, BASE)?.file ?? '')
          .filter((target) => target.includes('/incidents/'));
      };
      expect(linked(ui(lang, 'index.ongoing'))).toEqual([`${lang}/incidents/mo1180412/index.html`]);
      expect(linked(ui(lang, 'index.past'))).toEqual([`${lang}/incidents/tm300512/index.html`, `${lang}/incidents/ex300267/index.html`]);
    }
  });

  it('links the front door to both languages and says so in both', () => {
    const document = page('index.html');
    const targets = all(document, 'a[href]').map((link) => resolveInternal('index.html', link.getAttribute('href')!, BASE)?.file);
    expect(targets).toContain('ja/index.html');
    expect(targets).toContain('en/index.html');
    const body = textOf(document.querySelector('body'));
    expect(body).toContain(ui('ja', 'home.enter'));
    expect(body).toContain(ui('en', 'home.enter'));
  });
});

describe('labelled fields', () => {
  it('follow the official order whatever order the record gives them in', async () => {
    const run = await buildFixture({
      'content/incidents/EX9.yaml': lines(
        'id: EX9',
        'service: exchange-online',
        'title: {en: Order, ja: 順序}',
        'start: 2021-11-25 21:33 JST',
        'end: 2021-11-26 01:00 JST',
        'updates:',
        '  - at: 2021-11-26 01:30 JST',
        '    status: service-restored',
        '    next_update: 2021-11-26 03:00 JST',
        '    next_steps: {en: Next., ja: 次。}',
        '    root_cause: {en: Cause., ja: 原因。}',
        '    end: 2021-11-26 01:00 JST',
        '    start: 2021-11-25 21:33 JST',
        '    scope: {en: Scope., ja: 範囲。}',
        '    final_status: {en: Final., ja: 最終。}',
        '    current_status: {en: Current., ja: 現在。}',
        '    more_info: {en: More., ja: 詳細。}',
        '    impact: {en: Impact., ja: 影響。}',
      ),
    });
    try {
      expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
      for (const lang of ['ja', 'en'] as const) {
        const update = updatesOf(parseHtml(run.text(`${lang}/incidents/ex9/index.html`)))[0]!;
        expect(all(update, 'dt').map(textOf)).toEqual(OFFICIAL_FIELD_ORDER.map((key) => ui(lang, `labels.${key}`)));
      }
    } finally {
      await run.remove();
    }
  });
});
