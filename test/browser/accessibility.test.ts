import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
const siteUrl = inject('siteUrl');

/** WCAG 2.1 A and AA. No rule is disabled. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PAGES: [name: string, path: string][] = [
  ['the front door', ''],
  ['the Japanese index', 'ja/index.html'],
  ['the English index', 'en/index.html'],
  ['the Japanese EX300267 article', 'ja/incidents/ex300267/index.html'],
  ['the English EX300267 article', 'en/incidents/ex300267/index.html'],
  ['an ongoing advisory (open-ended picture)', 'ja/incidents/mo1180412/index.html'],
  ['the Japanese Exchange Online page (history and calendar)', 'ja/services/exchange-online/index.html'],
  ['the English Exchange Online page (history and calendar)', 'en/services/exchange-online/index.html'],
  ['the Japanese 2021 page (calendar)', 'ja/2021/index.html'],
  ['the Japanese search page', 'ja/search/index.html'],
  ['the English search page', 'en/search/index.html'],
];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
  passes: unknown[];
}

/** Runs axe-core in the page and describes each violation with the elements it found. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, resultTypes: ['violations'] })`)) as AxeResult;
  expect(result.passes.length, 'axe ran its checks').toBeGreaterThan(0);
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? ''}): ${violation.help} at ${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/gu, ' ')}` : ''}`),
  );
}

describe('axe-core (WCAG 2.1 AA) on the pages readers land on', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`in the ${colorScheme} colour scheme`, () => {
      let context: BrowserContext;
      beforeAll(async () => {
        // Only for axe: injecting its script is what the pages' own CSP rightly forbids. The behaviour
        // tests in reading.test.ts run with the CSP enforced.
        context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 800 } });
      });
      afterAll(async () => {
        await context?.close();
      });

      for (const [name, path] of PAGES) {
        it(`finds no violation on ${name}`, async () => {
          const page = await context.newPage();
          expect((await page.goto(`${siteUrl}${path}`))?.status()).toBe(200);
          expect(await axeViolations(page)).toEqual([]);
          await page.close();
        });
      }

      it('finds no violation on a search page showing results', async () => {
        const page = await context.newPage();
        await page.goto(`${siteUrl}en/search/index.html?q=mail`);
        await expect.poll(() => page.locator('.search-results li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        expect(await axeViolations(page)).toEqual([]);
        await page.close();
      });

      it('finds no violation on an article with times shown in the reader\'s zone', async () => {
        const page = await context.newPage();
        await page.goto(`${siteUrl}ja/incidents/ex300267/index.html`);
        await page.locator('button.local-time-toggle').click();
        expect(await page.locator('button.local-time-toggle').getAttribute('aria-pressed')).toBe('true');
        expect(await axeViolations(page)).toEqual([]);
        await page.close();
      });

      it('finds no violation on the 404 page', async () => {
        const page = await context.newPage();
        expect((await page.goto(`${siteUrl}en/missing/`))?.status()).toBe(404);
        expect(await axeViolations(page)).toEqual([]);
        await page.close();
      });
    });
  }

  it('reports a violation when there is one (the check can fail)', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${siteUrl}en/index.html`);
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="x.png">')`);
    expect((await axeViolations(page)).some((line) => line.startsWith('image-alt'))).toBe(true);
    await context.close();
  });
});
