import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, parseHtml, resolveInternal, textOf, type BuildRun } from '../helpers/build.js';
import { CORPUS_BOUNDARY_INDEX, CORPUS_ONGOING, CORPUS_SERVICES, CORPUS_SIZE, corpusIncidents, generateCorpus } from '../helpers/generate-corpus.js';

const BASE = 'https://status.example.org/';
const incidents = corpusIncidents();
const newestFirst = [...incidents].sort((a, b) => Date.parse(b.start) - Date.parse(a.start));

let run: BuildRun;
beforeAll(async () => {
  run = await buildFixture(generateCorpus());
  expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
});
afterAll(() => run.remove());

/** Article slugs listed on a page, in order, by section. */
function listed(file: string): { ongoing: string[]; past: string[] } {
  const document = parseHtml(run.text(file));
  const slugs = (selector: string) => all(document, `${selector} .incident-item-title a`).map((link) => resolveInternal(file, link.getAttribute('href')!, BASE)!.file.split('/')[2]!);
  return { ongoing: slugs('section.ongoing'), past: slugs('section[aria-labelledby="past-heading"]') };
}

/** Article slugs of a paginated listing, following its next links from the first page: the pages visited and the slugs of each section. */
function listedAll(build: BuildRun, first: string): { pages: string[]; ongoing: string[]; past: string[] } {
  const result = { pages: [] as string[], ongoing: [] as string[], past: [] as string[] };
  for (let file: string | undefined = first; file; ) {
    result.pages.push(file);
    const document = parseHtml(build.text(file));
    const current: string = file;
    const slugs = (selector: string) => all(document, `${selector} .incident-item-title a`).map((link) => resolveInternal(current, link.getAttribute('href')!, BASE)!.file.split('/')[2]!);
    result.ongoing.push(...slugs('section.ongoing'));
    result.past.push(...slugs('section[aria-labelledby="past-heading"]'));
    const next = document.querySelector('nav.pagination a[rel="next"]')?.getAttribute('href');
    file = next ? resolveInternal(current, next, BASE)!.file : undefined;
  }
  return result;
}

describe('the paginated index', () => {
  for (const lang of ['ja', 'en']) {
    it(`splits 45 incidents into three ${lang} pages of at most 20, ongoing ones on top of the first`, () => {
      const pages = [`${lang}/index.html`, `${lang}/page/2/index.html`, `${lang}/page/3/index.html`];
      expect(run.files.has(`${lang}/page/4/index.html`)).toBe(false);
      expect(run.files.has(`${lang}/page/1/index.html`)).toBe(false);
      const lists = pages.map(listed);
      expect(lists.map((list) => list.past.length)).toEqual([20, 20, CORPUS_SIZE - CORPUS_ONGOING.length - 40]);
      expect(lists[0]!.ongoing).toEqual(newestFirst.filter((incident) => incident.ongoing).map((incident) => incident.slug));
      expect(lists[1]!.ongoing).toEqual([]);
      expect(lists.flatMap((list) => list.past)).toEqual(newestFirst.filter((incident) => !incident.ongoing).map((incident) => incident.slug));
    });

    it(`links the ${lang} pages with rel prev/next in the head and in a pagination nav`, () => {
      const heads = [`${lang}/index.html`, `${lang}/page/2/index.html`, `${lang}/page/3/index.html`].map((file) => parseHtml(run.text(file)));
      const rel = (index: number, name: string) => heads[index]!.querySelector(`link[rel="${name}"]`)?.getAttribute('href') ?? null;
      expect([rel(0, 'prev'), rel(0, 'next')]).toEqual([null, `${BASE}${lang}/page/2/`]);
      expect([rel(1, 'prev'), rel(1, 'next')]).toEqual([`${BASE}${lang}/`, `${BASE}${lang}/page/3/`]);
      expect([rel(2, 'prev'), rel(2, 'next')]).toEqual([`${BASE}${lang}/page/2/`, null]);

      const file = `${lang}/page/2/index.html`;
      const nav = heads[1]!.querySelector('nav.pagination')!;
      const target = (selector: string) => resolveInternal(file, nav.querySelector(selector)!.getAttribute('href')!, BASE)!.file;
      expect(target('a[rel="prev"]')).toBe(`${lang}/index.html`);
      expect(target('a[rel="next"]')).toBe(`${lang}/page/3/index.html`);
      expect(textOf(nav.querySelector('a[aria-current="page"]'))).toBe('2');
      for (const link of all(nav, 'a')) expect(run.files.has(resolveInternal(file, link.getAttribute('href')!, BASE)!.file)).toBe(true);
    });
  }

  it('states the total count and the page number in each language', () => {
    expect(textOf(parseHtml(run.text('ja/index.html')).querySelector('.count'))).toBe('45 件 1 / 3 ページ');
    expect(textOf(parseHtml(run.text('en/page/3/index.html')).querySelector('.count'))).toBe('45 incidents Page 3 of 3');
    expect(parseHtml(run.text('en/page/2/index.html')).title).toContain('All incidents (page 2)');
  });

  it('marks the index link of the site navigation as the current page on the first page only', () => {
    const current = (file: string) => all(parseHtml(run.text(file)), '.site-nav a[aria-current="page"]').map((link) => link.getAttribute('href'));
    expect(current('ja/index.html')).toEqual(['index.html']);
    expect(current('ja/page/2/index.html')).toEqual([]);
  });
});

describe('service pages', () => {
  for (const service of CORPUS_SERVICES) {
    it(`list the 15 ${service} incidents, newest first, with their count`, () => {
      for (const lang of ['ja', 'en']) {
        const file = `${lang}/services/${service}/index.html`;
        const { ongoing, past } = listed(file);
        const expected = newestFirst.filter((incident) => incident.service === service);
        expect([...ongoing, ...past]).toEqual([...expected.filter((i) => i.ongoing), ...expected.filter((i) => !i.ongoing)].map((incident) => incident.slug));
        expect(textOf(parseHtml(run.text(file)).querySelector('.count'))).toBe(lang === 'ja' ? '15 件' : '15 incidents');
      }
    });
  }

  it('link their own Atom feed, visibly and in the head', () => {
    const file = 'en/services/microsoft-teams/index.html';
    const document = parseHtml(run.text(file));
    const visible = document.querySelector('.listing-feed a')!;
    expect(resolveInternal(file, visible.getAttribute('href')!, BASE)!.file).toBe('en/services/microsoft-teams/feed.xml');
    expect(all(document, 'link[rel="alternate"][type="application/atom+xml"]').map((link) => link.getAttribute('href'))).toContain(`${BASE}en/services/microsoft-teams/feed.xml`);
  });
});

describe('year pages', () => {
  it('count incidents by the year of their start in each language’s primary zone', () => {
    // The boundary incident starts on 2024-12-31 20:00 UTC: 2025 in JST (ja), 2024 in UTC (en).
    const boundary = incidents[CORPUS_BOUNDARY_INDEX]!.slug;
    const count = (file: string) => {
      const { ongoing, past } = listedAll(run, file);
      return [...ongoing, ...past];
    };
    expect(count('ja/2024/index.html')).toHaveLength(22);
    expect(count('ja/2025/index.html')).toHaveLength(23);
    expect(count('ja/2025/index.html')).toContain(boundary);
    expect(count('en/2024/index.html')).toHaveLength(23);
    expect(count('en/2024/index.html')).toContain(boundary);
    expect(textOf(parseHtml(run.text('ja/2025/index.html')).querySelector('h1'))).toBe('2025年の障害情報');
    expect(textOf(parseHtml(run.text('en/2025/index.html')).querySelector('.count'))).toBe('22 incidents');
  });

  it('are reachable from the browse navigation of the index, with counts', () => {
    const file = 'ja/index.html';
    const browse = parseHtml(run.text(file)).querySelector('nav.browse')!;
    const entries = all(browse, 'li').map((item) => [resolveInternal(file, item.querySelector('a')!.getAttribute('href')!, BASE)!.file, textOf(item.querySelector('.browse-count'))]);
    expect(entries).toEqual([
      ['ja/services/exchange-online/index.html', '15 件'],
      ['ja/services/microsoft-teams/index.html', '15 件'],
      ['ja/services/sharepoint-online/index.html', '15 件'],
      ['ja/2025/index.html', '23 件'],
      ['ja/2024/index.html', '22 件'],
    ]);
    for (const [target] of entries) expect(run.files.has(target!)).toBe(true);
  });
});

describe('service and year pages of a long listing', () => {
  let small: BuildRun;
  beforeAll(async () => {
    const files = generateCorpus();
    files['content/site.yaml'] = files['content/site.yaml']!.replace('page_size: 20', 'page_size: 6');
    small = await buildFixture(files);
    expect(small.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  });
  afterAll(() => small.remove());

  it('are paginated like the index: ongoing incidents on top of the first page, page_size of the rest per page', () => {
    for (const service of CORPUS_SERVICES) {
      const expected = newestFirst.filter((incident) => incident.service === service);
      const past = expected.filter((incident) => !incident.ongoing);
      const { pages, ongoing, past: listedPast } = listedAll(small, `en/services/${service}/index.html`);
      expect(pages).toEqual(Array.from({ length: Math.ceil(past.length / 6) }, (_, index) => (index === 0 ? `en/services/${service}/index.html` : `en/services/${service}/page/${index + 1}/index.html`)));
      expect(ongoing).toEqual(expected.filter((incident) => incident.ongoing).map((incident) => incident.slug));
      expect(listedPast).toEqual(past.map((incident) => incident.slug));
      expect(pages.length).toBeGreaterThan(1);
    }
    const year = listedAll(small, 'ja/2025/index.html');
    expect(year.pages.length).toBeGreaterThan(2);
    expect([...year.ongoing, ...year.past]).toHaveLength(23);
    expect(textOf(parseHtml(small.text('ja/2025/page/2/index.html')).querySelector('h1'))).toBe('2025年の障害情報（2 ページ目）');
    const teamsPages = Math.ceil(newestFirst.filter((incident) => incident.service === 'microsoft-teams' && !incident.ongoing).length / 6);
    expect(textOf(parseHtml(small.text('en/services/microsoft-teams/page/2/index.html')).querySelector('.count'))).toBe(`15 incidents Page 2 of ${teamsPages}`);
  });

  it('link only language versions that exist (a year can have more pages in one zone than in the other)', () => {
    const listings = [...small.files.keys()].filter((file) => /^(ja|en)\/(\d{4}|services\/[^/]+)\/(page\/\d+\/)?index\.html$/u.test(file));
    expect(listings.length).toBeGreaterThan(12);
    for (const file of listings) {
      const alternates = all(parseHtml(small.text(file)), 'link[rel="alternate"][hreflang]').map((link) => link.getAttribute('href')!);
      expect(alternates.length, file).toBeGreaterThan(0);
      for (const href of alternates) expect(small.files.has(resolveInternal(file, href, BASE)!.file), `${file} → ${href}`).toBe(true);
    }
  });
});

describe('the sample content', () => {
  let sample: BuildRun;
  beforeAll(async () => {
    const { buildSample } = await import('../helpers/build.js');
    sample = await buildSample();
  });
  afterAll(() => sample.remove());

  it('fits on one index page without pagination, the ongoing advisory on top', () => {
    const document = parseHtml(sample.text('en/index.html'));
    expect(document.querySelector('nav.pagination')).toBeNull();
    expect(document.querySelector('link[rel="next"]')).toBeNull();
    expect(all(document, 'section.ongoing .incident-item-title a').map((link) => link.getAttribute('href'))).toEqual(['incidents/mo1180412/index.html']);
    expect(sample.files.has('en/page/2/index.html')).toBe(false);
  });
});

describe('the pagination nav of a long index', () => {
  it('shows the first and last pages and two on each side of the current one, with gaps for the rest', async () => {
    const { paginationWindow } = await import('../../src/render/listings.js');
    expect(paginationWindow(1, 1)).toEqual([1]);
    expect(paginationWindow(3, 2)).toEqual([1, 2, 3]);
    expect(paginationWindow(200, 1)).toEqual([1, 2, 3, null, 200]);
    expect(paginationWindow(200, 100)).toEqual([1, null, 98, 99, 100, 101, 102, null, 200]);
    expect(paginationWindow(200, 5)).toEqual([1, 2, 3, 4, 5, 6, 7, null, 200]);
    expect(paginationWindow(200, 4)).toEqual([1, 2, 3, 4, 5, 6, null, 200]);
    expect(paginationWindow(9, 5)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let total = 1; total <= 60; total += 1) {
      for (let current = 1; current <= total; current += 1) {
        const shown = paginationWindow(total, current);
        expect(shown.length).toBeLessThanOrEqual(9);
        const numbers = shown.filter((page): page is number => page !== null);
        expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
        expect(numbers).toContain(current);
        expect(numbers[0]).toBe(1);
        expect(numbers.at(-1)).toBe(total);
        // A gap stands for at least two pages; a single missing page is shown instead.
        shown.forEach((page, index) => {
          if (page === null) expect(shown[index + 1]! - shown[index - 1]!).toBeGreaterThan(2);
        });
      }
    }
  });
});
