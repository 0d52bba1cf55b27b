import { LANGUAGES } from '../content/schema.js';
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
  siteTitle: string;
  homeHref: string;
  indexHref: string;
  switcher: { href: string; label: string; lang: Language } | null;
  ui: UiStrings;
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

const FIELD_KEYS: Record<UpdateTextField, string> = {
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
  return `update-${update.at.iso.replace(/[-:]/g, '').replace(/\.\d+/u, '').toLowerCase()}`;
}

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
    if (text) fields.push({ key, label: t(FIELD_KEYS[key]), text: rich(text, lang, incident.sourceLang, context), time: null });
  }
  return {
    anchor: updateAnchor(update),
    time: timeView(update.at, lang, config),
    status: statusView(update.status, t),
    title: plain(update.title, lang, incident.sourceLang, context),
    fields,
    body: rich(update.body, lang, incident.sourceLang, context),
  };
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

/** The layout's view of a page at `file`, whose language versions are `versions` (language → output file). */
export function pageView(
  options: { file: string; lang: Language; title: string; description: string; versions: Partial<Record<Language, string>> },
  context: ViewContext,
): PageView {
  const { config, t, assets } = context;
  const { file, lang, versions } = options;
  const alternates: AlternateView[] = [];
  for (const language of config.languages) {
    const version = versions[language];
    if (version) alternates.push({ hreflang: language, href: absoluteUrl(config.baseUrl, version) });
  }
  const fallback = versions[config.defaultLanguage];
  if (alternates.length > 1 && fallback) alternates.push({ hreflang: 'x-default', href: absoluteUrl(config.baseUrl, fallback) });
  const other = config.languages.find((language) => language !== lang && versions[language]);
  const siteTitle = config.title[lang] ?? pickLanguage(config.title, lang, config.defaultLanguage)?.value ?? 'kokuchi';
  return {
    lang,
    documentTitle: options.title === siteTitle ? siteTitle : `${options.title} | ${siteTitle}`,
    description: options.description,
    canonical: absoluteUrl(config.baseUrl, file),
    alternates,
    stylesheet: relativeHref(file, assets.stylesheet),
    script: assets.script ? relativeHref(file, assets.script) : null,
    siteTitle,
    homeHref: relativeHref(file, pagePaths.home()),
    indexHref: relativeHref(file, pagePaths.index(lang)),
    switcher: other ? { href: relativeHref(file, versions[other]!), label: t(`language.switchTo.${other}`), lang: other } : null,
    ui: t.strings,
  };
}

/** A short plain description of an incident for `<meta name="description">`. */
export function describeIncident(incident: Incident, lang: Language): string {
  const source = pickLanguage(incident.impact, lang, incident.sourceLang) ?? pickLanguage(incident.summary, lang, incident.sourceLang);
  const text = source ? stripMarkdown(source.value) : (pickLanguage(incident.title, lang, incident.sourceLang)?.value ?? incident.id);
  return truncate(`${incident.id}: ${text}`, 160);
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

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
