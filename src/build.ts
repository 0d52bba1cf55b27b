import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { access, constants, lstat, mkdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkBaseUrl } from './content/base-url.js';
import { toDisplayPath } from './content/load.js';
import { applyStrict, compareText, countDiagnostics, DiagnosticCollector, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { SiteModel } from './model.js';
import { checkOutputLocation, OutputLock, OutputWriter } from './output.js';
import { codeFingerprint, defaultCacheDir, loadSite, type LoadedSite } from './pipeline/load-site.js';
import { PreviousOutput } from './pipeline/previous-output.js';
import { renderSite, type RenderStats } from './render/site.js';
import { readTemplateFiles, type TemplateFiles } from './render/templates.js';
import { pagePaths } from './render/urls.js';

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
  /** Cache folder, or `false` for none; default node_modules/.cache/kokuchi. */
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
 * The build, stage by stage: read content → validate into a model → read templates → render every
 * page → write the output atomically. Only the first, third and last stages touch the disk.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const display = (absolute: string) => toDisplayPath(path.relative(options.cwd, absolute) || '.');
  const diagnostics = new DiagnosticCollector();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - mark;
    mark = now;
  };
  const fail = (configurationError: boolean): BuildResult => ({
    ok: false,
    diagnostics: sortDiagnostics(applyStrict(diagnostics.items, options.strict)),
    configurationError,
    timings,
  });

  // A `dist` that is a symbolic link (to a web root) is followed: the folder it points to is what gets built.
  const link = await followOutputLink(options.outDir);
  if (!link.ok) {
    diagnostics.report(display(options.outDir), { line: 1, column: 1 }, 'output-symlink', { output: display(options.outDir), target: link.target });
    return fail(true);
  }
  options = { ...options, outDir: link.outDir };
  const location = checkOutputLocation(options.outDir, [options.contentDir, options.templatesDir, options.cwd]);
  if (location) {
    diagnostics.error(display(options.outDir), { line: 1, column: 1 }, 'output-location', location, 'choose a dedicated output folder such as dist/');
    return fail(true);
  }
  const outputProblem = (error: unknown): BuildResult => {
    if (!isSystemError(error)) throw error;
    diagnostics.error(
      display(options.outDir),
      { line: 1, column: 1 },
      'output-write',
      `the site cannot be written to ${display(options.outDir)}: ${error.message}`,
      'check that the output folder and its parent are folders you can write to, and that the disk has room',
    );
    return fail(true);
  };
  // One build at a time per output folder: a second one would interleave its commit with the first.
  let lock: OutputLock | { heldBy: number };
  try {
    lock = OutputLock.acquire(options.outDir);
  } catch (error) {
    return outputProblem(error);
  }
  if (!(lock instanceof OutputLock)) {
    diagnostics.error(display(options.outDir), { line: 1, column: 1 }, 'output-busy', `another kokuchi build (process ${lock.heldBy}) is writing ${display(options.outDir)}`, 'wait for it to finish, or build into another folder with --out');
    return fail(true);
  }
  try {
    return await buildLocked();
  } finally {
    lock.release();
  }

  async function buildLocked(): Promise<BuildResult> {
    // The writer thread starts now and works alongside every later stage; nothing reaches the output
    // before the commit at the end, and a build that fails on the way drops what it wrote. Opening it
    // first repairs what a killed build left (even a build that then fails on its content does that).
    let retainHtml = false;
    // Texts and HTML of cached incidents are read from the cache file while the render needs them.
    let releaseCache = () => {};
    let output: OutputWriter;
    try {
      output = await OutputWriter.open(options.outDir, { retain: (file) => retainHtml && file.endsWith('.html') });
    } catch (error) {
      return outputProblem(error);
    }
    const cacheDir = await usableCacheDir(options.cacheDir === undefined ? defaultCacheDir(options.cwd) : options.cacheDir, diagnostics, display);
    try {
      // 1–2. Content → model, with every Markdown fragment rendered (cached, on worker threads).
      const loaded: LoadedSite = await loadSite({
        cwd: options.cwd,
        contentDir: options.contentDir,
        // As soon as the record files are known, the writer starts creating the files each incident will have.
        onGroups: (ids, languages) => output.prepare(ids.flatMap((id) => [...languages.map((lang) => pagePaths.incident(lang, id.toLowerCase())), pagePaths.apiIncident(id)])),
        cacheDir,
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
      });
      releaseCache = loaded.close;
      for (const [name, value] of Object.entries(loaded.timings)) timings[`load:${name}`] = value;
      // Parsing content leaves the files and every parse behind (hundreds of MB on a large site); V8 would
      // collect them only late in the render, so the peak would hold both. A rebuild that read a few
      // records has nothing of the kind to collect.
      if (loaded.recordsRead >= 200) collectGarbage();
      mark = performance.now();
      for (const item of loaded.diagnostics) diagnostics.add(item);
      const problems = countDiagnostics(applyStrict(diagnostics.items, options.strict));
      if (!loaded.model || problems.errors > 0) return fail(loaded.configurationError);
      const model = selectPublished(loaded.model, options);
      if (options.baseUrl !== undefined) {
        const checked = checkBaseUrl(options.baseUrl);
        if (!checked.ok) {
          if (checked.problem === 'not-absolute' || checked.problem === 'scheme') diagnostics.error('--base-url', { line: 1, column: 1 }, 'invalid-value', `--base-url must be an absolute http(s) URL, not "${options.baseUrl}"`);
          else diagnostics.report('--base-url', { line: 1, column: 1 }, 'base-url', { value: options.baseUrl, problem: checked.problem });
          return fail(true);
        }
        model.config = { ...model.config, baseUrl: checked.url };
      }
      if (options.search !== undefined) model.config = { ...model.config, search: options.search };

      // 3. Templates, UI strings and assets.
      const templateFiles = await readTemplateFiles(options.templatesDir).catch(() => undefined);
      if (!templateFiles) {
        diagnostics.error(display(options.templatesDir), { line: 1, column: 1 }, 'missing-template', `the templates folder ${display(options.templatesDir)} cannot be read`, 'pass --templates DIR or restore templates/');
        return fail(true);
      }

      // Pages made from one incident are reused from the previous output when neither the incident's files
      // nor anything site-wide (code, templates, configuration, catalog) changed.
      const previous = loaded.cacheDir === false ? PreviousOutput.none() : await PreviousOutput.open(loaded.cacheDir, options.outDir, await output.survey);
      const siteKey = await renderFingerprint(model, templateFiles);
      const incidentKeys = new Map([...loaded.incidentKeys].map(([slug, key]) => [slug, createHash('sha256').update(siteKey).update(key).digest('hex')]));
      lap('templates');

      // 4–5. Render, with every file going to the writer thread as soon as it is rendered; the search
      // stage reads the article pages back, so their text is kept when there is a search index.
      retainHtml = model.config.search;
      const stageTimings = new Map<string, number>();
      let rendered;
      try {
        rendered = await renderSite(model, templateFiles, {
          templatesRoot: display(options.templatesDir),
          diagnostics,
          fragments: loaded.fragments,
          timings: stageTimings,
          previous,
          incidentKeys,
          siteKey,
          files: output.files,
        });
      } catch (error) {
        return outputProblem(error); // the writer thread failed while the render fed it
      }
      lap('render');
      for (const [name, value] of stageTimings) timings[`render:${name}`] = value;
      if (!rendered) return fail(true);

      // 6. Commit: the output becomes exactly the files rendered.
      let committed;
      try {
        committed = await output.commit();
      } catch (error) {
        return outputProblem(error);
      }
      const { stats: fileStats, ...written } = committed;
      await previous.save(fileStats);
      lap('write');
      return {
        ok: true,
        diagnostics: sortDiagnostics(applyStrict(diagnostics.items, options.strict)),
        configurationError: false,
        stats: { ...rendered.stats, ...written, cacheHits: loaded.cacheHits, recordsRead: loaded.recordsRead },
        timings,
      };
    } finally {
      releaseCache();
      await output.abort(); // no-op after the commit
    }
  }
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

/** Hash of every site-wide input of a page: kokuchi's code, the templates folder, the configuration and the catalog. */
async function renderFingerprint(model: SiteModel, templateFiles: TemplateFiles): Promise<string> {
  const hash = createHash('sha256').update(await codeFingerprint());
  for (const [file, bytes] of [...templateFiles].sort(([a], [b]) => compareText(a, b))) hash.update(file).update('\0').update(bytes);
  hash.update(JSON.stringify(model.config)).update(JSON.stringify([...model.services.values()]));
  return hash.digest('hex');
}

/** The model without drafts (unless asked for). */
export function selectPublished(model: SiteModel, options: { drafts: boolean }): SiteModel {
  return { ...model, incidents: options.drafts ? model.incidents : model.incidents.filter((incident) => !incident.draft) };
}

/** An absolute http(s) URL ending with `/` (as checkBaseUrl accepts it), or undefined. */
export function normalizeBaseUrl(value: string): string | undefined {
  const checked = checkBaseUrl(value);
  return checked.ok ? checked.url : undefined;
}
