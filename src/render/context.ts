import type { FileSink, Piece } from '../output/files.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { Incident, Language, LocalizedText, SiteConfig, SiteModel } from '../model.js';
import type { Fragments } from './fragments.js';
import type { Localization } from './i18n.js';
import type { PageTemplate, TemplateSet } from './templates.js';
import type { PageOptions, PageView, ViewContext } from './view-model.js';

/** An HTML page that was emitted, for outputs that list pages (sitemap, search). */
export interface EmittedPage {
  file: string;
  lang: Language;
  /** The page template it was rendered with (e.g. `incident` for articles). */
  template: PageTemplate;
  /** Output files of the same page in each language. */
  versions: Partial<Record<Language, string>>;
  /** Leave out of the sitemap and the search index (e.g. 404 pages). */
  unlisted?: boolean;
  /** RFC 3339 instant of the newest change shown on the page (the sitemap's lastmod). */
  lastModified?: string;
  /** Output file of the page's x-default when it is not the default language's version (the front door for the indexes). */
  xDefault?: string;
}

/** What every output stage gets: the model, compiled templates, rendered Markdown, and the files written so far. */
export interface RenderContext {
  model: SiteModel;
  config: SiteConfig;
  templates: TemplateSet;
  localization: Localization;
  /** Markdown source → sanitized HTML, each fragment rendered once per build (see Fragments.prepare). */
  fragments: Fragments;
  /** Output paths of the stylesheet and script. */
  assets: { stylesheet: string; script: string | null };
  /** Every output file so far. */
  files: FileSink;
  /** Every HTML page so far, in emission order. */
  pages: EmittedPage[];
  diagnostics: DiagnosticCollector;
  /** The view context of one language. */
  viewContext(lang: Language): ViewContext;
  /**
   * False when the page at `file` need not be rendered this time (the dev server re-renders only what
   * an edit touched). Stages check it before building a page's view; `emitPage` skips such pages.
   */
  wants(file: string): boolean;
  /**
   * Reuses the previous build's file for a page made only from this incident (and the site-wide inputs
   * in its key): true when it was reused and nothing needs rendering.
   */
  reuse(file: string, incident: Incident): boolean;
  /**
   * Reuses the previous build's `file` when it was made from the same `inputs` (with the site-wide
   * inputs): they must name everything the file shows, typically incident keys (see `incidentKey`) and
   * the file's place in its listing. True when reused and nothing needs rendering; otherwise the file is
   * rendered as usual and recorded under these inputs for the next build. An undefined input (no key
   * known) means no reuse.
   */
  reuseFor(file: string, inputs: Iterable<string | undefined>): boolean;
  /**
   * For a file assembled from keyed pieces (the API list): the previous build's pieces by key, to copy
   * those whose key is current; then `recordPieces` says how the new file is assembled. Call after
   * `reuseFor` of the same file returned false.
   */
  previousPieces(file: string): Map<string, Uint8Array>;
  recordPieces(file: string, pieces: readonly Piece[]): void;
  /** A hash of an incident's files and every site-wide input, when the build keeps one (undefined otherwise). */
  incidentKey(incident: Incident): string | undefined;
  /** The text of an output file, whether rendered now or reused. */
  read(file: string): string | undefined;
  /** Renders a page template in the layout and records the page. */
  emitPage(
    template: PageTemplate,
    lang: Language,
    file: string,
    view: object,
    page: PageView,
    options?: {
      unlisted?: boolean;
      versions?: Partial<Record<Language, string>>;
      lastModified?: string;
      xDefault?: string;
    },
  ): void;
  /** Builds the layout's view of a page. */
  pageView(options: PageOptions, lang: Language): PageView;
}

/** One output stage: adds files to the context. Stages run in order; later ones see earlier files. */
export type OutputStage = (context: RenderContext) => void | Promise<void>;

/** Text in `lang`, else in any language. */
export function pickAny(text: LocalizedText, lang: Language): string | undefined {
  return text[lang] ?? Object.values(text)[0];
}
