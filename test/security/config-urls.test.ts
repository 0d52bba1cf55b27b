import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../src/content/base-url.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { all, buildFixture, parseHtml } from '../helpers/build.js';
import { DEFAULT_SITE_YAML, diagnostic, lines, loadFixture } from '../helpers/fixture.js';

const RECORD = lines(
  'id: EX1',
  'service: exchange-online',
  'title: {en: Mail is slow, ja: メールが遅い}',
  'start: 2026-11-27 09:00 JST',
  'updates:',
  '  - at: 2026-11-27 09:10 JST',
  '    status: investigating',
  '    current_status: {en: Looking into it., ja: 調査しています。}',
);

const siteYaml = (baseUrl: string) => DEFAULT_SITE_YAML.replace('base_url: https://example.com/', `base_url: ${JSON.stringify(baseUrl)}`);

/** base_url values that must be refused, with the problem each has. */
const BAD_BASE_URLS: [string, string][] = [
  ['https://example.com/\nDisallow: /', 'control'],
  ['https://example.com/\r\nSitemap: https://evil.example/sitemap.xml', 'control'],
  ['https://example.com/\u0007', 'control'],
  ['https://example.com/\u0085', 'control'],
  ['https://example.com/\tx', 'control'],
  ['https://example.com/?q=1', 'query'],
  ['https://example.com/status?', 'query'],
  ['https://example.com/#top', 'fragment'],
  ['https://user:password@example.com/', 'credentials'],
  ['https://user@example.com/', 'credentials'],
  ['https://@example.com/', 'credentials'],
];

describe('base_url', () => {
  it('refuses control characters, a query, a fragment and credentials, in site.yaml, at the key', () => {
    for (const [value, problem] of BAD_BASE_URLS) {
      expect(checkBaseUrl(value), value).toEqual({ ok: false, problem });
      const result = loadFixture({ 'content/site.yaml': siteYaml(value), 'content/incidents/EX1.yaml': RECORD });
      expect(result.model, value).toBeUndefined();
      // Characters no text may hold (BEL, NEL) are already refused for the whole file, where they are.
      const rule = /[\u0007\u0085]/u.test(value) ? 'invalid-character' : 'base-url';
      expect(result.diagnostics.map((item) => `${item.line} ${item.rule} ${item.severity}`), value).toEqual([`2 ${rule} error`]);
      if (rule === 'base-url') expect(result.diagnostics, value).toEqual([diagnostic('content/site.yaml', 2, 11, 'base-url', 'cannot be used')]);
    }
  });

  it('keeps accepting ordinary addresses, with a slash added', () => {
    for (const value of ['https://example.com', 'http://127.0.0.1:8080/status/', 'https://example.github.io/notices/', 'HTTPS://Example.com/a%20b/']) {
      const checked = checkBaseUrl(value);
      expect(checked, value).toEqual({ ok: true, url: value.endsWith('/') ? value : `${value}/` });
    }
  });

  it('from --base-url: a newline cannot put lines into robots.txt, and nothing is written', async () => {
    for (const [value] of BAD_BASE_URLS) {
      const run = await buildFixture({ 'content/incidents/EX1.yaml': RECORD }, { baseUrl: value });
      try {
        expect(run.result.ok, value).toBe(false);
        expect(run.result.configurationError, value).toBe(true);
        expect(run.result.diagnostics.map((item) => `${item.file} ${item.rule}`), value).toEqual(['--base-url base-url']);
        expect(run.files.size, value).toBe(0);
      } finally {
        await run.remove();
      }
    }
  });

  it('robots.txt of a valid base URL has exactly its three lines', async () => {
    const run = await buildFixture({ 'content/incidents/EX1.yaml': RECORD }, { baseUrl: 'https://example.github.io/status' });
    try {
      expect(run.text('robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/status/sitemap.xml\n');
    } finally {
      await run.remove();
    }
  });
});

describe('footnotes', () => {
  it('link to the ids on the page, both ways', () => {
    const document = parseHtml(`<!doctype html><html><body>${renderMarkdown('Mail is slow[^a], and calendars[^cal].\n\n[^a]: Outlook only.\n\n[^cal]: Shared ones.')}</body></html>`);
    const links = all(document, 'a[href^="#"]');
    expect(links).toHaveLength(4);
    for (const link of links) {
      const target = link.getAttribute('href')!.slice(1);
      expect(document.getElementById(target), target).not.toBeNull();
    }
  });
});
