import { createHash } from 'node:crypto';
import { transform, transformSync } from 'esbuild';
import { OutputReuse } from '../incremental/output-reuse.js';
import type { FileSink, ReusedFile, SiteFiles } from '../output/files.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { Language, SiteModel } from '../model.js';
import type { EmittedPage, OutputStage, RenderContext } from './context.js';
import { createEmitter } from './emit.js';
import { createLocalization, type UiStrings } from './i18n.js';
import { Fragments } from './fragments.js';
import { renderApi } from './api.js';
import { renderFeeds } from './feeds.js';
import { renderListings } from './listings.js';
import { renderNotFound } from './not-found.js';
import { renderArticles, renderHome } from './pages.js';
import { renderSearchIndex, renderSearchPages } from './search.js';
import { renderSitemap } from './sitemap.js';
import { renderStatusFiles } from './status-files.js';
import { renderStatuspageApi } from './statuspage-api.js';
import { compileTemplates, TemplateRenderError, type TemplateFiles } from './templates.js';
import { pageView, type ViewContext } from './view-model.js';

/** Counts for the build summary. */
export interface RenderStats {
  languages: number;
  pages: number;
  incidents: number;
  /** The files this render made (rendered, produced or assembled), in order; the others were kept from the previous output. */
  made: string[];
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
  /** Which of the previous build's files can be kept (default: none). */
  reuse?: OutputReuse;
}

/** Render options with the sink to render into (default: a new map). */
export type RenderInto<F extends FileSink> = RenderOptions & { files?: F };

/**
 * The outputs of a build, in order. The APIs list no page and come first: the writer thread then writes
 * their largest file (the API list) while the pages render. Pages come before the sitemap and search, which list them.
 */
export const OUTPUT_STAGES: OutputStage[] = [
  renderApi,
  renderStatuspageApi,
  renderHome,
  renderListings,
  renderArticles,
  renderSearchPages,
  renderNotFound,
  renderFeeds,
  renderStatusFiles,
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
  const reuse = options.reuse ?? OutputReuse.none();
  const made: string[] = [];
  const assets = copyAssets(templateFiles, files, reuse, made);
  const stylesheet = assets.get('assets/site.css');
  if (!stylesheet) {
    diagnostics.report(`${templatesRoot}/assets/site.css`, { line: 1, column: 1 }, 'missing-template', { kind: 'stylesheet' });
    return undefined;
  }

  const localization = createLocalization(strings);
  const fragments = options.fragments ?? new Fragments();
  const assetPaths = { stylesheet, script: assets.get('assets/site.js') ?? null };
  const viewContexts = new Map<Language, ViewContext>();
  const wants = options.wants ?? (() => true);
  const pages: EmittedPage[] = [];
  const emitter = createEmitter({ files, pages, made, templates, wants, reuse });
  const context: RenderContext = {
    model,
    config,
    templates,
    localization,
    fragments,
    assets: assetPaths,
    files,
    pages,
    diagnostics,
    viewContext(lang) {
      let view = viewContexts.get(lang);
      if (!view) {
        view = { config, model, t: localization.translator(lang), html: (markdown) => fragments.get(markdown), assets: assetPaths };
        viewContexts.set(lang, view);
      }
      return view;
    },
    wants,
    emit: emitter.emit,
    emitPieces: emitter.emitPieces,
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
  return { files, stats: { languages: languages.length, pages: context.pages.length, incidents: model.incidents.length, made } };
}

/** Copies assets into the output; CSS and JS are minified (esbuild) and get a content hash in their names. Returns source path → output path. */
function copyAssets(templateFiles: TemplateFiles, files: FileSink, reuse: OutputReuse, made: string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [relative, source] of templateFiles) {
    if (!relative.startsWith('assets/')) continue;
    let output = relative;
    let bytes: Uint8Array | string | ReusedFile = source;
    const match = MINIFIED_ASSET.exec(relative);
    if (match) {
      // Minifying starts esbuild: the last build's file is kept when the templates (the source) are the
      // same, found by its key since its name depends on its content.
      const key = reuse.key(relative, []);
      const hashed = (file: string) => file.length === relative.length + 11 && file.startsWith(`${match[1]}.`) && file.endsWith(`.${match[2]}`);
      const kept = key === undefined ? undefined : reuse.keepNamed(key, hashed);
      if (kept) {
        files.set(kept.file, kept.content);
        names.set(relative, kept.file);
        continue;
      }
      bytes = minify(source, match[2] as 'css' | 'js');
      output = `${match[1]}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${match[2]}`;
      if (key !== undefined) reuse.keep(output, key);
      made.push(output);
    }
    files.set(output, bytes);
    names.set(relative, output);
  }
  return names;
}

const minified = new WeakMap<Uint8Array, string>();
/** An asset that is minified and named by its content hash: its name without the extension, and the extension. */
const MINIFIED_ASSET = /^(.*)\.(css|js)$/u;
const MINIFY_OPTIONS = { minify: true, legalComments: 'none', charset: 'utf8' } as const;

/**
 * Minifies the stylesheet and script ahead of the render, in esbuild's own process, while this one goes
 * on (loading content): for a build that will make them anyway (nothing to keep). The render then finds
 * them done. Failures are left to the render, which minifies again and reports.
 */
export async function prepareAssets(templateFiles: TemplateFiles): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const [relative, source] of templateFiles) {
    const loader = MINIFIED_ASSET.exec(relative)?.[2] as 'css' | 'js' | undefined;
    if (!relative.startsWith('assets/') || !loader || minified.has(source)) continue;
    jobs.push(
      transform(decoder.decode(source), { loader, ...MINIFY_OPTIONS }).then(
        ({ code }) => void minified.set(source, code),
        () => undefined,
      ),
    );
  }
  await Promise.all(jobs);
}

/** Minified CSS or JS, once per asset's bytes (the dev server renders from the same files again and again). */
function minify(source: Uint8Array, loader: 'css' | 'js'): string {
  let code = minified.get(source);
  if (code === undefined) {
    code = transformSync(decoder.decode(source), { loader, ...MINIFY_OPTIONS }).code;
    minified.set(source, code);
  }
  return code;
}
