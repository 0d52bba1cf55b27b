import type { Incident, Language, SiteConfig, SiteModel } from '../model.js';
import { getStatus } from '../statuses.js';
import { formatDate, formatInstant, instantFromEpoch, zoneAbbreviation } from '../time.js';
import { badgeSvg } from './badges.js';
import { boardFacts, boardSignature, incidentFacts, siteFacts, type BoardFacts, type IncidentFacts, type Level } from './board.js';
import { calendarSvg, dayAnchor, dayStates, historySvg, localDate, recentDays, yearDays, type DayState } from './history.js';
import type { Translator } from './i18n.js';
import { timelineSvg } from './timeline-svg.js';
import { pagePaths, relativeHref } from './urls.js';
import { serviceName, statusView, type StatusView, type TimeView } from './view-model.js';

/** Days shown by a service history. */
export const HISTORY_DAYS = 90;

/** A link to an ongoing incident on the board. */
export interface BoardIncidentView {
  href: string;
  id: string;
  title: { text: string; lang: Language };
  status: StatusView;
}

/** One service on the board. */
export interface BoardServiceView {
  key: string;
  name: string;
  href: string;
  level: Level;
  /** The worst ongoing incident's status label, or "operating normally". */
  state: string;
  status: StatusView | null;
  incidents: BoardIncidentView[];
}

/** The board at the top of an index. */
export interface BoardView {
  level: Level;
  banner: string;
  /** The "as of" time, with the sentence's words before and after it. */
  asOf: (TimeView & { before: string; after: string }) | null;
  services: BoardServiceView[];
}

/** One day with incidents in a history's text list. */
export interface HistoryDayView {
  anchor: string;
  date: string;
  level: Level;
  levelLabel: string;
  incidents: { href: string; id: string; status: StatusView }[];
}

/** A 90-day history or a year calendar, with its text equivalent. */
export interface HistoryView {
  /** `history` or `calendar`: the section's id and its classes. */
  kind: 'history' | 'calendar';
  heading: string;
  range: string;
  /** The picture (SVG markup made by kokuchi, never from content). */
  svg: string;
  listHeading: string;
  days: HistoryDayView[];
  none: string;
  legend: { level: string; label: string }[];
}

/** The board's facts for a model, computed once per model. */
export function siteBoard(model: SiteModel): BoardFacts {
  let board = boards.get(model.incidents);
  if (!board) boards.set(model.incidents, (board = boardFacts([...model.services.keys()], siteFacts(model))));
  return board;
}

const boards = new WeakMap<readonly Incident[], BoardFacts>();

function incidentBySlug(model: SiteModel): Map<string, Incident> {
  let map = slugs.get(model.incidents);
  if (!map) slugs.set(model.incidents, (map = new Map(model.incidents.map((incident) => [incident.slug, incident]))));
  return map;
}

const slugs = new WeakMap<readonly Incident[], Map<string, Incident>>();

function title(incident: Incident, lang: Language): { text: string; lang: Language } {
  for (const candidate of [lang, incident.sourceLang, 'ja', 'en'] as Language[]) {
    const text = incident.title[candidate];
    if (text !== undefined) return { text, lang: candidate };
  }
  return { text: incident.id, lang };
}

/** The "as of" time in `lang`: the content's newest instant in the language's display zones. */
export function asOfView(board: BoardFacts, lang: Language, config: SiteConfig): TimeView | null {
  if (board.asOfMs === undefined) return null;
  return { iso: instantFromEpoch(board.asOfMs).iso, text: formatInstant(board.asOfMs, lang, config.zones[lang]) };
}

/** The board of `lang` as shown on the page at `fromFile`. */
export function boardView(model: SiteModel, lang: Language, t: Translator, fromFile: string): BoardView {
  const board = siteBoard(model);
  const bySlug = incidentBySlug(model);
  const asOf = asOfView(board, lang, model.config);
  return {
    level: board.level,
    banner: t(board.level === 'operational' ? 'board.allOperational' : board.level === 'advisory' ? 'board.advisory' : 'board.affected'),
    asOf: asOf ? { ...asOf, ...splitAround(t('board.asOf', { time: '\u0000' })) } : null,
    services: board.services.map((service) => ({
      key: service.key,
      name: serviceName(model, service.key, lang),
      href: relativeHref(fromFile, pagePaths.service(lang, service.key)),
      level: service.level,
      state: service.status ? t(`status.${service.status}`) : t('board.level.operational'),
      status: service.status ? statusView(service.status, t) : null,
      incidents: service.ongoing.map((facts) => ({
        href: relativeHref(fromFile, pagePaths.incident(lang, facts.slug)),
        id: facts.id,
        title: title(bySlug.get(facts.slug)!, lang),
        status: statusView(facts.status, t),
      })),
    })),
  };
}

/** Splits a translated "as of" sentence around its time, for `<time>` in the middle: [before, after]. */
export function splitAround(sentence: string): { before: string; after: string } {
  const [before = '', after = ''] = sentence.split('\u0000');
  return { before, after };
}

/** The facts the board of the index shows, as text (for keying the page). */
export function boardKey(model: SiteModel): string {
  return boardSignature(siteBoard(model));
}

function levelLabels(t: Translator): { level: string; label: string }[] {
  return (['operational', 'advisory', 'degraded', 'outage'] as const).map((level) => ({ level, label: t(`board.level.${level}`) }));
}

function dayLabel(day: DayState, lang: Language, zone: string, t: Translator): string {
  return t('history.day', { date: formatDate(day.startMs, lang, zone), level: t(`board.level.${day.level}`) });
}

function dayViews(days: readonly DayState[], prefix: string, lang: Language, zone: string, t: Translator, fromFile: string): HistoryDayView[] {
  return days
    .filter((day) => day.incidents.length > 0)
    .reverse()
    .map((day) => ({
      anchor: dayAnchor(prefix, day.date),
      date: formatDate(day.startMs, lang, zone),
      level: day.level as Level,
      levelLabel: t(`board.level.${day.level}`),
      incidents: day.incidents.map((incident) => ({ href: relativeHref(fromFile, pagePaths.incident(lang, incident.slug)), id: incident.id, status: statusView(incident.status, t) })),
    }));
}

/** The incidents a history is drawn from: one service's, or the whole site's. */
function factsOf(model: SiteModel, service?: string): IncidentFacts[] {
  const all = siteFacts(model);
  return service ? all.filter((incident) => incident.service === service) : all;
}

/**
 * The 90 days ending on the "as of" day in the language's primary display zone, for one service or the
 * whole site, with the facts it shows as text (for keying the page). Null for a site without incidents.
 */
export function historyOf(model: SiteModel, lang: Language, service?: string): DayState[] | null {
  return remember(model, `history\0${lang}\0${service ?? ''}`, () => {
    const asOf = siteBoard(model).asOfMs;
    if (asOf === undefined) return null;
    return dayStates(recentDays(asOf, model.config.zones[lang].primary, HISTORY_DAYS), factsOf(model, service), asOf);
  });
}

const remembered = new WeakMap<readonly Incident[], Map<string, unknown>>();

/**
 * A value computed once per model under `key` (days, which a page's key and its view both ask for, and
 * the facts of a range; each kind of value has its own key prefix).
 */
function remember<T>(model: SiteModel, key: string, compute: () => T): T {
  let perModel = remembered.get(model.incidents);
  if (!perModel) remembered.set(model.incidents, (perModel = new Map()));
  if (!perModel.has(key)) perModel.set(key, compute());
  return perModel.get(key) as T;
}

/** The 90-day history view. */
export function historyView(days: readonly DayState[], lang: Language, config: SiteConfig, t: Translator, fromFile: string): HistoryView {
  const zone = config.zones[lang].primary;
  const first = days[0]!;
  const last = days[days.length - 1]!;
  return {
    kind: 'history',
    heading: t('history.heading'),
    range: t('history.range', { from: formatDate(first.startMs, lang, zone), to: formatDate(last.startMs, lang, zone), zone: zoneAbbreviation(zone, last.startMs) }),
    svg: historySvg(days, 'history', (day) => dayLabel(day, lang, zone, t)),
    listHeading: t('history.days'),
    days: dayViews(days, 'history', lang, zone, t, fromFile),
    none: t('history.none'),
    legend: levelLabels(t),
  };
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The days of `year` in the language's primary zone, for one service or the whole site. */
export function calendarOf(model: SiteModel, lang: Language, year: number, service?: string): DayState[] | null {
  return remember(model, `calendar\0${lang}\0${year}\0${service ?? ''}`, () => {
    const asOf = siteBoard(model).asOfMs;
    if (asOf === undefined) return null;
    return dayStates(yearDays(year, model.config.zones[lang].primary), factsOf(model, service), asOf);
  });
}

/** The year of the "as of" day in the language's primary zone. */
export function asOfYear(model: SiteModel, lang: Language): number | undefined {
  const asOf = siteBoard(model).asOfMs;
  return asOf === undefined ? undefined : Number(localDate(asOf, model.config.zones[lang].primary).slice(0, 4));
}

/** The year calendar view. */
export function calendarView(days: readonly DayState[], year: number, lang: Language, config: SiteConfig, t: Translator, fromFile: string): HistoryView {
  const zone = config.zones[lang].primary;
  const months = Array.from({ length: 12 }, (_, index) => (lang === 'ja' ? `${index + 1}月` : MONTHS_EN[index]!));
  return {
    kind: 'calendar',
    heading: t('calendar.heading', { year }),
    range: t('history.range', { from: formatDate(days[0]!.startMs, lang, zone), to: formatDate(days[days.length - 1]!.startMs, lang, zone), zone: zoneAbbreviation(zone, days[0]!.startMs) }),
    svg: calendarSvg(days, months, 'calendar', (day) => dayLabel(day, lang, zone, t)),
    listHeading: t('calendar.days', { year }),
    days: dayViews(days, 'calendar', lang, zone, t, fromFile),
    none: t('calendar.none', { year }),
    legend: levelLabels(t),
  };
}

const DAY_MS = 86_400_000;

/**
 * What the 90-day history of `lang` (one service's, or the whole site's) is drawn from, as text, for
 * keying the page that shows it. It names the inputs, not the drawn days, so that a rebuild that
 * keeps the page works out no day at all.
 */
export function historyKey(model: SiteModel, lang: Language, service?: string): string {
  const asOf = siteBoard(model).asOfMs;
  if (asOf === undefined) return 'none';
  // The window ends on the "as of" day; two days either side more than cover any zone's offset.
  return inputsKey(model, lang, 'history', asOf - (HISTORY_DAYS + 1) * DAY_MS, asOf + 2 * DAY_MS, asOf, service);
}

/** What the calendar of `year` in `lang` is drawn from, as text (see historyKey). */
export function calendarKey(model: SiteModel, lang: Language, year: number, service?: string): string {
  const asOf = siteBoard(model).asOfMs;
  if (asOf === undefined) return 'none';
  const fromMs = Date.UTC(year, 0, 1) - 2 * DAY_MS;
  const toMs = Date.UTC(year + 1, 0, 1) + 2 * DAY_MS;
  // Once the year is over, the exact "as of" instant no longer changes any of its days.
  return inputsKey(model, lang, `calendar ${year}`, fromMs, toMs, Math.min(asOf, toMs), service);
}

/** The facts of every incident that may be drawn between `fromMs` and `toMs` (generous bounds), with the zone and the "as of" instant. */
function inputsKey(model: SiteModel, lang: Language, kind: string, fromMs: number, toMs: number, asOf: number, service: string | undefined): string {
  const header = JSON.stringify([kind, model.config.zones[lang].primary, asOf]);
  const lines = factLines(model, fromMs, toMs, asOf, service);
  return lines ? `${header}\n${lines}` : header;
}

/**
 * One line per incident that may be drawn in the range (JSON has no raw line break), for one service or
 * the whole site, in the model's order. Worked out once per range and service: both languages and the
 * pages of every service ask for the same ranges, and a service's incidents are picked from the site's
 * in the range, not from the whole site.
 */
function factLines(model: SiteModel, fromMs: number, toMs: number, asOf: number, service: string | undefined): string {
  const range = `${fromMs}\0${toMs}\0${asOf}`;
  return remember(model, `lines\0${range}\0${service ?? ''}`, () => {
    const inRange = remember(model, `range\0${range}`, () =>
      siteFacts(model).filter((incident) => incident.startMs < toMs && (incident.endMs ?? Math.max(asOf, incident.lastUpdatedMs)) >= fromMs),
    );
    return (service ? inRange.filter((incident) => incident.service === service) : inRange).map(factsText).join('\n');
  });
}

const factsTexts = new WeakMap<IncidentFacts, string>();

/** Every field of IncidentFacts, each written by factsText: a new field fails to compile until it is written too. */
type WrittenFacts = 'id' | 'slug' | 'service' | 'classification' | 'status' | 'ongoing' | 'startMs' | 'endMs' | 'lastUpdatedMs' | 'publishedMs' | 'updates';
const factFieldsComplete: Exclude<keyof IncidentFacts, WrittenFacts> extends never ? true : never = true;
void factFieldsComplete;

/** An incident's facts as one line of text, made once (texts quoted as JSON, numbers and keys as they are). */
function factsText(facts: IncidentFacts): string {
  let text = factsTexts.get(facts);
  if (text === undefined) {
    const updates = facts.updates.map((update) => `${update.atMs}:${JSON.stringify(update.status)}`).join(',');
    text = `${JSON.stringify(facts.id)} ${JSON.stringify(facts.slug)} ${JSON.stringify(facts.service)} ${facts.classification} ${JSON.stringify(facts.status)} ${facts.ongoing} ${facts.startMs} ${facts.endMs ?? '-'} ${facts.lastUpdatedMs} ${facts.publishedMs} ${updates}`;
    factsTexts.set(facts, text);
  }
  return text;
}

/** The timeline picture of an incident in `lang` (inline SVG markup). */
export function timelinePicture(incident: Incident, lang: Language, config: SiteConfig, t: Translator): string {
  const facts = incidentFacts(incident);
  const zones = config.zones[lang];
  const statuses = facts.updates.map((update) => t(`status.${update.status}`)).join(lang === 'ja' ? '、' : ', ');
  const format = (ms: number) => formatInstant(ms, lang, zones);
  const description = incident.end
    ? t('timelinePicture.ended', { start: format(facts.startMs), end: format(incident.end.epochMs), count: facts.updates.length, statuses })
    : t('timelinePicture.ongoing', { start: format(facts.startMs), latest: format(facts.lastUpdatedMs), count: facts.updates.length, statuses });
  return timelineSvg(
    { startMs: facts.startMs, ...(facts.endMs !== undefined ? { endMs: facts.endMs } : {}), updates: facts.updates },
    zones,
    {
      lang,
      id: 'timeline-picture',
      title: t('timelinePicture.title', { id: incident.id, primary: zoneAbbreviation(zones.primary, facts.startMs), secondary: zoneAbbreviation(zones.secondary, facts.startMs) }),
      description,
      statusLabel: (key) => t(`status.${key}`),
      ongoing: t('timelinePicture.openEnd'),
    },
  );
}

/** Every badge of a language: the whole site's and one per service, file → SVG. */
export function badgeFiles(model: SiteModel, lang: Language, t: Translator): Map<string, string> {
  const board = siteBoard(model);
  const files = new Map<string, string>();
  const siteTitle = model.config.title[lang] ?? t('badge.site');
  files.set(pagePaths.siteBadge(lang), badgeSvg(siteTitle, t(board.level === 'operational' ? 'board.level.operational' : `board.level.${board.level}`), board.level, lang));
  for (const service of board.services) {
    const state = service.status ? t(`status.${service.status}`) : t('board.level.operational');
    files.set(pagePaths.serviceBadge(lang, service.key), badgeSvg(serviceName(model, service.key, lang), state, service.level, lang));
  }
  return files;
}

/** The board in the API (documented in docs/api.schema.json as `board.json`). */
export function apiBoard(model: SiteModel, labels: (lang: Language, key: string) => string, baseUrl: string, absolute: (base: string, file: string) => string): object {
  const board = siteBoard(model);
  const languages = model.config.languages;
  return {
    api_version: 1,
    as_of: board.asOfMs === undefined ? null : instantFromEpoch(board.asOfMs).iso,
    level: board.level,
    services: board.services.map((service) => ({
      key: service.key,
      names: Object.fromEntries(languages.map((lang) => [lang, serviceName(model, service.key, lang)])),
      level: service.level,
      status: service.status ? { key: service.status, labels: Object.fromEntries(languages.map((lang) => [lang, labels(lang, `status.${service.status}`)])), phase: getStatus(service.status).phase } : null,
      ongoing: service.ongoing.map((incident) => incident.id),
      badges: Object.fromEntries(languages.map((lang) => [lang, absolute(baseUrl, pagePaths.serviceBadge(lang, service.key))])),
    })),
  };
}

/** Text in one language, for bilingual pages. */
export interface LangText {
  lang: Language;
  text: string;
}

/** The compact bilingual board of the front door. */
export interface HomeBoardView {
  level: Level;
  heading: LangText[];
  banner: LangText[];
  asOf: { lang: Language; iso: string; text: string; before: string; after: string }[];
  services: {
    key: string;
    level: Level;
    names: LangText[];
    states: LangText[];
    /** The worst ongoing incident's status (tone and shape), or null. */
    status: StatusView | null;
    incidents: { id: string; links: { lang: Language; href: string; label: string }[] }[];
  }[];
}

/** The board in every language at once, for the front door at `fromFile`. */
export function homeBoardView(model: SiteModel, languages: readonly Language[], translator: (lang: Language) => Translator, fromFile: string): HomeBoardView {
  const views = languages.map((lang) => ({ lang, t: translator(lang), view: boardView(model, lang, translator(lang), fromFile) }));
  const first = views[0]!;
  return {
    level: first.view.level,
    heading: views.map(({ lang, t }) => ({ lang, text: t('board.heading') })),
    banner: views.map(({ lang, view }) => ({ lang, text: view.banner })),
    asOf: views.flatMap(({ lang, view }) => (view.asOf ? [{ lang, ...view.asOf }] : [])),
    services: first.view.services.map((service, index) => ({
      key: service.key,
      level: service.level,
      names: dedupe(views.map(({ lang, view }) => ({ lang, text: view.services[index]!.name }))),
      states: views.map(({ lang, view }) => ({ lang, text: view.services[index]!.state })),
      status: service.status,
      incidents: service.incidents.map((incident, position) => ({
        id: incident.id,
        links: views.map(({ lang, t, view }) => ({ lang, href: view.services[index]!.incidents[position]!.href, label: t('language.name') })),
      })),
    })),
  };
}

/** Drops a language's text when it is the same as the one before (Exchange Online / Exchange Online). */
function dedupe(texts: LangText[]): LangText[] {
  return texts.filter((text, index) => index === 0 || text.text !== texts[index - 1]!.text);
}
