import { UPDATE_TEXT_FIELDS, type Incident, type IncidentUpdate, type Instant, type Language, type LocalizedText } from '../model.js';
import { getStatus } from '../statuses.js';
import type { RenderContext } from './context.js';
import { absoluteUrl, pagePaths } from './urls.js';
import { incidentDurationMs } from './view-model.js';

/** The API's version; part of its paths (`api/v1/`) and of every file. */
export const API_VERSION = 1;

/** Text per language in the list (`incidents.json`): the writer's Markdown only, the canonical text. */
export type ApiMarkdownText = Partial<Record<Language, { markdown: string }>>;

/** Text per language in an incident's own file: the writer's Markdown and its sanitized HTML. */
export type ApiText = Partial<Record<Language, { markdown: string; html: string }>>;

/** A key with its label in every language of the site. */
export interface ApiLabelled {
  key: string;
  labels: Partial<Record<Language, string>>;
}

/** One update of the timeline in the API; `Text` is ApiText in an incident's file, ApiMarkdownText in the list. */
export interface ApiUpdate<Text = ApiText> {
  at: string;
  status: ApiLabelled & { phase: string };
  title: LocalizedText;
  fields: Partial<Record<(typeof UPDATE_TEXT_FIELDS)[number], Text>>;
  start: string | null;
  end: string | null;
  next_update: string | null;
  body: Text;
}

/**
 * One incident in the API (documented field by field in docs/api.schema.json); `Text` is ApiText in
 * its own file, ApiMarkdownText in the list.
 */
export interface ApiIncident<Text = ApiText> {
  id: string;
  api_url: string;
  articles: Partial<Record<Language, string>>;
  service: { key: string; names: LocalizedText };
  classification: ApiLabelled;
  status: ApiLabelled & { phase: string };
  ongoing: boolean;
  start: string;
  end: string | null;
  duration_seconds: number;
  published: string;
  last_updated: string;
  source_lang: Language;
  title: LocalizedText;
  impact: Text;
  summary: Text;
  root_cause: Text;
  next_steps: Text;
  author: string | null;
  tags: string[];
  links: { url: string; title: LocalizedText }[];
  updates: ApiUpdate<Text>[];
}

/** An incident as the list carries it: every text as Markdown only. */
export type ApiListedIncident = ApiIncident<ApiMarkdownText>;

/** UTC RFC 3339 of an instant, e.g. 2021-11-25T12:33:00Z. */
function utc(instant: Instant): string {
  return instant.iso;
}

function copyText(text: LocalizedText, languages: readonly Language[]): LocalizedText {
  const copy: LocalizedText = {};
  for (const language of languages) if (text[language] !== undefined) copy[language] = text[language];
  return copy;
}

/**
 * The API view of one incident as the list carries it: instants in UTC, text in every language written
 * (Markdown only), labels in every site language. Its own file adds the HTML (`withHtml`).
 */
export function apiIncident(incident: Incident, context: RenderContext): ApiListedIncident {
  const { config, model } = context;
  const languages = config.languages;
  const text = (value: LocalizedText): ApiMarkdownText => {
    const result: ApiMarkdownText = {};
    for (const language of languages) {
      const markdown = value[language];
      if (markdown !== undefined) result[language] = { markdown };
    }
    return result;
  };
  const labels = (prefix: string, key: string) => Object.fromEntries(languages.map((language) => [language, context.localization.translator(language)(`${prefix}.${key}`)]));
  const status = (key: string) => ({ key, labels: labels('status', key), phase: getStatus(key).phase });
  const update = (item: IncidentUpdate): ApiUpdate<ApiMarkdownText> => {
    const fields: ApiUpdate<ApiMarkdownText>['fields'] = {};
    for (const field of UPDATE_TEXT_FIELDS) {
      const value = item.fields[field];
      if (value) fields[field] = text(value);
    }
    return {
      at: utc(item.at),
      status: status(item.status),
      title: copyText(item.title, languages),
      fields,
      start: item.start ? utc(item.start) : null,
      end: item.end ? utc(item.end) : null,
      next_update: item.nextUpdate ? utc(item.nextUpdate) : null,
      body: text(item.body),
    };
  };
  const service = model.services.get(incident.service);
  return {
    id: incident.id,
    api_url: absoluteUrl(config.baseUrl, pagePaths.apiIncident(incident.id)),
    articles: Object.fromEntries(languages.map((language) => [language, absoluteUrl(config.baseUrl, pagePaths.incident(language, incident.slug))])),
    service: { key: incident.service, names: service ? copyText(service.names, languages) : {} },
    classification: { key: incident.classification, labels: labels('classification', incident.classification) },
    status: status(incident.status),
    ongoing: incident.ongoing,
    start: utc(incident.start),
    end: incident.end ? utc(incident.end) : null,
    duration_seconds: Math.floor(incidentDurationMs(incident) / 1000),
    published: utc(incident.published),
    last_updated: utc(incident.lastUpdated),
    source_lang: incident.sourceLang,
    title: copyText(incident.title, languages),
    impact: text(incident.impact),
    summary: text(incident.summary),
    root_cause: text(incident.rootCause),
    next_steps: text(incident.nextSteps),
    author: incident.author ?? null,
    tags: incident.tags,
    links: incident.links.map((link) => ({ url: link.url, title: copyText(link.title, languages) })),
    updates: incident.updates.map(update),
  };
}

/**
 * An incident's own-file view: the list entry with each text's sanitized HTML added after its Markdown.
 * Walks only the entry's text fields; everything else is the list entry's, shared.
 */
export function withHtml(entry: ApiListedIncident, fragments: { get(markdown: string): string | undefined }): ApiIncident {
  const text = (value: ApiMarkdownText): ApiText => {
    const result: ApiText = {};
    for (const [language, { markdown }] of Object.entries(value) as [Language, { markdown: string }][]) result[language] = { markdown, html: fragments.get(markdown) ?? '' };
    return result;
  };
  const update = (item: ApiUpdate<ApiMarkdownText>): ApiUpdate => {
    const fields: ApiUpdate['fields'] = {};
    for (const field of UPDATE_TEXT_FIELDS) {
      const value = item.fields[field];
      if (value) fields[field] = text(value);
    }
    return { ...item, fields, body: text(item.body) };
  };
  return {
    ...entry,
    impact: text(entry.impact),
    summary: text(entry.summary),
    root_cause: text(entry.root_cause),
    next_steps: text(entry.next_steps),
    updates: entry.updates.map(update),
  };
}

const COMMA = Buffer.from(',');

/** Compact JSON: the list holds every incident, and indentation alone would add about a third. */
function serialize(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * The JSON API: `api/v1/incidents.json` with every published incident (newest start first), its text
 * as Markdown only, and `api/v1/incidents/<id>.json` per incident, its text as Markdown and HTML.
 * The shape is docs/api.schema.json.
 */
export function renderApi(context: RenderContext): void {
  const { config, model } = context;
  // The list shows every incident: when none changed (nor anything site-wide) last build's file is kept,
  // otherwise each incident's entry is copied from it when the incident is the same.
  const list = context.emitPieces(pagePaths.apiIncidents(), { keyedBy: ['api-list', ...model.incidents], separator: COMMA });
  // One incident at a time: its list entry becomes UTF-8 at once and its own file goes to the writer; the
  // API of a large site is never held as objects, as one giant JSON value, or twice.
  for (const incident of model.incidents) {
    let entry: ApiListedIncident | undefined;
    const listed = () => (entry ??= apiIncident(incident, context));
    list.add([incident], () => Buffer.from(JSON.stringify(listed())));
    context.emit(pagePaths.apiIncident(incident.id), {
      keyedBy: [incident],
      produce: () => {
        context.fragments.prepare(incident);
        return serialize({ api_version: API_VERSION, incident: withHtml(listed(), context.fragments) });
      },
    });
  }
  list.close(() => {
    let updated: Instant | undefined;
    for (const incident of model.incidents) if (!updated || incident.lastUpdated.epochMs > updated.epochMs) updated = incident.lastUpdated;
    const head = JSON.stringify({
      api_version: API_VERSION,
      site: { title: copyText(config.title, config.languages), base_url: config.baseUrl, languages: config.languages },
      updated: updated ? utc(updated) : null,
      count: model.incidents.length,
    });
    // The same bytes as serialize() of the whole object, `{…head…,"incidents":[…]}\n`, never joined here
    // (a list of thousands of incidents is tens of MB; as one JavaScript string it would be twice that).
    return { opening: Buffer.from(`${head.slice(0, -1)},"incidents":[`), closing: Buffer.from(']}\n') };
  });
}
