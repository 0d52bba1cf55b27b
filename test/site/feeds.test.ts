import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, buildSample, htmlFiles, parseHtml, resolveInternal, type BuildRun } from '../helpers/build.js';
import { CORPUS_MARKUP_TITLE, CORPUS_MARKUP_TITLE_INDEX, CORPUS_SERVICES, CORPUS_SIZE, corpusIncidents, generateCorpus } from '../helpers/generate-corpus.js';

const BASE = 'https://status.example.org/';
const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/u;

const incidents = corpusIncidents();
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'item', 'link', 'category'].includes(name),
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
});

interface AtomEntry {
  title: { '#text': string; '@type': string };
  id: string;
  link: { '@href': string }[];
  updated: string;
  published: string;
  content: { '#text': string; '@type': string };
  category: { '@term': string; '@label': string }[];
}

function parseXml(text: string): Record<string, any> {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text) as Record<string, any>;
}

let run: BuildRun;
beforeAll(async () => {
  run = await buildFixture(generateCorpus());
  expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
});
afterAll(() => run.remove());

/** The article an absolute URL points to, checked to exist. */
function articleOf(url: string): string {
  const target = resolveInternal('index.html', url, BASE);
  expect(target, url).toBeDefined();
  expect(run.files.has(target!.file), target!.file).toBe(true);
  return target!.file;
}

describe('the Atom feeds', () => {
  for (const lang of ['ja', 'en']) {
    it(`hold one ${lang} entry per incident with the Atom namespace, xml:lang and RFC 3339 dates`, () => {
      const { feed } = parseXml(run.text(`${lang}/feed.xml`));
      expect(feed['@xmlns']).toBe(ATOM);
      expect(feed['@xml:lang']).toBe(lang);
      const entries = feed.entry as AtomEntry[];
      expect(entries).toHaveLength(CORPUS_SIZE);
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(CORPUS_SIZE);
      for (const entry of entries) {
        expect(entry.updated).toMatch(RFC3339);
        expect(entry.published).toMatch(RFC3339);
        expect(articleOf(entry.link[0]!['@href'])).toMatch(new RegExp(`^${lang}/incidents/`, 'u'));
        expect(entry.content['@type']).toBe('html');
      }
      // Entries: newest update first; each entry's updated is its newest update's instant.
      const expected = [...incidents].sort((a, b) => Date.parse(b.lastUpdated) - Date.parse(a.lastUpdated));
      expect(entries.map((entry) => articleOf(entry.link[0]!['@href']).split('/')[2])).toEqual(expected.map((incident) => incident.slug));
      expect(entries.map((entry) => Date.parse(entry.updated))).toEqual(expected.map((incident) => Date.parse(incident.lastUpdated)));
      // The feed's updated is the newest update, not the build time.
      expect(Date.parse(feed.updated)).toBe(Date.parse(expected[0]!.lastUpdated));
      const self = (feed.link as { '@rel'?: string; '@href': string }[]).find((link) => link['@rel'] === 'self');
      expect(self?.['@href']).toBe(`${BASE}${lang}/feed.xml`);
    });
  }

  it('write entries in the feed’s language: Japanese titles and content in the ja feed', () => {
    const entries = parseXml(run.text('ja/feed.xml')).feed.entry as AtomEntry[];
    expect(entries.every((entry) => entry.title['#text'].startsWith('生成された障害'))).toBe(true);
    const last = entries.find((entry) => entry.link[0]!['@href'].endsWith(`/${incidents[0]!.slug}/`))!;
    expect(last.content['#text']).toContain('生成された障害の 1 件目です。');
    expect(last.content['#text']).toContain('最新の更新');
    expect(last.content['#text']).toContain('障害 1 は解消しました。');
  });

  it('escape a plain-text title once more, because Atom titles are type="html"', () => {
    const entries = parseXml(run.text('en/feed.xml')).feed.entry as AtomEntry[];
    const entry = entries.find((item) => item.link[0]!['@href'].endsWith(`/${incidents[CORPUS_MARKUP_TITLE_INDEX]!.slug}/`))!;
    expect(entry.title['@type']).toBe('html');
    expect(entry.title['#text']).toBe('Mail &amp; calendar &lt;b&gt;delays&lt;/b&gt; for &quot;some&quot; users');
    // Decoding the HTML gives back the text as written.
    const decoded = parseHtml(`<p>${entry.title['#text']}</p>`).querySelector('p')!.textContent;
    expect(decoded).toBe(CORPUS_MARKUP_TITLE);
  });

  for (const service of CORPUS_SERVICES) {
    it(`exist per service: ${service} has its 15 entries`, () => {
      const { feed } = parseXml(run.text(`en/services/${service}/feed.xml`));
      expect(feed['@xml:lang']).toBe('en');
      const entries = feed.entry as AtomEntry[];
      expect(entries).toHaveLength(15);
      expect(entries.every((entry) => entry.category[0]!['@term'] === service)).toBe(true);
      const newest = incidents.filter((incident) => incident.service === service).sort((a, b) => Date.parse(b.lastUpdated) - Date.parse(a.lastUpdated))[0]!;
      expect(Date.parse(feed.updated)).toBe(Date.parse(newest.lastUpdated));
    });
  }
});

describe('the RSS 2.0 feeds', () => {
  it('carry version 2.0, the content and atom namespaces, the language and RFC 822 dates', () => {
    for (const lang of ['ja', 'en']) {
      const { rss } = parseXml(run.text(`${lang}/rss.xml`));
      expect(rss['@version']).toBe('2.0');
      expect(rss['@xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
      expect(rss['@xmlns:atom']).toBe(ATOM);
      const channel = rss.channel;
      expect(channel.language).toBe(lang);
      expect(channel.lastBuildDate).toMatch(RFC822);
      const newest = Math.max(...incidents.map((incident) => Date.parse(incident.lastUpdated)));
      expect(Date.parse(channel.lastBuildDate)).toBe(newest);
      expect(channel.item).toHaveLength(CORPUS_SIZE);
      for (const item of channel.item as Record<string, any>[]) {
        expect(item.pubDate).toMatch(RFC822);
        expect(articleOf(item.link)).toMatch(new RegExp(`^${lang}/incidents/`, 'u'));
        expect(item['content:encoded']).toContain('<div lang=');
      }
    }
  });

  it('keep titles as plain text', () => {
    const items = parseXml(run.text('en/rss.xml')).rss.channel.item as Record<string, any>[];
    expect(items.map((item) => item.title)).toContain(CORPUS_MARKUP_TITLE);
  });
});

describe('the JSON feeds', () => {
  it('follow JSON Feed 1.1', () => {
    for (const lang of ['ja', 'en']) {
      const feed = JSON.parse(run.text(`${lang}/feed.json`));
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.language).toBe(lang);
      expect(feed.feed_url).toBe(`${BASE}${lang}/feed.json`);
      expect(feed.home_page_url).toBe(`${BASE}${lang}/`);
      expect(feed.authors).toEqual([{ name: lang === 'ja' ? '生成サイト' : 'Generated site' }]);
      expect(feed.items).toHaveLength(CORPUS_SIZE);
      for (const item of feed.items) {
        expect(item.id).toBe(item.url);
        articleOf(item.url);
        expect(item.date_modified).toMatch(RFC3339);
        expect(item.date_published).toMatch(RFC3339);
        expect(item.content_html).toContain('<div lang=');
        expect(typeof item.title).toBe('string');
        expect(item).not.toHaveProperty('author');
      }
    }
  });
});

describe('feed discovery', () => {
  it('every page announces the feeds of its language in the head', () => {
    for (const file of htmlFiles(run.files)) {
      const document = parseHtml(run.text(file));
      const lang = document.documentElement.getAttribute('lang');
      const feeds = all(document, 'link[rel="alternate"][type]').map((link) => `${link.getAttribute('type')} ${link.getAttribute('href')}`);
      expect(feeds, file).toEqual(
        expect.arrayContaining([`application/atom+xml ${BASE}${lang}/feed.xml`, `application/rss+xml ${BASE}${lang}/rss.xml`, `application/feed+json ${BASE}${lang}/feed.json`]),
      );
    }
  });
});

describe('the sample feeds', () => {
  it('are byte-identical across two builds and use only instants from the content', async () => {
    const first = await buildSample();
    const second = await buildSample();
    try {
      for (const file of ['ja/feed.xml', 'en/rss.xml', 'en/feed.json', 'ja/services/exchange-online/feed.xml']) {
        expect(first.text(file)).toBe(second.text(file));
      }
      expect(parseXml(first.text('ja/feed.xml')).feed.updated).toBe('2026-11-26T09:45:00.000Z');
      expect(parseXml(first.text('ja/services/exchange-online/feed.xml')).feed.updated).toBe('2021-12-01T20:14:00.000Z');
    } finally {
      await first.remove();
      await second.remove();
    }
  });
});
