import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/render/escape.js';
import { paginate } from '../../src/render/listings.js';
import { rootPrefix } from '../../src/render/search.js';
import { robotsTxt, serializeSitemap, sitemapEntry } from '../../src/render/sitemap.js';
import { serializeJsonLd } from '../../src/render/view-model.js';
import type { SiteConfig } from '../../src/model.js';

describe('paginate', () => {
  const cases: [items: number, size: number, pages: number[]][] = [
    [0, 20, [0]],
    [1, 20, [1]],
    [20, 20, [20]],
    [21, 20, [20, 1]],
    [43, 20, [20, 20, 3]],
    [5, 1, [1, 1, 1, 1, 1]],
  ];
  for (const [items, size, pages] of cases) {
    it(`cuts ${items} items into pages of ${size}: ${pages.join(', ')}`, () => {
      const result = paginate(Array.from({ length: items }, (_, index) => index), size);
      expect(result.map((page) => page.length)).toEqual(pages);
      expect(result.flat()).toEqual(Array.from({ length: items }, (_, index) => index));
    });
  }
});

describe('rootPrefix', () => {
  const cases: [file: string, prefix: string][] = [
    ['index.html', './'],
    ['404.html', './'],
    ['ja/index.html', '../'],
    ['ja/search/index.html', '../../'],
    ['en/incidents/ex1/index.html', '../../../'],
  ];
  for (const [file, prefix] of cases) it(`leads from ${file} to the output root as ${prefix}`, () => expect(rootPrefix(file)).toBe(prefix));
});

describe('serializeJsonLd', () => {
  it('escapes what could end the script element or start markup, and still parses back', () => {
    const value = { headline: '</script><!-- a & b -->\u2028' };
    const text = serializeJsonLd(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/u);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in element content and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});

describe('the sitemap', () => {
  const config = { baseUrl: 'https://example.github.io/status/', languages: ['ja', 'en'], defaultLanguage: 'ja' } as SiteConfig;

  it('lists each language version and x-default for a page in both languages', () => {
    const entry = sitemapEntry({ file: 'en/index.html', lang: 'en', template: 'index', versions: { ja: 'ja/index.html', en: 'en/index.html' } }, config);
    expect(entry).toEqual({
      loc: 'https://example.github.io/status/en/',
      alternates: [
        { hreflang: 'ja', href: 'https://example.github.io/status/ja/' },
        { hreflang: 'en', href: 'https://example.github.io/status/en/' },
        { hreflang: 'x-default', href: 'https://example.github.io/status/ja/' },
      ],
    });
  });

  it('gives no alternates to a page in one language', () => {
    expect(sitemapEntry({ file: 'en/2024/index.html', lang: 'en', template: 'listing', versions: { en: 'en/2024/index.html' } }, config).alternates).toEqual([]);
  });

  it('points x-default at the default language', () => {
    const entry = sitemapEntry({ file: 'ja/index.html', lang: 'ja', template: 'index', versions: { ja: 'ja/index.html', en: 'en/index.html' } }, { ...config, defaultLanguage: 'en' });
    expect(entry.alternates.at(-1)).toEqual({ hreflang: 'x-default', href: 'https://example.github.io/status/en/' });
  });

  it('escapes URLs and sorts entries', () => {
    const xml = serializeSitemap([
      { loc: 'https://e.org/b?x=1&y=2', alternates: [] },
      { loc: 'https://e.org/a', lastModified: '2024-01-01T00:00:00Z', alternates: [] },
    ]);
    expect(xml.indexOf('https://e.org/a')).toBeLessThan(xml.indexOf('https://e.org/b'));
    expect(xml).toContain('<loc>https://e.org/b?x=1&amp;y=2</loc>');
    expect(xml).toContain('<lastmod>2024-01-01T00:00:00Z</lastmod>');
  });

  it('is named by robots.txt under the base URL', () => {
    expect(robotsTxt(config)).toContain('Sitemap: https://example.github.io/status/sitemap.xml\n');
  });
});
