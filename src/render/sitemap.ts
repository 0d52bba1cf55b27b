import type { Language, SiteConfig } from '../model.js';
import { escapeHtml } from './escape.js';
import type { EmittedPage, RenderContext } from './context.js';
import { absoluteUrl, pagePaths } from './urls.js';

/** One `<url>` of the sitemap. */
export interface SitemapEntry {
  loc: string;
  lastModified?: string;
  /** hreflang → absolute URL, every language version (the page itself included) and x-default. */
  alternates: { hreflang: string; href: string }[];
}

/** The sitemap entry of an emitted page. Alternates are listed only when the page exists in more than one language. */
export function sitemapEntry(page: EmittedPage, config: SiteConfig): SitemapEntry {
  const alternates: SitemapEntry['alternates'] = [];
  const languages = config.languages.filter((language) => page.versions[language]);
  if (languages.length > 1) {
    for (const language of languages) alternates.push({ hreflang: language, href: absoluteUrl(config.baseUrl, page.versions[language]!) });
    const fallback: Language = page.versions[config.defaultLanguage] ? config.defaultLanguage : languages[0]!;
    alternates.push({ hreflang: 'x-default', href: absoluteUrl(config.baseUrl, page.xDefault ?? page.versions[fallback]!) });
  }
  return { loc: absoluteUrl(config.baseUrl, page.file), ...(page.lastModified ? { lastModified: page.lastModified } : {}), alternates };
}

/** sitemap.xml with `xhtml:link rel="alternate" hreflang` per language version, sorted by URL. */
export function serializeSitemap(entries: readonly SitemapEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  for (const entry of sorted) {
    lines.push('  <url>', `    <loc>${escapeHtml(entry.loc)}</loc>`);
    if (entry.lastModified) lines.push(`    <lastmod>${entry.lastModified}</lastmod>`);
    for (const alternate of entry.alternates) lines.push(`    <xhtml:link rel="alternate" hreflang="${alternate.hreflang}" href="${escapeHtml(alternate.href)}"/>`);
    lines.push('  </url>');
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

/** robots.txt allowing everything and naming the sitemap. */
export function robotsTxt(config: SiteConfig): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(config.baseUrl, pagePaths.sitemap())}\n`;
}

/** `sitemap.xml` listing every listed page (404 pages are not), and `robots.txt` pointing to it. */
export function renderSitemap(context: RenderContext): void {
  const sitemap = pagePaths.sitemap();
  // The sitemap is made from the list of pages alone (and the site-wide inputs).
  context.emit(sitemap, {
    keyedBy: ['sitemap', JSON.stringify(context.pages)],
    produce: () => serializeSitemap(context.pages.filter((page) => !page.unlisted).map((page) => sitemapEntry(page, context.config))),
  });
  context.emit(pagePaths.robots(), { keyedBy: [], produce: () => robotsTxt(context.config) });
}
