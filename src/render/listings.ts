import { yearInZone } from '../time.js';
import type { Incident, Language } from '../model.js';
import type { RenderContext } from './context.js';
import { pickAny } from './context.js';
import { pagePaths, relativeHref } from './urls.js';
import { feedLinkView, listItemView, serviceName, type FeedLinkView, type ListItemView, type PageView, type ViewContext } from './view-model.js';
import { asOfYear, boardKey, boardView, calendarKey, calendarOf, calendarView, historyKey, historyOf, historyView, type BoardView, type HistoryView } from './status-views.js';

/** A link to one page of a paginated listing. */
export type PageLinkView = { gap: false; number: number; href: string; current: boolean } | { gap: true; number: null; href: null; current: false };

/** Previous/next and numbered links of a paginated listing. */
export interface PaginationView {
  /** "Page 2 of 3". */
  label: string;
  previous: { href: string; label: string } | null;
  next: { href: string; label: string } | null;
  pages: PageLinkView[];
}

/** A service or year in the "browse" navigation, with its incident count. */
export interface BrowseEntryView {
  href: string;
  label: string;
  count: string;
  current: boolean;
}

/** Links to every service page and year page of a language. */
export interface BrowseView {
  services: BrowseEntryView[];
  years: BrowseEntryView[];
}

/** What `index.hbs` and `listing.hbs` get. */
export interface ListingView {
  heading: string;
  /** The listing's incident count ("45 incidents"). */
  count: string;
  /** Incidents without an end: on the first index page and on service and year pages. */
  ongoing: ListItemView[];
  past: ListItemView[];
  pagination: PaginationView | null;
  /** The service's own feed on a service page. */
  feed: FeedLinkView | null;
  browse: BrowseView;
  /** The status board (first index page). */
  board: BoardView | null;
  /** The last 90 days (first index page: the whole site; first service page: the service). */
  history: HistoryView | null;
  /** A year calendar (first year page; first service page: the "as of" year). */
  calendar: HistoryView | null;
}

/** Splits `items` into pages of `pageSize`; there is always at least one (possibly empty) page. */
export function paginate<T>(items: readonly T[], pageSize: number): T[][] {
  const size = Math.max(1, Math.floor(pageSize));
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages.length > 0 ? pages : [[]];
}

/** Calendar year of an incident's start in `zone`. */
export function startYear(incident: Incident, zone: string): number {
  return yearInZone(incident.start.epochMs, zone);
}

/** Incidents grouped by start year in `zone`, newest year first; each group keeps the model's order (newest first). */
export function groupByYear(incidents: readonly Incident[], zone: string): Map<number, Incident[]> {
  const groups = new Map<number, Incident[]>();
  for (const incident of incidents) {
    const year = startYear(incident, zone);
    const group = groups.get(year);
    if (group) group.push(incident);
    else groups.set(year, [incident]);
  }
  return new Map([...groups].sort(([a], [b]) => b - a));
}

/** Incidents per service key, in the catalog's order, every catalog service present (possibly empty). */
export function groupByService(context: RenderContext): Map<string, Incident[]> {
  const groups = new Map<string, Incident[]>([...context.model.services.keys()].map((key) => [key, []]));
  for (const incident of context.model.incidents) groups.get(incident.service)?.push(incident);
  return groups;
}

/**
 * The listings of every language: the paginated index (`L/`, `L/page/2/`, …; ongoing incidents on top of
 * the first page, the rest newest first, `page_size` per page), one page per service and one per year.
 */
export function renderListings(context: RenderContext): void {
  for (const lang of context.config.languages) {
    renderIndexPages(context, lang);
    renderServicePages(context, lang);
    renderYearPages(context, lang);
  }
}

function newestUpdate(incidents: readonly Incident[]): string | undefined {
  let newest: Incident['lastUpdated'] | undefined;
  for (const incident of incidents) if (!newest || incident.lastUpdated.epochMs > newest.epochMs) newest = incident.lastUpdated;
  return newest?.iso;
}

const yearGroupsByZone = new WeakMap<RenderContext, Map<string, Map<number, Incident[]>>>();

/** The site's incidents by year in `zone`, computed once per render (browse navigation and year pages both need them). */
function yearGroups(context: RenderContext, zone: string): Map<number, Incident[]> {
  let perZone = yearGroupsByZone.get(context);
  if (!perZone) yearGroupsByZone.set(context, (perZone = new Map()));
  let groups = perZone.get(zone);
  if (!groups) perZone.set(zone, (groups = groupByYear(context.model.incidents, zone)));
  return groups;
}

const browseGroups = new WeakMap<RenderContext, Map<Language, { services: [string, number][]; years: [number, number][] }>>();

/** Service and year counts of a language, computed once per render (every listing page shows them). */
function browseCounts(context: RenderContext, lang: Language): { services: [string, number][]; years: [number, number][] } {
  let perLanguage = browseGroups.get(context);
  if (!perLanguage) browseGroups.set(context, (perLanguage = new Map()));
  let counts = perLanguage.get(lang);
  if (!counts) {
    counts = {
      services: [...groupByService(context)].map(([key, incidents]) => [key, incidents.length]),
      years: [...yearGroups(context, context.config.zones[lang].primary)].map(([year, incidents]) => [year, incidents.length]),
    };
    perLanguage.set(lang, counts);
  }
  return counts;
}

/** The browse navigation's inputs besides site-wide ones, as text (for keying listing pages). */
function browseSignature(context: RenderContext, lang: Language): string {
  return JSON.stringify(browseCounts(context, lang));
}

/** Most services the browse navigation of a page lists (a page never grows with the catalog). */
export const MAX_BROWSE_SERVICES = 50;

/**
 * The services a page's browse navigation lists: all of them up to MAX_BROWSE_SERVICES; beyond that,
 * those with the most incidents (catalog order among equals), and always the page's own service.
 */
function shownServices(services: readonly [string, number][], current: string | undefined): [string, number][] {
  if (services.length <= MAX_BROWSE_SERVICES) return [...services];
  const ranked = services.map((entry, index) => ({ entry, index })).sort((a, b) => b.entry[1] - a.entry[1] || a.index - b.index);
  const kept = new Set(ranked.slice(0, MAX_BROWSE_SERVICES).map((item) => item.index));
  const own = services.findIndex(([key]) => key === current);
  if (own !== -1 && !kept.has(own)) {
    kept.delete(ranked[MAX_BROWSE_SERVICES - 1]!.index);
    kept.add(own);
  }
  return services.filter((_, index) => kept.has(index));
}

function browseView(context: RenderContext, lang: Language, fromFile: string, current: { service?: string; year?: number }): BrowseView {
  const { t } = context.viewContext(lang);
  const counts = browseCounts(context, lang);
  const services = shownServices(counts.services, current.service).map(([key, count]) => ({
    href: relativeHref(fromFile, pagePaths.service(lang, key)),
    label: serviceName(context.model, key, lang),
    count: t('index.count', { count }),
    current: current.service === key,
  }));
  const years = counts.years.map(([year, count]) => ({
    href: relativeHref(fromFile, pagePaths.year(lang, year)),
    label: t('listing.year', { year }),
    count: t('index.count', { count }),
    current: current.year === year,
  }));
  return { services, years };
}

function items(incidents: readonly Incident[], lang: Language, view: ViewContext, file: string): ListItemView[] {
  return incidents.map((incident) => listItemView(incident, lang, view, file));
}

/** What differs between the paginated listings: the index, a service's pages, a year's pages. */
interface ListingSpec {
  template: 'index' | 'listing';
  /** Output file of page `number` in `lang` (page 1 is the listing's own address). */
  file: (lang: Language, number: number) => string;
  heading: string;
  incidents: readonly Incident[];
  /** How many pages the listing has in each language (they differ for years, which depend on the zone). */
  pageCounts: Partial<Record<Language, number>>;
  /** The page's description, from its heading and incident count. */
  description: (heading: string, count: string) => string;
  /** The service's feed, linked from `file`. */
  feed?: (file: string) => FeedLinkView;
  /** The entry of the browse navigation to mark. */
  current: { service?: string; year?: number };
  /**
   * What the first page shows besides its incidents (board, history, calendar): `key` names the facts
   * it is made from (for keying the page), `view` builds it.
   */
  status?: { key: () => string; view: (file: string) => Pick<ListingView, 'board' | 'history' | 'calendar'> };
}

/** Number of pages of a listing: ongoing incidents go on the first page above the rest, `page_size` of the rest per page. */
export function pageCount(incidents: readonly Incident[], pageSize: number): number {
  return paginate(
    incidents.filter((incident) => !incident.ongoing),
    pageSize,
  ).length;
}

/**
 * The pages of one listing in `lang`. A page that shows the same incidents in the same place, with the
 * same language versions and the same site counts, as last build's is kept without building its view.
 */
function renderListing(context: RenderContext, lang: Language, spec: ListingSpec): void {
  const { config, model } = context;
  const { t } = context.viewContext(lang);
  const ongoing = spec.incidents.filter((incident) => incident.ongoing);
  const pages = paginate(
    spec.incidents.filter((incident) => !incident.ongoing),
    config.pageSize,
  );
  const total = pages.length;
  const count = t('index.count', { count: spec.incidents.length });
  const browse = browseSignature(context, lang);
  pages.forEach((past, index) => {
    const number = index + 1;
    const file = spec.file(lang, number);
    const shownOngoing = number === 1 ? ongoing : [];
    const versions: Partial<Record<Language, string>> = {};
    for (const language of config.languages) if ((spec.pageCounts[language] ?? 0) >= number) versions[language] = spec.file(language, number);
    const lastModified = newestUpdate([...shownOngoing, ...past]);
    // The first index page's x-default is the bilingual front door.
    const xDefault = spec.template === 'index' && number === 1 ? pagePaths.home() : undefined;
    const keyedBy = [
      spec.template,
      `${number}/${total}/${model.incidents.length}`,
      // Which languages have this page depends on the other zones' years, not only on this page.
      JSON.stringify(versions),
      browse,
      number === 1 && spec.status ? spec.status.key() : '',
      ...shownOngoing,
      '',
      ...past,
    ];
    context.emit(file, {
      template: spec.template,
      lang,
      versions,
      ...(lastModified ? { lastModified } : {}),
      ...(xDefault ? { xDefault } : {}),
      keyedBy,
      produce: () => listingPage(context, lang, spec, { number, total, count, file, shownOngoing, past, versions, xDefault }),
    });
  });
}

/** The views of page `number` of a listing. */
function listingPage(
  context: RenderContext,
  lang: Language,
  spec: ListingSpec,
  { number, total, count, file, shownOngoing, past, versions, xDefault }: { number: number; total: number; count: string; file: string; shownOngoing: readonly Incident[]; past: readonly Incident[]; versions: Partial<Record<Language, string>>; xDefault: string | undefined },
): { view: ListingView; page: PageView } {
  const view = context.viewContext(lang);
  const { t } = view;
  const previous = number > 1 ? spec.file(lang, number - 1) : undefined;
  const next = number < total ? spec.file(lang, number + 1) : undefined;
  const pagination: PaginationView | null =
    total > 1
      ? {
          label: t('pagination.label', { page: number, total }),
          previous: previous ? { href: relativeHref(file, previous), label: t('pagination.previous') } : null,
          next: next ? { href: relativeHref(file, next), label: t('pagination.next') } : null,
          pages: paginationWindow(total, number).map((other) =>
            other === null
              ? { gap: true, number: null, href: null, current: false }
              : { gap: false, number: other, href: relativeHref(file, spec.file(lang, other)), current: other === number },
          ),
        }
      : null;
  const heading = number === 1 ? spec.heading : t('index.pageTitle', { title: spec.heading, page: number });
  const feed = spec.feed?.(file) ?? null;
  const listing: ListingView = {
    heading,
    count,
    ongoing: items(shownOngoing, lang, view, file),
    past: items(past, lang, view, file),
    pagination,
    feed,
    browse: browseView(context, lang, file, spec.current),
    board: null,
    history: null,
    calendar: null,
    ...(number === 1 && spec.status ? spec.status.view(file) : {}),
  };
  return {
    view: listing,
    page: context.pageView(
      {
        file,
        lang,
        title: heading,
        description: spec.description(heading, count),
        versions,
        ...(xDefault ? { current: 'index' as const, xDefault } : {}),
        ...(previous ? { prev: previous } : {}),
        ...(next ? { next } : {}),
        ...(feed ? { feeds: [feed] } : {}),
      },
      lang,
    ),
  };
}

function renderIndexPages(context: RenderContext, lang: Language): void {
  const { config, model } = context;
  const pages = pageCount(model.incidents, config.pageSize);
  renderListing(context, lang, {
    template: 'index',
    file: pagePaths.index,
    heading: context.viewContext(lang).t('index.title'),
    incidents: model.incidents,
    pageCounts: Object.fromEntries(config.languages.map((language) => [language, pages])),
    description: (heading) => pickAny(config.description, lang) ?? heading,
    current: {},
    status: {
      key: () => `${boardKey(model)}\0${historyKey(model, lang)}`,
      view: (file) => {
        const t = context.viewContext(lang).t;
        const days = historyOf(model, lang);
        return { board: boardView(model, lang, t, file), history: days ? historyView(days, lang, config, t, file) : null, calendar: null };
      },
    },
  });
}

/**
 * The page numbers a pagination nav shows: the first and last pages, the current one and two on each
 * side, with `null` for each run of pages left out (so 200 pages give at most 9 entries, not 200).
 */
export function paginationWindow(total: number, current: number): (number | null)[] {
  const shown = new Set([1, total]);
  for (let page = current - 2; page <= current + 2; page += 1) if (page >= 1 && page <= total) shown.add(page);
  const sorted = [...shown].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  sorted.forEach((page, index) => {
    const before = sorted[index - 1];
    if (before !== undefined && page - before === 2) result.push(page - 1); // a gap of one page: show it
    else if (before !== undefined && page - before > 2) result.push(null);
    result.push(page);
  });
  return result;
}

function renderServicePages(context: RenderContext, lang: Language): void {
  const { config } = context;
  const view = context.viewContext(lang);
  const description = (heading: string, count: string) => view.t('listing.description', { heading, count });
  for (const [key, incidents] of groupByService(context)) {
    const name = serviceName(context.model, key, lang);
    const feedTitle = view.t('feeds.serviceTitle', { title: config.title[lang] ?? pickAny(config.title, lang) ?? 'kokuchi', service: name });
    const pages = pageCount(incidents, config.pageSize);
    renderListing(context, lang, {
      template: 'listing',
      file: (language, number) => pagePaths.service(language, key, number),
      heading: view.t('listing.serviceTitle', { service: name }),
      incidents,
      pageCounts: Object.fromEntries(config.languages.map((language) => [language, pages])),
      description,
      feed: (file) => feedLinkView('atom', pagePaths.serviceAtom(lang, key), feedTitle, view, (target) => relativeHref(file, target)),
      current: { service: key },
      status: serviceStatus(context, lang, key),
    });
  }
}

function renderYearPages(context: RenderContext, lang: Language): void {
  const { config } = context;
  const view = context.viewContext(lang);
  const description = (heading: string, count: string) => view.t('listing.description', { heading, count });
  const yearsOf = new Map(config.languages.map((language) => [language, yearGroups(context, config.zones[language].primary)]));
  for (const [year, incidents] of yearsOf.get(lang)!) {
    const pageCounts: Partial<Record<Language, number>> = {};
    for (const language of config.languages) {
      const same = yearsOf.get(language)?.get(year);
      if (same) pageCounts[language] = pageCount(same, config.pageSize);
    }
    renderListing(context, lang, {
      template: 'listing',
      file: (language, number) => pagePaths.year(language, year, number),
      heading: view.t('listing.yearTitle', { year }),
      incidents,
      pageCounts,
      description,
      current: { year },
      status: {
        key: () => calendarKey(context.model, lang, year),
        view: (file) => {
          const days = calendarOf(context.model, lang, year);
          return { board: null, history: null, calendar: days ? calendarView(days, year, lang, config, view.t, file) : null };
        },
      },
    });
  }
}

/** A service page's history and calendar (of the "as of" year), keyed by the days they show. */
function serviceStatus(context: RenderContext, lang: Language, key: string): ListingSpec['status'] {
  const { model, config } = context;
  const year = asOfYear(model, lang);
  return {
    key: () => `${historyKey(model, lang, key)}\0${year === undefined ? '' : calendarKey(model, lang, year, key)}`,
    view: (file) => {
      const t = context.viewContext(lang).t;
      const days = historyOf(model, lang, key);
      const calendar = year === undefined ? null : calendarOf(model, lang, year, key);
      return {
        board: null,
        history: days ? historyView(days, lang, config, t, file) : null,
        calendar: calendar && year !== undefined ? calendarView(calendar, year, lang, config, t, file) : null,
      };
    },
  };
}
