import type { OutputInput } from '../incremental/output-reuse.js';
import type { FileContent, FileSink } from '../output/files.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { Language, LocalizedText, SiteConfig, SiteModel } from '../model.js';
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

/**
 * Something an output is made from: an incident (its files, through their key) or a text (its place in
 * a listing, a count, a signature of other facts it shows).
 */
export type Input = OutputInput;

/** An output file: what it is made from and how to make it. */
export interface FileSpec {
  /**
   * Everything the file shows besides the site-wide inputs (code, templates, configuration, services):
   * typically the incidents it shows and its place among them. When the previous build's file was made
   * from the same, it is kept and `produce` is not called. A forgotten input means a stale file on a
   * rebuild. Omitted: the file is made every time.
   */
  keyedBy?: Iterable<Input>;
  /** Makes the file; called only when it is to be made. */
  produce: () => FileContent;
}

/** An HTML page: a page template rendered in the layout, and what outputs that list pages are told. */
export interface PageSpec extends Omit<EmittedPage, 'file' | 'versions'> {
  /** Output files of the same page in each language (default: none). */
  versions?: Partial<Record<Language, string>>;
  /** As FileSpec.keyedBy; omitted: the page is keyed by its whole view, built to be compared. */
  keyedBy?: Iterable<Input>;
  /** The template's view and the layout's view of the page; built only when the page may be rendered. */
  produce: () => { view: object; page: PageView };
}

/** A file made of keyed pieces (see RenderContext.emitPieces). */
export interface PiecesSpec {
  /** As FileSpec.keyedBy: with every piece's inputs, so that an unchanged file is kept whole. */
  keyedBy: Iterable<Input>;
  /** Bytes between two pieces (not part of either). */
  separator: Uint8Array;
}

/** The pieces of a file being emitted, in order. */
export interface PieceList {
  /** The next piece, made from `keyedBy` (typically one incident); `produce` is called unless it can be copied. */
  add(keyedBy: Iterable<Input>, produce: () => Uint8Array): void;
  /** Ends the file with the bytes before and after its pieces. */
  close(frame: () => { opening: Uint8Array; closing: Uint8Array }): void;
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
  /** Every output file so far (stages add files with `emit`). */
  files: Omit<FileSink, 'set'>;
  /** Every HTML page so far, in emission order. */
  pages: EmittedPage[];
  diagnostics: DiagnosticCollector;
  /** The view context of one language. */
  viewContext(lang: Language): ViewContext;
  /**
   * False when `file` need not be made this time (the dev server re-renders only what an edit touched).
   * `emit` checks it; a stage asks only for an output made from other outputs (the search index).
   */
  wants(file: string): boolean;
  /**
   * Emits an output file: when it is wanted and not kept from the previous build (see FileSpec.keyedBy),
   * makes it with `produce`.
   */
  emit(file: string, spec: FileSpec): void;
  /**
   * Emits an HTML page: records it (for the sitemap and search) and, when it is wanted and not kept from
   * the previous build, renders its template in the layout with the views `produce` builds.
   */
  emit(file: string, spec: PageSpec): void;
  /**
   * Emits a file made of keyed pieces in order (the API list): the returned list takes the pieces one by
   * one; a piece whose key is in the previous build's file is copied from it instead of made again. When
   * the file is not wanted or is kept whole, the list ignores what it is given.
   */
  emitPieces(file: string, spec: PiecesSpec): PieceList;
  /** Builds the layout's view of a page. */
  pageView(options: PageOptions, lang: Language): PageView;
}

/** One output stage: adds files to the context. Stages run in order; later ones see earlier files. */
export type OutputStage = (context: RenderContext) => void | Promise<void>;

/** Text in `lang`, else in any language. */
export function pickAny(text: LocalizedText, lang: Language): string | undefined {
  return text[lang] ?? Object.values(text)[0];
}
