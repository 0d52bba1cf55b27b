import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, buildSample, htmlFiles, parseHtml, resolveInternal, type BuildRun } from '../helpers/build.js';
import { generateCorpus } from '../helpers/generate-corpus.js';
import { openSearchIndex } from '../helpers/pagefind-search.js';

const BASE = 'https://example.github.io/status/';
const HOST = 'https://example.github.io';

/** Every URL-valued attribute of a page: [element, attribute, value]. */
function urlAttributes(html: string): [string, string, string][] {
  const document = parseHtml(html);
  const found: [string, string, string][] = [];
  for (const [selector, attribute] of [
    ['a[href]', 'href'],
    ['link[href]', 'href'],
    ['script[src]', 'src'],
    ['img[src]', 'src'],
    ['form[action]', 'action'],
    ['meta[property="og:url"]', 'content'],
    ['[data-bundle]', 'data-bundle'],
  ] as const) {
    for (const element of all(document, selector)) found.push([element.tagName.toLowerCase(), attribute, element.getAttribute(attribute)!]);
  }
  for (const script of all(document, 'script[type="application/ld+json"]')) {
    for (const url of JSON.stringify(JSON.parse(script.textContent ?? '')).match(/https?:\/\/[^"]+/gu) ?? []) found.push(['script', 'json-ld', url]);
  }
  return found;
}

/** Every absolute URL on the site's host in a text file (feeds, sitemap, robots, API). */
function hostUrls(text: string): string[] {
  return (text.match(/https?:\/\/example\.github\.io[^\s"'<>\\]*/gu) ?? []).map((url) => url.replace(/&amp;/gu, '&'));
}

for (const [name, make] of [
  ['the sample content', () => buildSample({ baseUrl: BASE })],
  ['45 generated incidents', () => buildFixture(generateCorpus(), { baseUrl: BASE })],
] as const) {
  describe(`${name} built for ${BASE}`, () => {
    let run: BuildRun;
    beforeAll(async () => {
      run = await make();
      expect(run.result.ok).toBe(true);
    });
    afterAll(() => run.remove());

    it('every absolute internal URL in every page starts with the base URL and names a built file', () => {
      let checked = 0;
      for (const file of htmlFiles(run.files)) {
        for (const [tag, attribute, value] of urlAttributes(run.text(file))) {
          if (!/^[a-z]+:/iu.test(value) || !value.startsWith(HOST)) continue;
          expect(value, `${file} <${tag} ${attribute}>`).toMatch(new RegExp(`^${BASE.replace(/[./]/gu, '\\$&')}`, 'u'));
          const target = resolveInternal(file, value, BASE)!;
          expect(run.files.has(target.file), `${file} <${tag} ${attribute}="${value}">`).toBe(true);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });

    it('every relative link, asset and script in every page resolves to a built file (and fragment)', () => {
      let checked = 0;
      for (const file of htmlFiles(run.files)) {
        for (const [tag, attribute, value] of urlAttributes(run.text(file))) {
          if (/^[a-z]+:/iu.test(value) || value.startsWith('//')) continue;
          const target = resolveInternal(file, value, BASE);
          expect(target, `${file} <${tag} ${attribute}="${value}">`).toBeDefined();
          if (value.startsWith('#')) continue;
          expect(run.files.has(target!.file), `${file} <${tag} ${attribute}="${value}"> → ${target!.file}`).toBe(true);
          if (target!.fragment) expect(parseHtml(run.text(target!.file)).getElementById(target!.fragment), `${file} → ${value}`).not.toBeNull();
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });

    it('404 pages use only absolute URLs under the base, since they are served at any path', () => {
      for (const file of ['404.html', 'ja/404.html', 'en/404.html']) {
        for (const [tag, attribute, value] of urlAttributes(run.text(file))) {
          if (value.startsWith('#')) continue;
          expect(value, `${file} <${tag} ${attribute}>`).toMatch(/^https:\/\/example\.github\.io\/status\//u);
        }
      }
    });

    it('every URL in feeds, sitemap, robots.txt and the API starts with the base URL and names a built file', () => {
      const files = [...run.files.keys()].filter((file) => /\.(xml|json|txt)$/u.test(file) && !file.startsWith('pagefind/'));
      expect(files).toEqual(expect.arrayContaining(['sitemap.xml', 'robots.txt', 'ja/feed.xml', 'en/rss.xml', 'ja/feed.json', 'api/v1/incidents.json']));
      let checked = 0;
      for (const file of files) {
        for (const url of hostUrls(run.text(file))) {
          expect(url, file).toMatch(/^https:\/\/example\.github\.io\/status\//u);
          const target = resolveInternal('index.html', url, BASE)!;
          expect(run.files.has(target.file), `${file}: ${url}`).toBe(true);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });

    it('search results link to built articles from the search page', async () => {
      const searcher = await openSearchIndex(run.files, 'en');
      try {
        const hits = await searcher.search('incident');
        expect(hits.length).toBeGreaterThan(0);
        const page = 'en/search/index.html';
        const root = parseHtml(run.text(page)).querySelector('[data-search]')!.getAttribute('data-root')!;
        for (const hit of hits) expect(run.files.has(resolveInternal(page, `${root}${hit.url}`, BASE)!.file), hit.url).toBe(true);
      } finally {
        await searcher.close();
      }
    });
  });
}
