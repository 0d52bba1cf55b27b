import { Feed, type Item } from 'feed';
import type { Incident, Instant, Language } from '../model.js';
import type { RenderContext } from './context.js';
import { pickAny } from './context.js';
import { absoluteUrl, pagePaths } from './urls.js';
import { escapeHtml } from './escape.js';
import { describeIncident, incidentView, serviceName, type IncidentView, type RichTextView, type ViewContext } from './view-model.js';

/** One incident as a feed entry, in one language. */
export interface FeedEntry {
  /** Absolute URL of the article; also the entry's id. */
  url: string;
  /** Plain-text title (not escaped). */
  title: string;
  /** Language the title is written in (differs from the feed's when untranslated). */
  titleLang: Language;
  /** Plain-text summary. */
  summary: string;
  /** HTML: the writer's summary and the newest update. */
  contentHtml: string;
  /** The newest update's instant. */
  updated: Instant;
  published: Instant;
  author: string | null;
  serviceKey: string;
  serviceName: string;
  tags: string[];
}

/** A whole feed in one language, before serialization. */
export interface FeedData {
  lang: Language;
  title: string;
  description: string;
  /** Absolute URL of the page the feed belongs to. */
  homePage: string;
  /** Absolute URLs of the feed in each format that exists. */
  self: { atom: string; rss?: string; json?: string };
  /** Newest entry's `updated` (or the site's newest update when the feed is empty): never the build time. */
  updated: Instant;
  entries: FeedEntry[];
}

const EPOCH: Instant = { epochMs: 0, iso: '1970-01-01T00:00:00Z', source: '1970-01-01T00:00:00Z' };

function richHtml(text: RichTextView | null): string {
  if (!text) return '';
  const note = text.note ? `<p><em>${escapeHtml(text.note)}</em></p>` : '';
  return `<div lang="${text.lang}">${text.html}</div>${note}`;
}

/** Entry HTML: the summary (or the impact when there is none), then the newest update with its time, status, fields and body. */
export function entryContentHtml(article: IncidentView, view: ViewContext): string {
  const parts: string[] = [richHtml(article.summary ?? article.impact)];
  const newest = article.updates[0];
  if (newest) {
    // The sentence is the language's own (ja "最新の更新：…、調査中", en "Latest update: … — Investigating"); \u0000 marks the time.
    const heading = escapeHtml(view.t('feeds.latestUpdate', { time: '\u0000', status: newest.status.label }));
    parts.push(`<h2>${heading.replace('\u0000', () => `<time datetime="${newest.time.iso}">${escapeHtml(newest.time.text)}</time>`)}</h2>`);
    if (newest.note) parts.push(`<p><em>${escapeHtml(newest.note)}</em></p>`);
    if (newest.title) parts.push(`<p lang="${newest.title.lang}"><strong>${escapeHtml(newest.title.text)}</strong></p>`);
    if (newest.fields.length > 0) {
      const fields = newest.fields.map((field) => {
        const value = field.time ? `<time datetime="${field.time.iso}">${escapeHtml(field.time.text)}</time>` : richHtml(field.text);
        return `<dt>${escapeHtml(field.label)}</dt><dd>${value}</dd>`;
      });
      parts.push(`<dl>${fields.join('')}</dl>`);
    }
    parts.push(richHtml(newest.body));
  }
  return parts.filter(Boolean).join('\n');
}

/** Feed entries of `incidents` in `lang`, newest update first (ties by id). */
export function feedEntries(incidents: readonly Incident[], lang: Language, context: RenderContext, limit = 0, memo?: Map<Incident, FeedEntry>): FeedEntry[] {
  const view = context.viewContext(lang);
  return feedIncidents(incidents, limit).map((incident) => {
    const known = memo?.get(incident);
    if (known) return known;
    const entry = feedEntry(incident);
    memo?.set(incident, entry);
    return entry;
  });
  function feedEntry(incident: Incident): FeedEntry {
    context.fragments.prepare(incident);
    const article = incidentView(incident, lang, view);
    return {
      url: absoluteUrl(context.config.baseUrl, pagePaths.incident(lang, incident.slug)),
      title: article.title.text,
      titleLang: article.title.lang,
      summary: describeIncident(incident, lang),
      contentHtml: entryContentHtml(article, view),
      updated: incident.lastUpdated,
      published: incident.published,
      author: incident.author ?? null,
      serviceKey: incident.service,
      serviceName: serviceName(context.model, incident.service, lang),
      tags: incident.tags,
    };
  }
}

/** The incidents a feed shows: newest update first (ties by id), at most `limit` (0: all). */
export function feedIncidents(incidents: readonly Incident[], limit = 0): Incident[] {
  const sorted = [...incidents].sort((a, b) => b.lastUpdated.epochMs - a.lastUpdated.epochMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return limit > 0 ? sorted.slice(0, limit) : sorted;
}

function newestOf(instants: readonly Instant[]): Instant | undefined {
  let newest: Instant | undefined;
  for (const instant of instants) if (!newest || instant.epochMs > newest.epochMs) newest = instant;
  return newest;
}

function createFeed(data: FeedData, format: 'atom' | 'rss'): Feed {
  const feed = new Feed({
    id: data.homePage,
    title: data.title,
    description: data.description,
    link: data.homePage,
    language: data.lang,
    updated: new Date(data.updated.epochMs),
    generator: 'kokuchi',
    author: { name: data.title },
    feedLinks: format === 'atom' ? { atom: data.self.atom } : { rss: data.self.rss },
  });
  for (const entry of data.entries) {
    const item: Item = {
      // Atom titles are type="html": plain text has to be escaped once more. RSS titles are plain text.
      title: format === 'atom' ? escapeHtml(entry.title) : entry.title,
      id: entry.url,
      link: entry.url,
      date: new Date(entry.updated.epochMs),
      description: escapeHtml(entry.summary),
      content: entry.contentHtml,
      category: [{ name: entry.serviceName, term: entry.serviceKey }],
    };
    if (format === 'atom') {
      item.published = new Date(entry.published.epochMs);
      if (entry.author) item.author = [{ name: entry.author }];
    }
    feed.addItem(item);
  }
  return feed;
}

/** Atom 1.0 with `xml:lang` on the feed element (the `feed` package leaves it out). */
export function serializeAtom(data: FeedData): string {
  const xml = createFeed(data, 'atom').atom1();
  const root = '<feed xmlns="http://www.w3.org/2005/Atom">';
  if (!xml.includes(root)) throw new Error('unexpected Atom output from the feed package');
  // The feed package escapes `&` and `"` in category labels but not `<`, which XML forbids in attributes.
  const labels = xml.replace(/<category label="([^"]*)"/gu, (_, label: string) => `<category label="${label.replace(/</gu, '&lt;')}"`);
  return `${labels.replace(root, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${data.lang}">`)}\n`;
}

/** RSS 2.0; item dates are the publication dates (RFC 822), the channel's lastBuildDate the newest update. */
export function serializeRss(data: FeedData): string {
  return `${createFeed(data, 'rss').rss2()}\n`;
}

/** JSON Feed 1.1 (written here: the `feed` package emits version 1). */
export function serializeJsonFeed(data: FeedData): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: data.title,
    home_page_url: data.homePage,
    ...(data.self.json ? { feed_url: data.self.json } : {}),
    description: data.description,
    language: data.lang,
    authors: [{ name: data.title }],
    items: data.entries.map((entry) => ({
      id: entry.url,
      url: entry.url,
      title: entry.title,
      content_html: entry.contentHtml,
      summary: entry.summary,
      date_published: entry.published.iso,
      date_modified: entry.updated.iso,
      ...(entry.author ? { authors: [{ name: entry.author }] } : {}),
      tags: [entry.serviceName, ...entry.tags],
      ...(entry.titleLang !== data.lang ? { language: entry.titleLang } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/**
 * Feeds per language: Atom `L/feed.xml`, RSS 2.0 `L/rss.xml`, JSON Feed 1.1 `L/feed.json` with every
 * published incident, and an Atom feed per service, `L/services/<key>/feed.xml`.
 */
export function renderFeeds(context: RenderContext): void {
  const { config, model } = context;
  const siteNewest = newestOf(model.incidents.map((incident) => incident.lastUpdated)) ?? EPOCH;
  for (const lang of config.languages) {
    const title = config.title[lang] ?? pickAny(config.title, lang) ?? 'kokuchi';
    const description = pickAny(config.description, lang) ?? '';
    const t = context.localization.translator(lang);
    const memo = new Map<Incident, FeedEntry>();
    /**
     * One feed file. A feed shows only its incidents (and, when it has none, the site's newest update), so
     * when their keys are those of last build's file it is kept without building a single entry.
     */
    const emit = (file: string, incidents: readonly Incident[], data: (entries: FeedEntry[]) => FeedData, serialize: (data: FeedData) => string) => {
      const shown = feedIncidents(incidents, config.feedSize);
      context.emit(file, {
        keyedBy: ['feed', ...shown, shown.length === 0 ? siteNewest.iso : ''],
        produce: () => serialize(data(feedEntries(shown, lang, context, 0, memo))),
      });
    };
    const site = (entries: FeedEntry[]): FeedData => ({
      lang,
      title,
      description,
      homePage: absoluteUrl(config.baseUrl, pagePaths.index(lang)),
      self: {
        atom: absoluteUrl(config.baseUrl, pagePaths.atom(lang)),
        rss: absoluteUrl(config.baseUrl, pagePaths.rss(lang)),
        json: absoluteUrl(config.baseUrl, pagePaths.jsonFeed(lang)),
      },
      updated: newestOf(entries.map((entry) => entry.updated)) ?? siteNewest,
      entries,
    });
    emit(pagePaths.atom(lang), model.incidents, site, serializeAtom);
    emit(pagePaths.rss(lang), model.incidents, site, serializeRss);
    emit(pagePaths.jsonFeed(lang), model.incidents, site, serializeJsonFeed);

    for (const key of model.services.keys()) {
      const name = serviceName(model, key, lang);
      const service = (entries: FeedEntry[]): FeedData => ({
        lang,
        title: t('feeds.serviceTitle', { title, service: name }),
        description,
        homePage: absoluteUrl(config.baseUrl, pagePaths.service(lang, key)),
        self: { atom: absoluteUrl(config.baseUrl, pagePaths.serviceAtom(lang, key)) },
        updated: newestOf(entries.map((entry) => entry.updated)) ?? siteNewest,
        entries,
      });
      emit(
        pagePaths.serviceAtom(lang, key),
        model.incidents.filter((incident) => incident.service === key),
        service,
        serializeAtom,
      );
    }
  }
}
