import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileNameId, finishSiteModel, groupRecordFiles, loadConfiguration, readContent, type LoadResult } from '../content/load.js';
import type { Language } from '../model.js';
import { compareText, DiagnosticCollector, sortDiagnostics } from '../diagnostics.js';
import { configurationFingerprint, GroupCache, groupKey } from './cache.js';
import { defaultWorkerCount, processGroups } from './pool.js';
import type { ProcessedGroup } from './process-group.js';

/** Where and how to load content. */
export interface LoadSiteOptions {
  cwd: string;
  contentDir: string;
  /** Cache folder; `false` disables the cache. Default: node_modules/.cache/kokuchi (or .cache/kokuchi). */
  cacheDir?: string | false;
  /** Worker threads for parsing and Markdown; default 1 (none; see defaultWorkerCount). */
  workers?: number;
  /** Told, before any record is parsed, the id each group of record files will probably have (from its file names) and the site's languages. */
  onGroups?: (slugs: string[], languages: readonly Language[]) => void;
}

/** A loaded site with every Markdown fragment already rendered, and what each step took. */
export interface LoadedSite extends LoadResult {
  /** Markdown source → sanitized HTML for every fragment of every valid incident. */
  fragments: Map<string, string>;
  /** Milliseconds per step, for `--timings`. */
  timings: Record<string, number>;
  /** How many incident groups came from the cache. */
  cacheHits: number;
  /** Per incident slug: the cache key of its group (a hash of its files and the configuration). */
  incidentKeys: Map<string, string>;
  /** The cache folder in use, if any. */
  cacheDir: string | false;
}

/** Default cache folder for a working directory. */
export function defaultCacheDir(cwd: string): string {
  return existsSync(path.join(cwd, 'node_modules')) ? path.join(cwd, 'node_modules', '.cache', 'kokuchi') : path.join(cwd, '.cache', 'kokuchi');
}

/**
 * Reads, validates and renders the Markdown of a content folder: groups come from the cache when their
 * files are unchanged, the rest are processed on worker threads. The result never depends on either.
 */
export async function loadSite(options: LoadSiteOptions): Promise<LoadedSite> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = now - mark;
    mark = now;
  };

  const snapshot = await readContent(options.contentDir, options.cwd);
  lap('read');
  const diagnostics = new DiagnosticCollector();
  const configuration = loadConfiguration(snapshot, diagnostics);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir(options.cwd) : options.cacheDir;
  if (!configuration) {
    return { diagnostics: sortDiagnostics(diagnostics.items), configurationError: true, fragments: new Map(), timings, cacheHits: 0, incidentKeys: new Map(), cacheDir };
  }

  const groups = groupRecordFiles(snapshot.records);
  options.onGroups?.(groups.map((group) => fileNameId(path.posix.basename(group[0]!.path))), configuration.config.languages);
  const cache = cacheDir === false ? GroupCache.disabled() : await GroupCache.open(cacheDir);
  const fingerprint = configurationFingerprint(await codeFingerprint(), configuration);
  const keys = groups.map((group) => groupKey(fingerprint, group));
  const results: (ProcessedGroup | undefined)[] = keys.map((key) => cache.get(key));
  const missing = results.flatMap((result, index) => (result ? [] : [index]));
  lap('cache');
  const processed = await processGroups(
    missing.map((index) => groups[index]!),
    configuration,
    { workers: options.workers ?? defaultWorkerCount() },
  );
  processed.forEach((result, position) => {
    const index = missing[position]!;
    results[index] = result;
    cache.set(keys[index]!, result);
  });
  lap('process');
  await cache.save();
  lap('cache-save');

  const complete = results as ProcessedGroup[];
  const loaded = finishSiteModel(configuration, complete, diagnostics);
  const fragments = new Map<string, string>();
  const incidentKeys = new Map<string, string>();
  complete.forEach((result, index) => {
    for (const [markdown, html] of result.html) fragments.set(markdown, html);
    if (result.incident) incidentKeys.set(result.incident.slug, keys[index]!);
  });
  lap('model');
  return { ...loaded, fragments, timings, cacheHits: groups.length - missing.length, incidentKeys, cacheDir };
}

let codeHash: Promise<string> | undefined;

/**
 * Fingerprint of kokuchi's own code (every compiled module, or the sources when running from them), so
 * that a cache written by another version — released or not — is never used.
 */
export function codeFingerprint(): Promise<string> {
  codeHash ??= (async () => {
    const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256');
    const walk = async (directory: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true });
      entries.sort((a, b) => compareText(a.name, b.name));
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (/\.(js|ts)$/u.test(entry.name)) hash.update(entry.name).update(await readFile(full));
      }
    };
    await walk(root);
    return hash.digest('hex');
  })();
  return codeHash;
}
