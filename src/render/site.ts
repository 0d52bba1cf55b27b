import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ChunkedFile, ReusedFile, type Piece, type PreviousOutput } from '../pipeline/previous-output.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { Incident, Language, LocalizedText, SiteConfig, SiteModel } from '../model.js';
import { createLocalization, type Localization, type UiStrings } from './i18n.js';
import { Fragments } from './fragments.js';
import { renderApi } from './api.js';
import { renderFeeds } from './feeds.js';
import { renderListings } from './listings.js';
import { renderNotFound } from './not-found.js';
import { renderArticles, renderHome } from './pages.js';
import { renderSearchIndex, renderSearchPages } from './search.js';
import { renderSitemap } from './sitemap.js';
import { compileTemplates, TemplateRenderError, type PageTemplate, type TemplateFiles, type TemplateSet } from './templates.js';
import { pageView, type PageOptions, type PageView, type ViewContext } from './view-model.js';

/** The content of an output file: text, bytes, UTF-8 chunks, or the previous build's file. */
export type FileContent = string | Uint8Array | ChunkedFile | ReusedFile;

/** The built site: output path → file content. */
export type SiteFiles = Map<string, FileContent>;

/** Where a render puts its files: a map (the dev server, tests) or the build's streaming writer. */
export interface FileSink {
  set(file: string, content: FileContent): unknown;
  has(file: string): boolean;
  /** The content of a file set earlier, if the sink kept it. */
  get(file: string): FileContent | undefined;
  readonly size: number;
}

/** Counts for the build summary. */
export interface RenderStats {
  languages: number;
  pages: number;
  incidents: number;
}

/** Options of a render. */
export interface RenderOptions {
  /** Folder of the templates as shown in diagnostics. */
  templatesRoot: string;
  diagnostics: DiagnosticCollector;
  /** Markdown already rendered (by the loading pass or the cache); anything missing is rendered when shown. */
  fragments?: Fragments;
  /** Receives milliseconds per output stage, by stage function name. */
  timings?: Map<string, number>;
  /** Pages to render (default: all); see RenderContext.wants. */
  wants?: (file: string) => boolean;
  /** The previous build's output, for reusing pages whose inputs did not change. */
  previous?: PreviousOutput;
  /** Per incident (by slug): a hash of its files and of everything else its own pages depend on. */
  incidentKeys?: Map<string, string>;
  /** Hash of every site-wide input (code, templates, configuration, catalog): with `previous`, other pages are reused when their view is the same. */
  siteKey?: string;
}

/** Render options with the sink to render into (default: a new map). */
export type RenderInto<F extends FileSink> = RenderOptions & { files?: F };

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
    },
  ): void;
  /** Builds the layout's view of a page. */
  pageView(options: PageOptions, lang: Language): PageView;
}

/** One output stage: adds files to the context. Stages run in order; later ones see earlier files. */
export type OutputStage = (context: RenderContext) => void | Promise<void>;

/** The outputs of a build, in order. Pages come first so that sitemap, feeds and search can list them. */
export const OUTPUT_STAGES: OutputStage[] = [
  renderHome,
  renderListings,
  renderArticles,
  renderSearchPages,
  renderNotFound,
  renderFeeds,
  renderApi,
  renderSitemap,
  renderSearchIndex,
];

const decoder = new TextDecoder();

/**
 * Renders the model into every output file. Templates, locale files and assets come in as data,
 * files go out as data. Problems with templates or UI strings are reported; the result is then undefined.
 */
export async function renderSite<F extends FileSink = SiteFiles>(
  model: SiteModel,
  templateFiles: TemplateFiles,
  options: RenderInto<F>,
  stages: readonly OutputStage[] = OUTPUT_STAGES,
): Promise<{ files: F; stats: RenderStats } | undefined> {
  const { diagnostics, templatesRoot } = options;
  const { config } = model;
  const languages = config.languages;

  const strings: Partial<Record<Language, UiStrings>> = {};
  for (const lang of languages) {
    const file = `locales/${lang}.json`;
    const bytes = templateFiles.get(file);
    if (!bytes) {
      diagnostics.report(`${templatesRoot}/${file}`, { line: 1, column: 1 }, 'missing-locale', { language: lang, file: `${templatesRoot}/${file}` });
      continue;
    }
    try {
      strings[lang] = JSON.parse(decoder.decode(bytes)) as UiStrings;
    } catch (error) {
      diagnostics.report(`${templatesRoot}/${file}`, { line: 1, column: 1 }, 'locale-syntax', error instanceof Error ? error.message : String(error));
    }
  }
  const templates = compileTemplates(templateFiles, languages, { displayRoot: templatesRoot, diagnostics });
  if (!templates || diagnostics.hasErrors) return undefined;

  const files = options.files ?? (new Map() as SiteFiles as unknown as F);
  const assets = copyAssets(templateFiles, files);
  const stylesheet = assets.get('assets/site.css');
  if (!stylesheet) {
    diagnostics.report(`${templatesRoot}/assets/site.css`, { line: 1, column: 1 }, 'missing-template', { kind: 'stylesheet' });
    return undefined;
  }

  const localization = createLocalization(strings);
  const fragments = options.fragments ?? new Fragments();
  const assetPaths = { stylesheet, script: assets.get('assets/site.js') ?? null };
  const viewContexts = new Map<Language, ViewContext>();
  // Files already keyed by their inputs (reuse, reuseFor): emitPage must not key them again by their view.
  const keyedFiles = new Set<string>();
  const context: RenderContext = {
    model,
    config,
    templates,
    localization,
    fragments,
    assets: assetPaths,
    files,
    pages: [],
    diagnostics,
    viewContext(lang) {
      let view = viewContexts.get(lang);
      if (!view) {
        view = { config, model, t: localization.translator(lang), html: (markdown) => fragments.get(markdown), assets: assetPaths };
        viewContexts.set(lang, view);
      }
      return view;
    },
    wants: options.wants ?? (() => true),
    reuse(file, incident) {
      keyedFiles.add(file); // keyed by its incident: a page rendered after all is not keyed again by its view
      const key = options.incidentKeys?.get(incident.slug);
      if (!key || !options.previous) return false;
      const reused = options.previous.reuse(file, key);
      if (reused) files.set(file, reused);
      return Boolean(reused);
    },
    reuseFor(file, inputs) {
      const { previous, siteKey } = options;
      if (!previous || !siteKey) return false;
      const hash = createHash('sha256').update(siteKey).update(`\0${file}`);
      for (const input of inputs) {
        if (input === undefined) return false;
        hash.update('\0').update(input);
      }
      keyedFiles.add(file);
      const reused = previous.reuse(file, hash.digest('hex'));
      if (reused) files.set(file, reused);
      return Boolean(reused);
    },
    previousPieces(file) {
      return options.previous && keyedFiles.has(file) ? options.previous.pieces(file) : new Map();
    },
    recordPieces(file, pieces) {
      if (keyedFiles.has(file)) options.previous?.recordPieces(file, pieces);
    },
    incidentKey(incident) {
      return options.incidentKeys?.get(incident.slug);
    },
    read(file) {
      const content = files.get(file);
      if (content === undefined) return undefined;
      if (content instanceof ReusedFile) return readFileSync(content.from, 'utf8');
      if (content instanceof ChunkedFile) return content.bytes().toString('utf8');
      return typeof content === 'string' ? content : new TextDecoder().decode(content);
    },
    emitPage(template, lang, file, view, page, emitOptions = {}) {
      if (context.wants(file)) {
        // A page whose view (and every site-wide input) is the same as last time has the same bytes:
        // the previous file is kept instead of rendering it again (listings, mostly, on a rebuild).
        const { previous, siteKey } = options;
        const key =
          previous && siteKey && !keyedFiles.has(file)
            ? createHash('sha256').update(siteKey).update(`\0${template}\0${lang}\0${file}\0`).update(JSON.stringify(view)).update('\0').update(JSON.stringify(page)).digest('hex')
            : undefined;
        const reused = key ? previous!.reuse(file, key) : undefined;
        files.set(file, reused ?? templates.render(template, lang, view, page));
      }
      context.pages.push({
        file,
        lang,
        template,
        versions: emitOptions.versions ?? {},
        ...(emitOptions.unlisted ? { unlisted: true } : {}),
        ...(emitOptions.lastModified ? { lastModified: emitOptions.lastModified } : {}),
      });
    },
    pageView(viewOptions, lang) {
      return pageView(viewOptions, context.viewContext(lang));
    },
  };

  try {
    for (const stage of stages) {
      const started = performance.now();
      await stage(context);
      options.timings?.set(stage.name || 'stage', performance.now() - started);
    }
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      diagnostics.report(error.file, { line: error.line, column: error.column }, 'template-render', error.message);
      return undefined;
    }
    throw error;
  }

  for (const key of [...localization.missing].sort()) {
    const [lang, name] = key.split(/:(.*)/su);
    diagnostics.report(`${templatesRoot}/locales/${lang}.json`, { line: 1, column: 1 }, 'missing-ui-string', { name: name!, file: `${templatesRoot}/locales/${lang}.json` });
  }
  if (diagnostics.hasErrors) return undefined;
  return { files, stats: { languages: languages.length, pages: context.pages.length, incidents: model.incidents.length } };
}

/** Text in `lang`, else in any language. */
export function pickAny(text: LocalizedText, lang: Language): string | undefined {
  return text[lang] ?? Object.values(text)[0];
}


/** Copies assets into the output; CSS and JS get a content hash in their names. Returns source path → output path. */
function copyAssets(templateFiles: TemplateFiles, files: FileSink): Map<string, string> {
  const names = new Map<string, string>();
  for (const [relative, bytes] of templateFiles) {
    if (!relative.startsWith('assets/')) continue;
    let output = relative;
    const match = /^(.*)\.(css|js)$/u.exec(relative);
    if (match) output = `${match[1]}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${match[2]}`;
    files.set(output, bytes);
    names.set(relative, output);
  }
  return names;
}
