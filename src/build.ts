import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { access, constants, lstat, mkdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkBaseUrl } from './content/base-url.js';
import { toDisplayPath } from './content/load.js';
import { applyStrict, countDiagnostics, DiagnosticCollector, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { BuildMemory, defaultCacheDir } from './incremental/memory.js';
import { loadSite } from './load/load-site.js';
import { publishModel } from './load/publish.js';
import { checkOutputLocation, OpenOutput, openOutput } from './output/writer.js';
import { prepareAssets, renderSite, type RenderStats } from './render/site.js';
import { readTemplateFiles } from './render/templates.js';
import { incidentFiles } from './render/urls.js';

/** Options of `kokuchi build`. */
export interface BuildOptions {
  /** Working directory; other paths are resolved against it and shown relative to it. */
  cwd: string;
  contentDir: string;
  templatesDir: string;
  outDir: string;
  /** Overrides site.yaml's base_url (e.g. for a GitHub Pages subpath). */
  baseUrl?: string;
  /** Includes records marked `draft: true`. */
  drafts: boolean;
  /** Treats warnings as errors. */
  strict: boolean;
  /** Cache folder, or `false` for none; default node_modules/.cache/kokuchi (or .cache/kokuchi) in the folder holding the content folder. */
  cacheDir?: string | false;
  /** Worker threads; default 1 (none; see defaultWorkerCount). */
  workers?: number;
  /** Overrides site.yaml's `search` (false: no search index or search pages). */
  search?: boolean;
}

/** What a build did. */
export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** True when the problem is in configuration or templates rather than content (exit code 2). */
  configurationError: boolean;
  stats?: RenderStats & { written: number; unchanged: number; cacheHits: number; recordsRead: number };
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/**
 * The build, stage by stage: open the build memory and the output → load content into a model → select
 * what is published → read templates → render → commit → save the memory. Loading and rendering read
 * the memory (src/incremental/); files go to the output (src/output/) as they are rendered and reach
 * `outDir` only at the commit.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const report = new BuildReport(options);
  const display = report.display;
  // A `dist` that is a symbolic link (to a web root) is followed: the folder it points to is what gets built.
  const link = await followOutputLink(options.outDir);
  if (!link.ok) {
    report.diagnostics.report(display(options.outDir), { line: 1, column: 1 }, 'output-symlink', { output: display(options.outDir), target: link.target });
    return report.fail(true);
  }
  options = { ...options, outDir: link.outDir };
  const location = checkOutputLocation(options.outDir, [options.contentDir, options.templatesDir, options.cwd]);
  if (location) {
    report.diagnostics.report(display(options.outDir), { line: 1, column: 1 }, 'output-location', location);
    return report.fail(true);
  }
  const memory = BuildMemory.at(await usableCacheDir(options.cacheDir === undefined ? defaultCacheDir(options.contentDir) : options.cacheDir, report.diagnostics, display), options.contentDir);
  // The search stage reads article pages back: the output keeps their text when the site has search.
  let retainHtml = false;
  const opened = await openOutput(options.outDir, { retain: (file) => retainHtml && file.endsWith('.html') }).catch((error: unknown) => report.outputProblem(error));
  if (!(opened instanceof OpenOutput)) {
    if ('heldBy' in opened) report.diagnostics.report(display(options.outDir), { line: 1, column: 1 }, 'output-busy', { process: opened.heldBy, folder: display(options.outDir) });
    return 'heldBy' in opened ? report.fail(true) : opened;
  }
  const { output } = opened;
  // Templates are read while content loads; a build that will make every file (no cache, or no previous
  // output) has the assets minified meanwhile in esbuild's process.
  const templatesRead = readTemplateFiles(options.templatesDir).catch(() => undefined);
  const assetsReady = Promise.all([templatesRead, memory.keepsNothing(output.survey)])
    .then(([files, fresh]) => (files && fresh ? prepareAssets(files) : undefined))
    .catch(() => undefined);
  try {
    const loaded = await loadSite({
      cwd: options.cwd,
      contentDir: options.contentDir,
      memory,
      onGroups: (ids, languages) => output.prepare(ids.flatMap((id) => incidentFiles(id, languages))),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
    });
    report.addTimings('load:', loaded.timings);
    // Parsing content leaves the files and every parse behind (hundreds of MB on a large site); V8 would
    // collect them only late in the render, so the peak would hold both.
    if (loaded.recordsRead >= 200) collectGarbage();
    report.restartClock();
    for (const item of loaded.diagnostics) report.diagnostics.add(item);
    if (!loaded.model || report.hasErrors()) return report.fail(loaded.configurationError);
    const baseUrl = baseUrlOption(options, report);
    if (baseUrl === false) return report.fail(true);
    const model = publishModel(loaded.model, { drafts: options.drafts, ...(baseUrl ? { baseUrl } : {}), ...(options.search !== undefined ? { siteSearch: options.search } : {}) });

    const templateFiles = await templatesRead;
    if (!templateFiles) {
      report.diagnostics.report(display(options.templatesDir), { line: 1, column: 1 }, 'missing-template', { kind: 'folder', folder: display(options.templatesDir) });
      return report.fail(true);
    }
    const reuse = await memory.outputReuse(options.outDir, output.survey, model, templateFiles, loaded.incidentKeys);
    report.lap('templates');

    await assetsReady;
    retainHtml = model.config.search;
    const stageTimings = new Map<string, number>();
    const rendered = await renderSite(model, templateFiles, { templatesRoot: display(options.templatesDir), diagnostics: report.diagnostics, fragments: loaded.fragments, timings: stageTimings, reuse, files: output.files }).catch((error: unknown) => report.outputProblem(error));
    report.lap('render');
    report.addTimings('render:', stageTimings);
    if (!rendered || !('files' in rendered)) return rendered ?? report.fail(true);

    const committed = await output.commit().catch((error: unknown) => report.outputProblem(error));
    if (!('written' in committed)) return committed;
    const { stats: fileStats, ...written } = committed;
    await memory.saveOutput(fileStats);
    report.lap('write');
    return report.succeed({ ...rendered.stats, ...written, cacheHits: loaded.cacheHits, recordsRead: loaded.recordsRead });
  } finally {
    memory.close();
    await opened.close(); // drops what was written unless it was committed, and releases the lock
  }
}

/** The build's diagnostics and stage timings, and the results it ends with. */
class BuildReport {
  readonly diagnostics = new DiagnosticCollector();
  readonly timings: Record<string, number> = {};
  private mark = performance.now();

  constructor(private readonly options: BuildOptions) {}

  /** A path as shown to the user (relative to the working directory). */
  readonly display = (absolute: string): string => toDisplayPath(path.relative(this.options.cwd, absolute) || '.');

  /** Ends the stage `name` (its time since the previous one). */
  lap(name: string): void {
    const now = performance.now();
    this.timings[name] = now - this.mark;
    this.mark = now;
  }

  /** Starts timing the next stage now. */
  restartClock(): void {
    this.mark = performance.now();
  }

  /** Adds a lower step's timings under a prefix. */
  addTimings(prefix: string, timings: Iterable<[string, number]> | Record<string, number>): void {
    for (const [name, value] of Symbol.iterator in timings ? (timings as Iterable<[string, number]>) : Object.entries(timings)) this.timings[`${prefix}${name}`] = value;
  }

  /** True when the diagnostics so far (with --strict) hold an error. */
  hasErrors(): boolean {
    return countDiagnostics(applyStrict(this.diagnostics.items, this.options.strict)).errors > 0;
  }

  /** A failed build. */
  fail(configurationError: boolean): BuildResult {
    return { ok: false, diagnostics: sortDiagnostics(applyStrict(this.diagnostics.items, this.options.strict)), configurationError, timings: this.timings };
  }

  /** A build that could not write its output (a file-system error; anything else is a bug and is thrown). */
  outputProblem(error: unknown): BuildResult {
    if (!isSystemError(error)) throw error;
    const outDir = this.display(this.options.outDir);
    this.diagnostics.report(outDir, { line: 1, column: 1 }, 'output-write', { folder: outDir, detail: error.message });
    return this.fail(true);
  }

  /** A finished build. */
  succeed(stats: NonNullable<BuildResult['stats']>): BuildResult {
    return { ok: true, diagnostics: sortDiagnostics(applyStrict(this.diagnostics.items, this.options.strict)), configurationError: false, stats, timings: this.timings };
  }
}

/** `--base-url` checked (undefined when not given); false, with the problem reported, when it is invalid. */
function baseUrlOption(options: BuildOptions, report: BuildReport): string | undefined | false {
  if (options.baseUrl === undefined) return undefined;
  const checked = checkBaseUrl(options.baseUrl);
  if (checked.ok) return checked.url;
  if (checked.problem === 'not-absolute' || checked.problem === 'scheme') report.diagnostics.report('--base-url', { line: 1, column: 1 }, 'invalid-value', { kind: 'base-url-option', value: options.baseUrl });
  else report.diagnostics.report('--base-url', { line: 1, column: 1 }, 'base-url', { value: options.baseUrl, problem: checked.problem });
  return false;
}

/** The output folder to build: `outDir` itself, or the folder its symbolic link leads to; not ok when the link leads nowhere or to something that is not a folder. */
export async function followOutputLink(outDir: string): Promise<{ ok: true; outDir: string } | { ok: false; target: string }> {
  const info = await lstat(outDir).catch(() => undefined);
  if (!info?.isSymbolicLink()) return { ok: true, outDir };
  const target = await readlink(outDir).catch(() => '?');
  const resolved = await realpath(outDir).catch(() => undefined);
  if (!resolved || !(await stat(resolved)).isDirectory()) return { ok: false, target };
  return { ok: true, outDir: resolved };
}

/**
 * The cache folder, created if needed, or `false` (no cache, with one `cache-unwritable` warning) when it
 * cannot be: a file stands where it or a parent should be, or it cannot be written.
 */
export async function usableCacheDir(cacheDir: string | false, diagnostics: DiagnosticCollector, display: (absolute: string) => string): Promise<string | false> {
  if (cacheDir === false) return false;
  try {
    await mkdir(cacheDir, { recursive: true });
    if (!(await stat(cacheDir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(cacheDir, constants.W_OK | constants.X_OK);
    return cacheDir;
  } catch (error) {
    if (!isSystemError(error)) throw error;
    diagnostics.report(display(cacheDir), { line: 1, column: 1 }, 'cache-unwritable', { folder: display(cacheDir), code: error.code });
    return false;
  }
}

/** An error from the file system (it has a code such as ENOSPC), as opposed to a bug. */
function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** A full garbage collection, where the runtime allows one (it is exposed for this one call). */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Not available: V8 collects on its own schedule.
  }
}
