import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, htmlFiles, resolveInternal, type BuildRun } from '../helpers/build.js';
import { generateCorpus } from '../helpers/generate-corpus.js';

const BASE = 'https://status.example.org/';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['url', 'xhtml:link'].includes(name) });

interface SitemapUrl {
  loc: string;
  lastmod?: string;
  'xhtml:link'?: { '@rel': string; '@hreflang': string; '@href': string }[];
}

let run: BuildRun;
let urls: SitemapUrl[];
beforeAll(async () => {
  run = await buildFixture(generateCorpus());
  expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  const text = run.text('sitemap.xml');
  expect(XMLValidator.validate(text)).toBe(true);
  const parsed = parser.parse(text);
  expect(parsed.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
  expect(parsed.urlset['@xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml');
  urls = parsed.urlset.url as SitemapUrl[];
});
afterAll(() => run.remove());

const fileOf = (url: string) => resolveInternal('index.html', url, BASE)!.file;

describe('sitemap.xml', () => {
  it('lists every built HTML page except the 404 pages, once, sorted', () => {
    const listed = urls.map((url) => fileOf(url.loc));
    expect(new Set(listed).size).toBe(listed.length);
    const expected = htmlFiles(run.files).filter((file) => !file.endsWith('404.html'));
    expect([...listed].sort()).toEqual([...expected].sort());
    expect(urls.map((url) => url.loc)).toEqual([...urls.map((url) => url.loc)].sort());
  });

  it('gives every page that exists in both languages alternates for ja, en and x-default, and the pairs agree', () => {
    const byLoc = new Map(urls.map((url) => [url.loc, url]));
    let pairs = 0;
    for (const url of urls) {
      const file = fileOf(url.loc);
      const links = url['xhtml:link'] ?? [];
      const alternates = Object.fromEntries(links.map((link) => [link['@hreflang'], link['@href']]));
      if (file === 'index.html') {
        // The bilingual front door: both indexes are its alternates, and it is their x-default.
        expect(alternates).toEqual({ ja: `${BASE}ja/`, en: `${BASE}en/`, 'x-default': BASE });
        continue;
      }
      const lang = file.split('/')[0]!;
      const other = lang === 'ja' ? 'en' : 'ja';
      const counterpart = `${other}/${file.slice(3)}`;
      if (!run.files.has(counterpart)) {
        // Year pages can exist in one language only (years follow each language's zone).
        expect(links, file).toEqual([]);
        continue;
      }
      pairs += 1;
      expect(links.every((link) => link['@rel'] === 'alternate')).toBe(true);
      expect(Object.keys(alternates).sort(), file).toEqual(['en', 'ja', 'x-default']);
      expect(alternates[lang]).toBe(url.loc);
      expect(fileOf(alternates[other]!)).toBe(counterpart);
      expect(alternates['x-default']).toBe(file.slice(3) === 'index.html' ? BASE : lang === 'ja' ? url.loc : alternates.ja);
      // The other language's entry names this page back.
      const back = byLoc.get(alternates[other]!)!;
      expect(back['xhtml:link']!.find((link) => link['@hreflang'] === lang)!['@href']).toBe(url.loc);
    }
    expect(pairs).toBeGreaterThan(90);
  });

  it('dates articles by their newest update', () => {
    const article = urls.find((url) => url.loc === `${BASE}en/incidents/ex240000/`)!;
    expect(article.lastmod).toBe('2024-01-05T01:20:00Z');
  });
});

describe('robots.txt', () => {
  it('allows crawling and points to the sitemap', () => {
    expect(run.text('robots.txt')).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE}sitemap.xml\n`);
  });
});
