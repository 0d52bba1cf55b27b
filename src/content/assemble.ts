import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { compareText } from '../diagnostics.js';
import type { IdProblem } from '../messages/content.js';
import {
  UPDATE_TEXT_FIELDS,
  type Incident,
  type IncidentLink,
  type IncidentUpdate,
  type LocalizedText,
  type PlaceholderText,
  type RecordSource,
  type Service,
  type SiteConfig,
  type UpdateTextField,
} from '../model.js';
import { getStatus, resolveStatus, suggestStatusName } from '../statuses.js';
import { closestMatches } from '../suggest.js';
import { parseTime, type Instant } from '../time.js';
import type { HeadingUpdate, PlacedText } from './markdown-source.js';
import { isPlaceholder } from './placeholder.js';
import { ID_PATTERN, LANGUAGES, MAX_ID_LENGTH, MAX_UPDATES, type Language, type RawLocalized, type RawRecord, type RawUpdate } from './schema.js';
import type { Locator } from './yaml-source.js';

/** One validated file's contribution to an incident. */
export interface RecordInput {
  source: RecordSource;
  /** Front matter or YAML record, already checked against the schema. */
  data: RawRecord;
  locate: Locator;
  /** Incident id: from the data or the file name. */
  id: string;
  /** Where the id came from (the key, or line 1 for a file name). */
  idPosition: Position;
  /** Markdown only: the prose before the first update heading. */
  summary?: PlacedText;
  /** Markdown only: updates opened by headings. */
  headingUpdates: HeadingUpdate[];
}

interface Place {
  file: string;
  position: Position;
}

interface Contribution<T> extends Place {
  value: T;
  /** Localized text only: where the text of one language is (its value in a map, else the key's place). */
  locateLanguage?: (language: Language) => Position;
}

/** Windows device names, refused as ids because they cannot be file names there. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/iu;

/** Validates an id and reports what is wrong with it; true when usable. */
export function checkId(id: string, place: Place, diagnostics: DiagnosticCollector): boolean {
  let problem: IdProblem | undefined;
  if (!ID_PATTERN.test(id)) problem = { kind: 'pattern', id: printable(id) };
  else if (id.length > MAX_ID_LENGTH) problem = { kind: 'length', length: id.length, limit: MAX_ID_LENGTH };
  else if (RESERVED_NAMES.test(id)) problem = { kind: 'reserved', id };
  if (problem) {
    diagnostics.report(place.file, place.position, 'bad-id', problem);
    return false;
  }
  return true;
}

/**
 * Merges the files of one incident and turns them into the model: exact instants, resolved statuses,
 * per-language text. Reports every problem it finds; returns undefined when the incident is unusable.
 */
export function assembleIncident(
  inputs: readonly RecordInput[],
  context: { config: SiteConfig; services: Map<string, Service> | undefined; diagnostics: DiagnosticCollector },
): Incident | undefined {
  const { config, services, diagnostics } = context;
  const first = inputs[0]!;
  const id = first.id;
  let usable = true;
  const primaryZone = config.zones[config.defaultLanguage].primary;

  const shared = <T>(key: keyof RawRecord, read: (data: RawRecord) => T | undefined, same: (a: T, b: T) => boolean, describe: (value: T) => string) =>
    mergeShared(key, inputs, read, same, describe, diagnostics);

  const sourceLang = shared('source_lang', (data) => data.source_lang, Object.is, String)?.value ?? config.sourceLanguage;
  const textLanguageOf = (input: RecordInput): Language => input.source.lang ?? sourceLang;

  const time = (text: string | undefined, place: Place): Instant | undefined => {
    if (text === undefined) return undefined;
    const result = parseTime(text, { primaryZone });
    if (result.ok) return result.instant;
    diagnostics.report(place.file, place.position, result.rule, result);
    usable = false;
    return undefined;
  };
  const sharedTime = (key: 'start' | 'end' | 'published'): Contribution<Instant> | undefined => {
    const parsed: Contribution<Instant>[] = [];
    for (const input of inputs) {
      const text = input.data[key];
      if (text === undefined) continue;
      const place = { file: input.source.path, position: input.locate([key]) };
      const instant = time(text, place);
      if (instant) parsed.push({ ...place, value: instant });
    }
    return pickAgreeing(key, parsed, (a, b) => a.epochMs === b.epochMs, (value) => value.source, diagnostics);
  };
  const localized = (key: 'title' | 'impact' | 'summary' | 'root_cause' | 'next_steps') =>
    mergeLocalized(
      key,
      inputs.flatMap((input) => {
        const raw = input.data[key];
        const items: Contribution<LocalizedText>[] = [];
        if (raw !== undefined) {
          items.push({
            file: input.source.path,
            position: input.locate([key]),
            value: normalizeLocalized(raw, textLanguageOf(input)),
            locateLanguage: (language) => (typeof raw === 'string' ? input.locate([key]) : input.locate([key, language])),
          });
        }
        if (key === 'summary' && input.summary?.text && input.source.lang)
          items.push({ file: input.source.path, position: input.summary.position, value: { [input.source.lang]: input.summary.text } });
        return items;
      }),
      diagnostics,
    );

  const service = shared('service', (data) => data.service, Object.is, (value) => `"${value}"`);
  if (!service) {
    missing('service', inputs, diagnostics);
    usable = false;
  } else if (services && !services.has(service.value)) {
    const known = [...services.keys()];
    const suggestion = closestMatches(service.value, known)[0];
    diagnostics.report(service.file, service.position, 'unknown-service', { service: service.value, ...(suggestion ? { suggestion } : {}), known });
    usable = false;
  }
  const classification = shared('classification', (data) => data.classification, Object.is, String)?.value ?? 'incident';
  const start = sharedTime('start');
  if (!start && !inputs.some((input) => input.data.start !== undefined)) {
    missing('start', inputs, diagnostics);
    usable = false;
  }
  const end = sharedTime('end');
  if (start && end && end.value.epochMs < start.value.epochMs) {
    diagnostics.report(end.file, end.position, 'end-before-start', { end: end.value.source, start: start.value.source, inUpdate: false });
  }
  const published = sharedTime('published');
  const author = shared('author', (data) => data.author, Object.is, (value) => `"${value}"`);
  const draft = shared('draft', (data) => data.draft, Object.is, String)?.value ?? false;
  const tags = shared('tags', (data) => data.tags, (a, b) => a.join('\0') === b.join('\0'), (value) => `[${value.join(', ')}]`)?.value ?? [];
  const links = collectLinks(inputs, textLanguageOf, diagnostics);

  const title = localized('title');
  const impact = localized('impact');
  const summary = localized('summary');
  const rootCause = localized('root_cause');
  const nextSteps = localized('next_steps');

  const statusContribution = shared('status', (data) => data.status, Object.is, (value) => `"${value}"`);
  const explicitStatus = statusContribution ? resolveStatusAt(statusContribution.value, statusContribution, diagnostics) : undefined;
  if (statusContribution && !explicitStatus) usable = false;

  const updates = assembleUpdates(inputs, { time, textLanguageOf, diagnostics, markUnusable: () => (usable = false) });
  if (updates.length === 0 && usable) {
    diagnostics.report(first.source.path, first.locate(['updates'], 'key'), 'missing-key', { kind: 'no-updates', id });
    usable = false;
  }
  if (updates.length > MAX_UPDATES) {
    diagnostics.report(first.source.path, first.locate(['updates'], 'key'), 'too-many-updates', { id, count: updates.length, limit: MAX_UPDATES });
    return undefined;
  }

  // A title that is a placeholder in every language is shown as the id until it is written: never "TODO:".
  if (Object.keys(title.text).length === 0 && Object.keys(title.placeholders).length > 0) title.text[sourceLang] = id;
  if (Object.keys(title.text).length === 0) {
    diagnostics.report(first.source.path, first.locate([], 'key'), 'missing-title', id);
    usable = false;
  }

  if (start) {
    for (const entry of updates) {
      if (entry.update.at.epochMs < start.value.epochMs) diagnostics.report(entry.place.file, entry.place.position, 'update-before-start', entry.update.at.source, start.value.source);
    }
  }
  const newestUpdate = updates[0];
  if (published && newestUpdate && published.value.epochMs > newestUpdate.update.at.epochMs) {
    diagnostics.report(published.file, published.position, 'published-after-update', published.value.source, newestUpdate.update.at.source);
  }

  if (!usable || !service || !start || updates.length === 0) return undefined;

  reportMissingTranslations({ id, config, title, summary, updates, first }, diagnostics);

  const newest = updates[0]!;
  const oldest = updates[updates.length - 1]!;
  const placeholders = [
    ...placeholderFields('title', title),
    ...placeholderFields('impact', impact),
    ...placeholderFields('summary', summary),
    ...placeholderFields('root_cause', rootCause),
    ...placeholderFields('next_steps', nextSteps),
    ...updates.flatMap((entry) => entry.placeholders),
  ];
  const status = explicitStatus ?? newest.update.status;
  return {
    id,
    slug: id.toLowerCase(),
    service: service.value,
    classification,
    sourceLang,
    title: title.text,
    impact: impact.text,
    start: start.value,
    ...(end ? { end: end.value } : {}),
    status,
    phase: getStatus(status).phase,
    ongoing: !end,
    published: published?.value ?? oldest.update.at,
    // Never earlier than published: feeds, the API, the sitemap and JSON-LD read it as the last modification.
    lastUpdated: published && published.value.epochMs > newest.update.at.epochMs ? published.value : newest.update.at,
    ...(author ? { author: author.value } : {}),
    tags,
    links,
    draft,
    summary: summary.text,
    rootCause: rootCause.text,
    nextSteps: nextSteps.text,
    updates: updates.map((entry) => entry.update),
    statusMarks: updates.map(({ update }) => ({ atMs: update.at.epochMs, status: update.status })),
    sources: inputs.map((input) => input.source),
    ...(placeholders.length > 0 ? { placeholders } : {}),
  };
}

/** The languages in which a text is still a placeholder, as model entries. */
function placeholderFields(field: string, text: MergedText, at?: Instant): PlaceholderText[] {
  return (Object.keys(text.placeholders) as Language[]).map((language) => ({ field, language, ...(at ? { at } : {}) }));
}

interface UpdateEntry {
  update: IncidentUpdate;
  place: Place;
  /** The texts of the update still holding a placeholder, by field and language. */
  placeholders: PlaceholderText[];
}

interface UpdatePart extends Place {
  at: Instant;
  status?: Contribution<string>;
  language: Language;
  raw: Partial<RawUpdate>;
  locate: (key: string) => Position;
  /** Where the text of one language of a localized key is. */
  locateText: (key: string, language: Language) => Position;
  /** Markdown heading body, in the file's language. */
  headingBody?: PlacedText;
}

function assembleUpdates(
  inputs: readonly RecordInput[],
  helpers: {
    time: (text: string | undefined, place: Place) => Instant | undefined;
    textLanguageOf: (input: RecordInput) => Language;
    diagnostics: DiagnosticCollector;
    markUnusable: () => void;
  },
): UpdateEntry[] {
  const { time, textLanguageOf, diagnostics } = helpers;
  const groups = new Map<number, UpdatePart[]>();
  for (const input of inputs) {
    const file = input.source.path;
    const seen = new Map<number, Place>();
    const add = (part: UpdatePart) => {
      const earlier = seen.get(part.at.epochMs);
      if (earlier) {
        diagnostics.report(part.file, part.position, 'duplicate-update', { at: part.at.iso, otherLine: earlier.position.line });
        helpers.markUnusable();
        return;
      }
      seen.set(part.at.epochMs, part);
      const group = groups.get(part.at.epochMs) ?? [];
      group.push(part);
      groups.set(part.at.epochMs, group);
    };
    (input.data.updates ?? []).forEach((raw, index) => {
      const locate = (key: string) => input.locate(['updates', index, key]);
      const at = time(raw.at, { file, position: locate('at') });
      if (!at) {
        // The update cannot be placed, but its other values are still checked so that one run reports every problem.
        for (const key of ['start', 'end', 'next_update'] as const) time(raw[key], { file, position: locate(key) });
        resolveStatusAt(raw.status, { file, position: locate('status') }, diagnostics);
        return;
      }
      add({
        file,
        position: input.locate(['updates', index]),
        at,
        status: { file, position: locate('status'), value: raw.status },
        language: textLanguageOf(input),
        raw,
        locate,
        locateText: (key, language) => (typeof raw[key as keyof RawUpdate] === 'string' ? locate(key) : input.locate(['updates', index, key, language])),
      });
    });
    for (const heading of input.headingUpdates) {
      const at = time(heading.time.text, { file, position: heading.time.position });
      if (!at) {
        if (heading.status) resolveStatusAt(heading.status.text, { file, position: heading.status.position }, diagnostics);
        continue;
      }
      add({
        file,
        position: heading.position,
        at,
        ...(heading.status ? { status: { file, position: heading.status.position, value: heading.status.text } } : {}),
        language: textLanguageOf(input),
        raw: {},
        locate: () => heading.position,
        locateText: () => heading.body?.position ?? heading.position,
        headingBody: heading.body,
      });
    }
  }

  const entries: UpdateEntry[] = [];
  const chronological = [...groups.keys()].sort((a, b) => a - b);
  let previousStatus: string | undefined;
  for (const epochMs of chronological) {
    const parts = groups.get(epochMs)!;
    const firstPart = parts[0]!;
    const statusParts = parts.flatMap((part) => (part.status ? [part.status] : []));
    const resolved = statusParts.map((part) => ({ part, key: resolveStatusAt(part.value, part, diagnostics) }));
    if (resolved.some((item) => !item.key)) helpers.markUnusable();
    const valid = resolved.filter((item): item is { part: Contribution<string>; key: string } => Boolean(item.key));
    for (const item of valid.slice(1)) {
      if (item.key !== valid[0]!.key) {
        diagnostics.report(item.part.file, item.part.position, 'conflicting-value', { kind: 'status', at: firstPart.at.iso, here: item.key, there: valid[0]!.key, where: where(valid[0]!.part) });
        helpers.markUnusable();
      }
    }
    const status = valid[0]?.key ?? previousStatus;
    if (!status) {
      if (resolved.length === 0) {
        diagnostics.report(firstPart.file, firstPart.position, 'missing-key', { kind: 'first-status' });
        helpers.markUnusable();
      }
      continue;
    }
    previousStatus = status;

    const localizedField = (key: 'title' | UpdateTextField | 'body') =>
      mergeLocalized(
        key,
        parts.flatMap((part) => {
          const items: Contribution<LocalizedText>[] = [];
          const raw = part.raw[key];
          if (raw !== undefined) {
            items.push({ file: part.file, position: part.locate(key), value: normalizeLocalized(raw, part.language), locateLanguage: (language) => part.locateText(key, language) });
          }
          if (key === 'body' && part.headingBody?.text)
            items.push({ file: part.file, position: part.headingBody.position, value: { [part.language]: part.headingBody.text } });
          return items;
        }),
        diagnostics,
        firstPart.at.source,
      );
    const timeField = (key: 'start' | 'end' | 'next_update') => {
      const values: Contribution<Instant>[] = [];
      for (const part of parts) {
        const text = part.raw[key];
        if (text === undefined) continue;
        const place = { file: part.file, position: part.locate(key) };
        const instant = time(text, place);
        if (instant) values.push({ ...place, value: instant });
      }
      return pickAgreeing(key, values, (a, b) => a.epochMs === b.epochMs, (value) => value.source, diagnostics);
    };

    const placeholders: PlaceholderText[] = [];
    const fields: IncidentUpdate['fields'] = {};
    for (const key of UPDATE_TEXT_FIELDS) {
      const merged = localizedField(key);
      placeholders.push(...placeholderFields(key, merged, firstPart.at));
      if (Object.keys(merged.text).length > 0) fields[key] = merged.text;
    }
    const mergedBody = localizedField('body');
    const mergedTitle = localizedField('title');
    placeholders.push(...placeholderFields('body', mergedBody, firstPart.at), ...placeholderFields('title', mergedTitle, firstPart.at));
    const body = mergedBody.text;
    const title = mergedTitle.text;
    const start = timeField('start');
    const end = timeField('end');
    const nextUpdate = timeField('next_update');
    if (nextUpdate && nextUpdate.value.epochMs <= epochMs) {
      diagnostics.report(nextUpdate.file, nextUpdate.position, 'next-update-before-update', { next: nextUpdate.value.source, at: firstPart.at.source });
    }
    if (start && end && end.value.epochMs < start.value.epochMs) {
      diagnostics.report(end.file, end.position, 'end-before-start', { end: end.value.source, start: start.value.source, inUpdate: true });
    }
    // An update whose only texts are placeholders is shown with its status alone (and warned about).
    if (Object.keys(fields).length === 0 && Object.keys(body).length === 0 && placeholders.length === 0) {
      diagnostics.report(firstPart.file, firstPart.position, 'empty-update', firstPart.at.source);
      helpers.markUnusable();
    }
    entries.push({
      place: firstPart,
      placeholders,
      update: {
        at: firstPart.at, // as written in the first file (path order), so messages quote the writer
        status,
        title,
        fields,
        ...(start ? { start: start.value } : {}),
        ...(end ? { end: end.value } : {}),
        ...(nextUpdate ? { nextUpdate: nextUpdate.value } : {}),
        body,
      },
    });
  }
  return entries.reverse();
}

function reportMissingTranslations(
  incident: {
    id: string;
    config: SiteConfig;
    title: MergedText;
    summary: MergedText;
    updates: readonly UpdateEntry[];
    first: RecordInput;
  },
  diagnostics: DiagnosticCollector,
): void {
  const { config, title, summary, updates } = incident;
  for (const language of config.languages) {
    for (const [name, text] of [
      ['title', title],
      ['summary', summary],
    ] as const) {
      if (Object.keys(text.text).length > 0 && !text.text[language] && !text.placeholders[language]) {
        const place = Object.values(text.places)[0]!;
        diagnostics.report(place.file, place.position, 'missing-translation', { kind: 'text', name, language });
      }
    }
    for (const entry of updates) {
      const { update } = entry;
      const texts: [string, LocalizedText][] = [
        ['title', update.title],
        ...Object.entries(update.fields),
        ['body', update.body],
      ];
      const waiting = new Set(entry.placeholders.filter((item) => item.language === language).map((item) => item.field));
      const missingKeys = texts.filter(([key, text]) => Object.keys(text).length > 0 && !text[language] && !waiting.has(key)).map(([key]) => key);
      if (missingKeys.length > 0) {
        diagnostics.report(entry.place.file, entry.place.position, 'missing-translation', { kind: 'update', at: update.at.source, language, keys: missingKeys });
      }
    }
  }
}

interface MergedText {
  text: LocalizedText;
  places: Partial<Record<Language, Place>>;
  /** Languages whose text is still a "TODO:" placeholder: left out of `text`, as if missing. */
  placeholders: Partial<Record<Language, Place>>;
}

/**
 * Joins the texts of one localized key from every file. A placeholder is never text: it is left out
 * (so pages, feeds, the API and search treat it as a missing translation) and reported where it is.
 * `at` names the update the key belongs to, as written.
 */
function mergeLocalized(key: string, contributions: readonly Contribution<LocalizedText>[], diagnostics: DiagnosticCollector, at?: string): MergedText {
  const text: LocalizedText = {};
  const places: Partial<Record<Language, Place>> = {};
  const placeholders: Partial<Record<Language, Place>> = {};
  for (const contribution of contributions) {
    for (const language of LANGUAGES) {
      const value = contribution.value[language];
      if (value === undefined) continue;
      if (isPlaceholder(value)) {
        const place = { file: contribution.file, position: contribution.locateLanguage?.(language) ?? contribution.position };
        placeholders[language] ??= place;
        diagnostics.report(place.file, place.position, 'placeholder', { field: key, language, ...(at ? { at } : {}) });
        continue;
      }
      const earlier = places[language];
      if (earlier && text[language] !== value) {
        diagnostics.report(contribution.file, contribution.position, 'conflicting-value', { kind: 'text', key, language, where: where(earlier) });
        continue;
      }
      text[language] = value;
      places[language] = contribution;
    }
  }
  return { text, places, placeholders };
}

function mergeShared<T>(
  key: keyof RawRecord,
  inputs: readonly RecordInput[],
  read: (data: RawRecord) => T | undefined,
  same: (a: T, b: T) => boolean,
  describe: (value: T) => string,
  diagnostics: DiagnosticCollector,
): Contribution<T> | undefined {
  const values: Contribution<T>[] = [];
  for (const input of inputs) {
    const value = read(input.data);
    if (value !== undefined) values.push({ file: input.source.path, position: input.locate([key]), value });
  }
  return pickAgreeing(key, values, same, describe, diagnostics);
}

function pickAgreeing<T>(
  key: string,
  values: readonly Contribution<T>[],
  same: (a: T, b: T) => boolean,
  describe: (value: T) => string,
  diagnostics: DiagnosticCollector,
): Contribution<T> | undefined {
  const first = values[0];
  for (const other of values.slice(1)) {
    if (!same(first!.value, other.value)) {
      diagnostics.report(other.file, other.position, 'conflicting-value', { kind: 'shared', key, here: describe(other.value), there: describe(first!.value), where: where(first!) });
    }
  }
  return first;
}

function resolveStatusAt(text: string, place: Place, diagnostics: DiagnosticCollector): string | undefined {
  const status = resolveStatus(text);
  if (status) return status.key;
  const suggestion = suggestStatusName(text);
  diagnostics.report(place.file, place.position, 'unknown-status', { status: text, ...(suggestion !== undefined ? { suggestion } : {}) });
  return undefined;
}

function collectLinks(inputs: readonly RecordInput[], textLanguageOf: (input: RecordInput) => Language, diagnostics: DiagnosticCollector): IncidentLink[] {
  const links = new Map<string, IncidentLink>();
  for (const input of inputs) {
    (input.data.links ?? []).forEach((link, index) => {
      if (!isHttpUrl(link.url)) {
        diagnostics.report(input.source.path, input.locate(['links', index, 'url']), 'link-scheme', printable(link.url));
        return;
      }
      const title = normalizeLocalized(link.title, textLanguageOf(input));
      for (const language of Object.keys(title) as Language[]) {
        if (!isPlaceholder(title[language]!)) continue;
        delete title[language];
        const position = typeof link.title === 'string' ? input.locate(['links', index, 'title']) : input.locate(['links', index, 'title', language]);
        diagnostics.report(input.source.path, position, 'placeholder', { field: 'link title', language });
      }
      const existing = links.get(link.url);
      links.set(link.url, { url: link.url, title: { ...existing?.title, ...title } });
    });
  }
  return [...links.values()];
}

/** True for absolute http(s) URLs with a host. */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/[^/\s]/iu.test(text)) return false;
  return URL.canParse(text);
}

/** Turns a string or a language map into per-language text, dropping blank entries. */
export function normalizeLocalized(raw: RawLocalized, language: Language): LocalizedText {
  const result: LocalizedText = {};
  if (typeof raw === 'string') {
    if (raw.trim()) result[language] = raw.trim();
    return result;
  }
  for (const key of LANGUAGES) {
    const text = raw[key]?.trim();
    if (text) result[key] = text;
  }
  return result;
}

function missing(key: 'service' | 'start', inputs: readonly RecordInput[], diagnostics: DiagnosticCollector): void {
  const first = inputs[0]!;
  diagnostics.report(first.source.path, first.source.format === 'markdown' ? { line: 1, column: 1 } : first.locate([], 'key'), 'missing-key', { kind: 'record', key, files: inputs.length, id: first.id });
}

function where(place: Place): string {
  return `${place.file}:${place.position.line}:${place.position.column}`;
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Orders incidents newest start first, then by id. */
export function compareIncidents(a: Incident, b: Incident): number {
  return b.start.epochMs - a.start.epochMs || compareText(a.id, b.id);
}
