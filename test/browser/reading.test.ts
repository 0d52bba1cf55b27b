import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CSP_MARKER, launchChromium, newWatchedContext, watchPage, type PageProblems } from './chromium.js';

const siteUrl = inject('siteUrl');
const article = (lang: string) => `${siteUrl}${lang}/incidents/ex300267/index.html`;

/** What a reader of each language must see on EX300267. */
const LANGUAGES = {
  ja: {
    locale: 'ja-JP',
    other: 'en',
    title: '複数のオンプレミス IP がブロック対象となり、一部ユーザーのメール送信が失敗',
    start: '2021年11月25日（木）21:33 JST（UTC 12:33）',
    startLabel: '開始時刻',
    // A word from the middle of an unspaced Japanese sentence, and an English word inside Japanese text.
    queries: ['許可リスト', 'NDR'],
    // Intl's Japanese short zone name for New York; the weekday in full-width brackets like the rest of the page.
    newYorkStart: /^2021年11月25日（木）7:33 ?GMT-5$/u,
    zoneStatus: '時刻をお使いのタイムゾーンで表示しています：America/New_York',
  },
  en: {
    locale: 'en-US',
    other: 'ja',
    title: 'Blocks on several on-premises IP addresses stop some users from sending mail',
    start: 'Thursday, November 25, 2021, 9:33 PM JST (12:33 PM UTC)',
    startLabel: 'Start time',
    queries: ['anti-spam', 'allow list'],
    newYorkStart: /November 25, 2021.*7:33\sAM EST/u,
    zoneStatus: 'Times are shown in your time zone: America/New_York',
  },
} as const;

type Lang = keyof typeof LANGUAGES;

/** The text of the fact whose term is `label` in the article's fact list. */
function fact(page: Page, label: string) {
  return page.locator('.facts > div').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');
}

/** The instants of EX300267's updates, newest first, from the JSON API (an independent output). */
async function apiUpdateInstants(): Promise<string[]> {
  const response = await fetch(`${siteUrl}api/v1/incidents/EX300267.json`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { incident: { updates: { at: string }[] } };
  return body.incident.updates.map((update) => update.at).sort((a, b) => Date.parse(b) - Date.parse(a));
}

describe('reading the site in Chromium, served under /status/', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A CSP-enforcing context and a watched page in it. */
  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; problems: PageProblems }> {
    const context = await newWatchedContext(browser, options);
    const page = await context.newPage();
    return { page, problems: watchPage(page) };
  }

  it('notices a Content-Security-Policy violation and a failed request (the watcher can fail)', async () => {
    const { page, problems } = await open();
    await page.goto(article('en'));
    await page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.appendChild(script);
    }`);
    await expect.poll(() => problems.list.some((line) => line.includes(CSP_MARKER) && line.includes('script-src'))).toBe(true);
    expect(await page.evaluate('window.injected === true')).toBe(false);
    problems.clear();
    const missing = await page.goto(`${siteUrl}en/incidents/no-such-incident/`);
    expect(missing?.status()).toBe(404);
    expect(problems.list.some((line) => line.startsWith('HTTP 404'))).toBe(true);
    await page.context().close();
  });

  for (const lang of ['ja', 'en'] as const) {
    const expected = LANGUAGES[lang];
    const other: Lang = expected.other;

    describe(`in ${lang}`, () => {
      it('a reader goes from the front door to the index and EX300267, sees its timeline newest first in JST and UTC, and switches language on the same incident', async () => {
        const { page, problems } = await open({ locale: expected.locale, timezoneId: 'Asia/Tokyo' });
        const front = await page.goto(siteUrl);
        expect(front?.status()).toBe(200);
        await page.locator(`a.home-enter[hreflang="${lang}"]`).click();
        await page.waitForURL(`${siteUrl}${lang}/index.html`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);

        const item = page.locator('.incident-item').filter({ has: page.locator('.incident-id', { hasText: 'EX300267' }) });
        await expect.poll(() => item.count()).toBe(1);
        await item.locator('.incident-item-title a').click();
        await page.waitForURL(article(lang));
        expect((await page.locator('h1').textContent())?.trim()).toBe(expected.title);
        expect((await fact(page, expected.startLabel).textContent())?.trim()).toBe(expected.start);

        const headings = page.locator('ol.timeline-list > li.update > .update-heading time');
        const instants = await Promise.all((await headings.all()).map((time) => time.getAttribute('datetime')));
        expect(instants).toEqual(await apiUpdateInstants());
        expect(instants).toHaveLength(9);
        expect(await page.locator('ol.timeline-list').getAttribute('reversed')).not.toBeNull();
        for (const text of await headings.allTextContents()) {
          expect(text).toMatch(/JST/u);
          expect(text).toMatch(/UTC/u);
        }

        await page.locator('.language-switch').click();
        await page.waitForURL(article(other));
        expect(await page.locator('html').getAttribute('lang')).toBe(other);
        expect((await page.locator('h1').textContent())?.trim()).toBe(LANGUAGES[other].title);
        expect((await page.locator('.incident-header .incident-id').textContent())?.trim()).toBe('EX300267');

        expect(problems.list).toEqual([]);
      });

      it('the search page finds EX300267 by a Japanese-script and a Latin-script query, in its own language', async () => {
        const { page, problems } = await open({ locale: expected.locale });
        await page.goto(`${siteUrl}${lang}/search/index.html`);
        const input = page.locator('#search-input');
        await expect.poll(() => input.isVisible()).toBe(true);
        expect(await page.locator('[data-search-fallback]').isVisible()).toBe(false);
        for (const query of expected.queries) {
          await input.fill(query);
          await input.press('Enter');
          const links = page.locator('.search-results li a');
          await expect.poll(() => page.locator('[data-search-status]').textContent(), { timeout: 15_000 }).toContain(query);
          const hrefs = await Promise.all((await links.all()).map((link) => link.evaluate((element) => (element as unknown as { href: string }).href)));
          expect(hrefs, query).toContain(article(lang));
          expect(hrefs.every((href) => href.startsWith(`${siteUrl}${lang}/incidents/`)), query).toBe(true);
          expect(new URL(page.url()).searchParams.get('q')).toBe(query);
        }
        await page.locator('.search-results li a', { hasText: expected.title }).first().click();
        await page.waitForURL(article(lang));

        // A query in the address (a shared link) runs on load.
        await page.goto(`${siteUrl}${lang}/search/index.html?q=${encodeURIComponent(expected.queries[0])}`);
        await expect.poll(() => page.locator('.search-results li a').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        expect(problems.list).toEqual([]);
      });

      it('"show times in my time zone" converts the times to the browser\'s zone (America/New_York), is remembered, and turns off again', async () => {
        const { page, problems } = await open({ locale: expected.locale, timezoneId: 'America/New_York' });
        await page.goto(article(lang));
        const toggle = page.locator('button.local-time-toggle');
        await expect.poll(() => toggle.isVisible()).toBe(true);
        expect(await toggle.getAttribute('aria-pressed')).toBe('false');
        const start = fact(page, expected.startLabel).locator('time');
        expect((await start.textContent())?.trim()).toBe(expected.start);

        await toggle.click();
        expect(await toggle.getAttribute('aria-pressed')).toBe('true');
        expect(await start.textContent()).toMatch(expected.newYorkStart);
        expect(await start.getAttribute('title')).toBe(expected.start);
        expect(await page.locator('.local-time-status').textContent()).toBe(expected.zoneStatus);

        await page.reload();
        await expect.poll(() => start.textContent()).toMatch(expected.newYorkStart);
        await toggle.click();
        expect(await toggle.getAttribute('aria-pressed')).toBe('false');
        expect((await start.textContent())?.trim()).toBe(expected.start);
        expect(problems.list).toEqual([]);
      });

      it('with JavaScript off, the article, the index and the front door still show everything, and the search page says what to do', async () => {
        const { page, problems } = await open({ locale: expected.locale, javaScriptEnabled: false, timezoneId: 'America/New_York' });
        await page.goto(article(lang));
        await page.reload();
        expect((await page.locator('h1').textContent())?.trim()).toBe(expected.title);
        expect(await page.locator('ol.timeline-list > li.update').count()).toBe(9);
        expect((await fact(page, expected.startLabel).textContent())?.trim()).toBe(expected.start);
        expect(await page.locator('.local-time-toggle').count()).toBe(0);
        expect(await page.locator('.timeline-list .prose').first().isVisible()).toBe(true);

        await page.goto(`${siteUrl}${lang}/index.html`);
        expect(await page.locator('.incident-item').count()).toBeGreaterThanOrEqual(3);

        await page.goto(`${siteUrl}${lang}/search/index.html`);
        const fallback = page.locator('[data-search-fallback]');
        expect(await fallback.isVisible()).toBe(true);
        expect(await page.locator('[data-search-form]').isVisible()).toBe(false);
        await fallback.locator('a').click();
        await page.waitForURL(`${siteUrl}${lang}/index.html`);
        expect(problems.list).toEqual([]);
      });
    });
  }

  it('serves the 404 page with status 404 at any missing path, with working links', async () => {
    const { page, problems } = await open();
    const response = await page.goto(`${siteUrl}ja/no/such/page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('.not-found h1').count()).toBe(1);
    problems.clear();
    await page.locator('.not-found-language[lang="en"] a').first().click();
    await page.waitForLoadState('load');
    expect(page.url().startsWith(siteUrl)).toBe(true);
    expect((await page.goto(page.url()))?.status()).toBe(200);
    expect(problems.list).toEqual([]);
  });
});
