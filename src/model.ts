import type { Phase } from './statuses.js';
import type { DisplayZones, Instant } from './time.js';

export type { Instant } from './time.js';

/** Languages kokuchi can display. */
export const LANGUAGES = ['ja', 'en'] as const;
/** One of the languages kokuchi can display. */
export type Language = (typeof LANGUAGES)[number];

/** Text per language; a language is absent when not written (never an empty string). */
export type LocalizedText = Partial<Record<Language, string>>;

/** The site's configuration, from content/site.yaml with defaults applied. */
export interface SiteConfig {
  /** Site title per language. */
  title: LocalizedText;
  /** Site description per language (may be empty). */
  description: LocalizedText;
  /** Absolute URL of the site's root, always ending with `/`. */
  baseUrl: string;
  /** Languages built, in the configured order. */
  languages: Language[];
  /** Language of x-default and of Markdown files that do not name one. */
  defaultLanguage: Language;
  /** Default `source_lang` of records. */
  sourceLanguage: Language;
  /** Display zones per language. */
  zones: Record<Language, DisplayZones>;
  /** Incidents per index page. */
  pageSize: number;
  /** Incidents per feed, newest update first (0 = all). */
  feedSize: number;
  /** Whether the site has full-text search (index and search pages). */
  search: boolean;
}

/** One service of the catalog. */
export interface Service {
  /** Key used in records, e.g. `exchange-online`. */
  key: string;
  /** Display name per language (English always present). */
  names: LocalizedText & { en: string };
}

/** A link attached to an incident (always http or https). */
export interface IncidentLink {
  title: LocalizedText;
  url: string;
}

/** The labelled text fields of an official update, in the order official notices print them. */
export const UPDATE_TEXT_FIELDS = ['impact', 'more_info', 'current_status', 'final_status', 'scope', 'root_cause', 'next_steps'] as const;
export type UpdateTextField = (typeof UPDATE_TEXT_FIELDS)[number];

/** One entry of the status timeline. */
export interface IncidentUpdate {
  /** When the update was posted. */
  at: Instant;
  /** Status key from the vocabulary. */
  status: string;
  /** Headline of this update. */
  title: LocalizedText;
  /** Labelled fields that are present (Markdown per language). */
  fields: Partial<Record<UpdateTextField, LocalizedText>>;
  /** Start time as stated in this update. */
  start?: Instant;
  /** End time as stated in this update. */
  end?: Instant;
  /** "Next update by". */
  nextUpdate?: Instant;
  /** Free Markdown per language. */
  body: LocalizedText;
}

/** Where a record came from. */
export interface RecordSource {
  /** Path as shown to the user. */
  path: string;
  /** `yaml` for a whole record, `markdown` for one language's file. */
  format: 'yaml' | 'markdown';
  /** The Markdown file's language. */
  lang?: Language;
}

/** One incident, merged from its files, validated and normalized. */
export interface Incident {
  /** Id as written, e.g. EX300267. */
  id: string;
  /** Lower-case id used in URLs. */
  slug: string;
  /** Service key (present in the catalog). */
  service: string;
  classification: 'incident' | 'advisory';
  /** Language of the official text. */
  sourceLang: Language;
  title: LocalizedText;
  /** User impact. */
  impact: LocalizedText;
  start: Instant;
  /** Absent while ongoing. */
  end?: Instant;
  /** Current status key. */
  status: string;
  /** Phase of the current status. */
  phase: Phase;
  /** True while the incident has no end. */
  ongoing: boolean;
  /** Article date. */
  published: Instant;
  /** Instant of the newest update, or `published` when that is later: never earlier than `published`. */
  lastUpdated: Instant;
  author?: string;
  tags: string[];
  links: IncidentLink[];
  draft: boolean;
  /** The writer's article text (Markdown). */
  summary: LocalizedText;
  rootCause: LocalizedText;
  nextSteps: LocalizedText;
  /** The timeline, newest first. */
  updates: IncidentUpdate[];
  /**
   * Each update's time and status, newest first, without its texts: all that the status board, the
   * histories and the timeline picture look at. Unlike `updates`, it is at hand without decoding the
   * incident's texts (a rebuild that reuses an incident's pages still draws the board from it).
   */
  statusMarks: StatusMark[];
  /** Files the incident was read from, in path order. */
  sources: RecordSource[];
  /** Texts still holding a "TODO:" placeholder (left out of the texts above); absent when there are none. */
  placeholders?: PlaceholderText[];
}

/** One update of an incident's timeline, reduced to its time and status. */
export interface StatusMark {
  /** The update's instant, in milliseconds since the epoch (its `at.epochMs`). */
  atMs: number;
  /** Status key. */
  status: string;
}

/** One text still holding a placeholder: the record key, its language and, for an update's text, the update's time. */
export interface PlaceholderText {
  /** Record key, e.g. `title` or `current_status`. */
  field: string;
  language: Language;
  /** The update's time, when the text belongs to an update. */
  at?: Instant;
}

/** Everything a build needs, and nothing it has to look up elsewhere. */
export interface SiteModel {
  config: SiteConfig;
  /** Service catalog in file order, keyed for lookup. */
  services: Map<string, Service>;
  /** Every incident including drafts, newest start first (ties by id). */
  incidents: Incident[];
}
