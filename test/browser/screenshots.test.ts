import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../helpers/build.js';
import { launchChromium, newWatchedContext, watchPage } from './chromium.js';

const siteUrl = inject('siteUrl');

/** Where the screenshots go for a person to look at (git-ignored). */
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

const PAGES: [slug: string, path: string][] = [
  ['front-door', ''],
  ['ja-index', 'ja/index.html'],
  ['en-index', 'en/index.html'],
  ['ja-ex300267', 'ja/incidents/ex300267/index.html'],
  ['en-ex300267', 'en/incidents/ex300267/index.html'],
  ['ja-mo1180412', 'ja/incidents/mo1180412/index.html'],
  ['ja-exchange-online', 'ja/services/exchange-online/index.html'],
  ['en-exchange-online', 'en/services/exchange-online/index.html'],
  ['ja-2021', 'ja/2021/index.html'],
  // With a query, so that the form and a result are in the picture.
  ['ja-search', `ja/search/index.html?q=${encodeURIComponent('許可リスト')}`],
  ['en-search', 'en/search/index.html?q=anti-spam'],
];

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

// Module-local: the project's TypeScript has no DOM library; these run in the page.
declare const document: {
  fonts: { ready: Promise<unknown> };
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): { right: number; left: number }; tagName: string; className: unknown }> };
declare const window: { innerWidth: number };

/** Elements that stick out past the right edge of the viewport, for a readable failure. */
function overflowing(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const culprits: string[] = [];
    const elements = document.querySelectorAll('body *');
    for (let index = 0; index < elements.length; index += 1) {
      const element = elements[index]!;
      const box = element.getBoundingClientRect();
      if (box.right > window.innerWidth + 0.5) culprits.push(`${element.tagName.toLowerCase()}.${String(element.className)} right=${Math.round(box.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 10) };
  });
}

describe('screenshots at phone and desktop widths, light and dark', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${viewport.width}×${viewport.height} ${colorScheme}: saves every page${viewport.width < 600 ? ' and nothing overflows sideways' : ''}`, async () => {
        const context = await newWatchedContext(browser, {
          viewport: { width: viewport.width, height: viewport.height },
          colorScheme,
          timezoneId: 'Asia/Tokyo',
          deviceScaleFactor: 1,
        });
        const page = await context.newPage();
        const problems = watchPage(page);
        try {
          for (const [slug, pagePath] of PAGES) {
            expect((await page.goto(`${siteUrl}${pagePath}`))?.status(), slug).toBe(200);
            if (pagePath.includes('?q=')) await page.locator('.search-results li').first().waitFor({ timeout: 15_000 });
            await page.evaluate(() => document.fonts.ready.then(() => true));
            // The whole page, and the first screen alone (what a reader sees on arrival, easier to look at).
            const name = `${slug}-${viewport.width}-${colorScheme}`;
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-top.png`) });
            if (viewport.width < 600) {
              const result = await overflowing(page);
              expect(result.scrollWidth, `${slug}: ${result.culprits.join(', ')}`).toBeLessThanOrEqual(result.innerWidth);
            }
          }
          expect(problems.list).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
