import { LANGUAGES } from '../model.js';
import type { Incident, IncidentUpdate, Language, LocalizedText, SiteConfig, SiteModel, UpdateTextField } from '../model.js';
import { getStatus } from '../statuses.js';
import { formatDuration, formatInstant, type Instant } from '../time.js';
import type { Translator, UiStrings } from './i18n.js';
import { absoluteUrl, pagePaths, relativeHref } from './urls.js';

/** Rendered Markdown in one language; `note` says when it is shown untranslated. */
export interface RichTextView {
  html: string;
  lang: Language;
  note: string | null;
}

/** Plain text in one language (escaped by the template); `note` says when it is shown untranslated. */
export interface PlainTextView {
  text: string;
  lang: Language;
  note: string | null;
}

/** A time for `<time datetime>` and its reader-facing text. */
export interface TimeView {
  iso: string;
  text: string;
}

/** A status badge: label always written out, tone only for colour. */
export interface StatusView {
  key: string;
  label: string;
  tone: string;
  phase: string;
}

/** A labelled field of an update: text or time. */
export interface FieldView {
  key: string;
  label: string;
  text: RichTextView | null;
  time: TimeView | null;
}

/** One entry of the timeline. */
export interface UpdateView {
  anchor: string;
  time: TimeView;
  status: StatusView;
  title: PlainTextView | null;
  fields: FieldView[];
  body: RichTextView | null;
  /** One "not yet translated" note for the whole update when any of its texts is shown in another language. */
  note: string | null;
}

/** A link shown on a page. */
export interface LinkView {
  href: string;
  text: PlainTextView;
}

/** The article's content. */
export interface IncidentView {
  id: string;
  title: PlainTextView;
  service: string;
  serviceHref: string | null;
  classification: string;
  status: StatusView;
  ongoing: boolean;
  start: TimeView;
  end: TimeView | null;
  duration: string;
  published: TimeView;
  lastUpdated: TimeView;
  author: string | null;
  impact: RichTextView | null;
  summary: RichTextView | null;
  rootCause: RichTextView | null;
  nextSteps: RichTextView | null;
  tags: string[];
  links: LinkView[];
  updates: UpdateView[];
}

/** One incident in a listing. */
export interface ListItemView {
  href: string;
  id: string;
  title: PlainTextView;
  service: string;
  classification: string;
  status: StatusView;
  start: TimeView;
  duration: string;
  ongoing: boolean;
}

/** A language version of the current page. */
export interface AlternateView {
  hreflang: string;
  href: string;
}

/** A feed of the page's language, for `<link rel="alternate">` in the head and the footer's links. */
export interface FeedLinkView {
  /** MIME type: application/atom+xml, application/rss+xml or application/feed+json. */
  type: string;
  /** Title shown by feed readers. */
  title: string;
  /** Short visible label (Atom, RSS, JSON Feed). */
  label: string;
  /** Absolute URL (for the head). */
  href: string;
  /** Link from the page (for the body). */
  link: string;
}

/** An entry of the site navigation. */
export interface NavItemView {
  href: string;
  label: string;
  /** True on the page the entry leads to (`aria-current="page"`). */
  current: boolean;
}

/** Open Graph metadata of a page. */
export interface OpenGraphView {
  type: 'article' | 'website';
  title: string;
  description: string;
  url: string;
  siteName: string;
  /** ja_JP or en_US. */
  locale: string;
  /** Locales of the page's other language versions. */
  localeAlternates: string[];
}

/** Strings of the "show times in my time zone" control (rendered inert in a `<template>`, used by site.js). */
export interface LocalTimesView {
  show: string;
  hide: string;
  active: string;
}

/** What the base layout needs for any page. */
export interface PageView {
  lang: Language;
  /** Contents of `<title>`. */
  documentTitle: string;
  description: string;
  canonical: string;
  alternates: AlternateView[];
  stylesheet: string;
  script: string | null;
  /** The site icon (SVG) and its fallback (ICO). */
  icons: { svg: string; ico: string };
  siteTitle: string;
  homeHref: string;
  indexHref: string;
  searchHref: string;
  switcher: { href: string; label: string; lang: Language } | null;
  /** Site navigation with the current entry marked. */
  nav: NavItemView[];
  /** Feeds to announce in the head (the language's feeds, plus e.g. a service's own). */
  feeds: FeedLinkView[];
  /** The language's site-wide feeds (linked in the footer). */
  siteFeeds: FeedLinkView[];
  /** Absolute URLs of the neighbouring pages of a paginated listing. */
  prev: string | null;
  next: string | null;
  openGraph: OpenGraphView;
  /** Twitter card type. */
  twitterCard: 'summary';
  /** JSON-LD, already serialized and safe inside `<script type="application/ld+json">`. */
  jsonLd: string | null;
  /** Present on article pages: the local-time control's strings. */
  localTimes: LocalTimesView | null;
  /** `<meta name="robots" content="noindex">` (404 pages). */
  noindex: boolean;
  ui: UiStrings;
}

/** Options of {@link pageView}. */
export interface PageOptions {
  file: string;
  lang: Language;
  /** The page's own title (the site title is appended for `<title>`). */
  title: string;
  description: string;
  /** Output file of the page in each language. */
  versions: Partial<Record<Language, string>>;
  /** `article` for incident pages (Open Graph type, local-time control); `website` otherwise. */
  kind?: 'article' | 'website';
  /** Navigation entry to mark as current. */
  current?: 'index' | 'search';
  /** Absolute URLs for every link and asset: 404 pages are served at whatever URL was missing. */
  absoluteLinks?: boolean;
  /** Output files of the previous and next page of a paginated listing. */
  prev?: string;
  next?: string;
  /** Feeds announced besides the language's site feeds. */
  feeds?: FeedLinkView[];
  /** Structured data for the page (serialized safely). */
  jsonLd?: object;
  /** Asks search engines not to index the page (404 pages). */
  noindex?: boolean;
  /** The output file that is the page's `x-default` (the front door for the indexes); default: the default language's version. */
  xDefault?: string;
}

/** Everything view builders need besides the model. */
export interface ViewContext {
  config: SiteConfig;
  model: SiteModel;
  t: Translator;
  /** Sanitized HTML of a Markdown fragment (rendered once per build). */
  html: (markdown: string) => string;
  /** Output paths of the assets. */
  assets: { stylesheet: string; script: string | null };
}

/** The UI string key of the label of each update text field (`labels.currentStatus` …). */
export const FIELD_LABEL_KEYS: Readonly<Record<UpdateTextField, string>> = {
  impact: 'labels.impact',
  more_info: 'labels.moreInfo',
  current_status: 'labels.currentStatus',
  final_status: 'labels.finalStatus',
  scope: 'labels.scope',
  root_cause: 'labels.rootCause',
  next_steps: 'labels.nextSteps',
};

/** The official order of an update's labelled fields, times included. */
const FIELD_ORDER: readonly (UpdateTextField | 'start' | 'end' | 'next_update')[] = [
  'impact',
  'more_info',
  'current_status',
  'final_status',
  'scope',
  'start',
  'end',
  'root_cause',
  'next_steps',
  'next_update',
];

/** Picks the text to show in `lang`: the translation, else the source language, else any language. */
export function pickLanguage(text: LocalizedText, lang: Language, sourceLang: Language): { value: string; lang: Language } | undefined {
  for (const candidate of [lang, sourceLang, ...LANGUAGES]) {
    const value = text[candidate];
    if (value !== undefined) return { value, lang: candidate };
  }
  return undefined;
}

function plain(text: LocalizedText, lang: Language, sourceLang: Language, context: ViewContext): PlainTextView | null {
  const picked = pickLanguage(text, lang, sourceLang);
  if (!picked) return null;
  return { text: picked.value, lang: picked.lang, note: picked.lang === lang ? null : context.t('untranslated') };
}

function rich(text: LocalizedText, lang: Language, sourceLang: Language, context: ViewContext): RichTextView | null {
  const picked = pickLanguage(text, lang, sourceLang);
  if (!picked) return null;
  return { html: context.html(picked.value), lang: picked.lang, note: picked.lang === lang ? null : context.t('untranslated') };
}

/** Time in both display zones. */
export function timeView(instant: Instant, lang: Language, config: SiteConfig): TimeView {
  return { iso: instant.iso, text: formatInstant(instant.epochMs, lang, config.zones[lang]) };
}

/** Status badge in `lang`. */
export function statusView(key: string, t: Translator): StatusView {
  const status = getStatus(key);
  return { key, label: t(`status.${key}`), tone: status.tone, phase: status.phase };
}

/** Milliseconds the incident lasted, or has lasted until its newest update. */
export function incidentDurationMs(incident: Incident): number {
  const until = incident.end ?? incident.lastUpdated;
  return Math.max(0, until.epochMs - incident.start.epochMs);
}

/** Name of a service in `lang` (English when untranslated). */
export function serviceName(model: SiteModel, key: string, lang: Language): string {
  const names = model.services.get(key)?.names;
  return names?.[lang] ?? names?.en ?? key;
}

/** Anchor of an update in the article, stable across builds: `update-20211201t2014z`. */
export function updateAnchor(update: IncidentUpdate): string {
  let anchor = anchors.get(update);
  if (anchor === undefined) {
    anchor = `update-${update.at.iso.replace(/[-:]/g, '').replace(/\.\d+/u, '').toLowerCase()}`;
    anchors.set(update, anchor);
  }
  return anchor;
}

/** Anchors by update: every language's article and feed entry asks for them. */
const anchors = new WeakMap<IncidentUpdate, string>();

function updateView(update: IncidentUpdate, incident: Incident, lang: Language, context: ViewContext): UpdateView {
  const { t, config } = context;
  const fields: FieldView[] = [];
  for (const key of FIELD_ORDER) {
    if (key === 'start' || key === 'end' || key === 'next_update') {
      const instant = key === 'next_update' ? update.nextUpdate : update[key];
      if (instant) fields.push({ key, label: t(key === 'next_update' ? 'labels.nextUpdate' : `labels.${key}`), text: null, time: timeView(instant, lang, config) });
      continue;
    }
    const text = update.fields[key];
    if (text) fields.push({ key, label: t(FIELD_LABEL_KEYS[key]), text: rich(text, lang, incident.sourceLang, context), time: null });
  }
  const title = plain(update.title, lang, incident.sourceLang, context);
  const body = rich(update.body, lang, incident.sourceLang, context);
  // Each untranslated text keeps its own lang attribute, but the reader is told once per update.
  const texts = [title, body, ...fields.map((field) => field.text)];
  const note = texts.find((text) => text?.note)?.note ?? null;
  for (const text of texts) if (text) text.note = null;
  return { anchor: updateAnchor(update), time: timeView(update.at, lang, config), status: statusView(update.status, t), title, fields, body, note };
}

/** The article of one incident in `lang`. */
export function incidentView(incident: Incident, lang: Language, context: ViewContext): IncidentView {
  const { t, config, model } = context;
  const title = plain(incident.title, lang, incident.sourceLang, context)!;
  return {
    id: incident.id,
    title,
    service: serviceName(model, incident.service, lang),
    serviceHref: null,
    classification: t(`classification.${incident.classification}`),
    status: statusView(incident.status, t),
    ongoing: incident.ongoing,
    start: timeView(incident.start, lang, config),
    end: incident.end ? timeView(incident.end, lang, config) : null,
    duration: formatDuration(incidentDurationMs(incident), lang),
    published: timeView(incident.published, lang, config),
    lastUpdated: timeView(incident.lastUpdated, lang, config),
    author: incident.author ?? null,
    impact: rich(incident.impact, lang, incident.sourceLang, context),
    summary: rich(incident.summary, lang, incident.sourceLang, context),
    rootCause: rich(incident.rootCause, lang, incident.sourceLang, context),
    nextSteps: rich(incident.nextSteps, lang, incident.sourceLang, context),
    tags: incident.tags,
    links: incident.links.map((link) => ({ href: link.url, text: plain(link.title, lang, incident.sourceLang, context) ?? { text: link.url, lang, note: null } })),
    updates: incident.updates.map((update) => updateView(update, incident, lang, context)),
  };
}

/** One incident as a listing entry, linked from `fromFile`. */
export function listItemView(incident: Incident, lang: Language, context: ViewContext, fromFile: string): ListItemView {
  const { t, config, model } = context;
  return {
    href: relativeHref(fromFile, pagePaths.incident(lang, incident.slug)),
    id: incident.id,
    title: plain(incident.title, lang, incident.sourceLang, context)!,
    service: serviceName(model, incident.service, lang),
    classification: t(`classification.${incident.classification}`),
    status: statusView(incident.status, t),
    start: timeView(incident.start, lang, config),
    duration: formatDuration(incidentDurationMs(incident), lang),
    ongoing: incident.ongoing,
  };
}

/** Open Graph locale of a language. */
export const OG_LOCALES: Record<Language, string> = { ja: 'ja_JP', en: 'en_US' };

/** The layout's view of a page at `file`, whose language versions are `versions` (language → output file). */
export function pageView(options: PageOptions, context: ViewContext): PageView {
  const { config, t, assets } = context;
  const { file, lang, versions } = options;
  const link = (target: string) => (options.absoluteLinks ? absoluteUrl(config.baseUrl, target) : relativeHref(file, target));
  const alternates: AlternateView[] = [];
  for (const language of config.languages) {
    const version = versions[language];
    if (version) alternates.push({ hreflang: language, href: absoluteUrl(config.baseUrl, version) });
  }
  const fallback = options.xDefault ?? versions[config.defaultLanguage];
  if (alternates.length > 1 && fallback) alternates.push({ hreflang: 'x-default', href: absoluteUrl(config.baseUrl, fallback) });
  const other = config.languages.find((language) => language !== lang && versions[language]);
  const siteTitle = config.title[lang] ?? pickLanguage(config.title, lang, config.defaultLanguage)?.value ?? 'kokuchi';
  const canonical = absoluteUrl(config.baseUrl, file);
  const indexFile = pagePaths.index(lang);
  const searchFile = pagePaths.search(lang);
  const siteFeeds = siteFeedLinks(lang, context, link);
  return {
    lang,
    documentTitle: options.title === siteTitle ? siteTitle : `${options.title} | ${siteTitle}`,
    description: options.description,
    canonical,
    alternates,
    stylesheet: link(assets.stylesheet),
    script: assets.script ? link(assets.script) : null,
    icons: { svg: link(pagePaths.faviconSvg()), ico: link(pagePaths.faviconIco()) },
    siteTitle,
    homeHref: link(pagePaths.home()),
    indexHref: link(indexFile),
    searchHref: link(searchFile),
    switcher: other ? { href: link(versions[other]!), label: t(`language.switchTo.${other}`), lang: other } : null,
    nav: [
      { href: link(indexFile), label: t('nav.index'), current: options.current === 'index' },
      ...(config.search ? [{ href: link(searchFile), label: t('nav.search'), current: options.current === 'search' }] : []),
    ],
    feeds: [...siteFeeds, ...(options.feeds ?? [])],
    siteFeeds,
    prev: options.prev ? absoluteUrl(config.baseUrl, options.prev) : null,
    next: options.next ? absoluteUrl(config.baseUrl, options.next) : null,
    openGraph: {
      type: options.kind ?? 'website',
      title: options.title,
      description: options.description,
      url: canonical,
      siteName: siteTitle,
      locale: OG_LOCALES[lang],
      localeAlternates: config.languages.filter((language) => language !== lang && versions[language]).map((language) => OG_LOCALES[language]),
    },
    twitterCard: 'summary',
    jsonLd: options.jsonLd ? serializeJsonLd(options.jsonLd) : null,
    localTimes: options.kind === 'article' ? { show: t('localTime.show'), hide: t('localTime.hide'), active: t('localTime.active') } : null,
    noindex: options.noindex ?? false,
    ui: t.strings,
  };
}

/** A feed link of `lang`: its absolute URL for the head and its link from the page. */
export function feedLinkView(kind: 'atom' | 'rss' | 'json', target: string, title: string, context: ViewContext, link: (target: string) => string): FeedLinkView {
  const { t, config } = context;
  const types = { atom: 'application/atom+xml', rss: 'application/rss+xml', json: 'application/feed+json' };
  return { type: types[kind], title: t(`feeds.${kind}Title`, { title }), label: t(`feeds.${kind}`), href: absoluteUrl(config.baseUrl, target), link: link(target) };
}

function siteFeedLinks(lang: Language, context: ViewContext, link: (target: string) => string): FeedLinkView[] {
  const title = context.config.title[lang] ?? pickLanguage(context.config.title, lang, context.config.defaultLanguage)?.value ?? 'kokuchi';
  return [
    feedLinkView('atom', pagePaths.atom(lang), title, context, link),
    feedLinkView('rss', pagePaths.rss(lang), title, context, link),
    feedLinkView('json', pagePaths.jsonFeed(lang), title, context, link),
  ];
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` become \u escapes so that no
 * text from content can close the script element or start a comment; U+2028/2029 are escaped too.
 */
export function serializeJsonLd(value: object): string {
  return JSON.stringify(value)
    .replace(/</gu, '\\u003c')
    .replace(/>/gu, '\\u003e')
    .replace(/&/gu, '\\u0026')
    .replace(/\u2028/gu, '\\u2028')
    .replace(/\u2029/gu, '\\u2029');
}

/** schema.org structured data of an article in `lang`. */
export function articleJsonLd(incident: Incident, lang: Language, context: ViewContext): object {
  const { config, model } = context;
  const url = absoluteUrl(config.baseUrl, pagePaths.incident(lang, incident.slug));
  const siteTitle = config.title[lang] ?? pickLanguage(config.title, lang, config.defaultLanguage)?.value ?? 'kokuchi';
  const headline = pickLanguage(incident.title, lang, incident.sourceLang)?.value ?? incident.id;
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    '@id': url,
    url,
    mainEntityOfPage: url,
    identifier: incident.id,
    headline,
    description: describeIncident(incident, lang),
    inLanguage: lang,
    datePublished: incident.published.iso,
    dateModified: incident.lastUpdated.iso,
    ...(incident.author ? { author: { '@type': 'Person', name: incident.author } } : {}),
    publisher: { '@type': 'Organization', name: siteTitle, url: absoluteUrl(config.baseUrl, pagePaths.index(lang)) },
    about: { '@type': 'Service', name: serviceName(model, incident.service, lang) },
    ...(incident.tags.length > 0 ? { keywords: incident.tags.join(', ') } : {}),
    isPartOf: { '@type': 'WebSite', name: siteTitle, url: absoluteUrl(config.baseUrl, pagePaths.index(lang)) },
  };
}

/** A short plain description of an incident for `<meta name="description">`. */
export function describeIncident(incident: Incident, lang: Language): string {
  const source = pickLanguage(incident.impact, lang, incident.sourceLang) ?? pickLanguage(incident.summary, lang, incident.sourceLang);
  const text = source ? stripMarkdown(source.value) : (pickLanguage(incident.title, lang, incident.sourceLang)?.value ?? incident.id);
  // Japanese text takes the full-width colon, with no space after it (docs/templates.md#typography).
  return truncate(`${incident.id}${lang === 'ja' ? '：' : ': '}${text}`, 160);
}

/** Markdown to one line of plain text (for descriptions and feeds' summaries). */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/gu, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/<[^>]*>/gu, ' ')
    .replace(/[*_`#>|~]+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** `text` cut to `max` code points, the last of them an ellipsis, when it is longer. */
function truncate(text: string, max: number): string {
  let units = 0;
  let points = 0;
  let cut = 0;
  while (units < text.length) {
    units += text.codePointAt(units)! > 0xffff ? 2 : 1;
    points += 1;
    if (points === max - 1) cut = units;
    if (points > max) return `${text.slice(0, cut)}…`;
  }
  return text;
}
