import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileNameId, finishSiteModel, groupRecordFiles, loadConfiguration, readContent, type GroupResult, type LoadResult } from '../content/load.js';
import type { Language } from '../model.js';
import { DiagnosticCollector, sortDiagnostics } from '../diagnostics.js';
import type { FileStamp } from '../incremental/file-index.js';
import { codeFingerprint } from '../incremental/fingerprints.js';
import { configurationFingerprint, fileDigest, groupKey } from '../incremental/group-cache.js';
import { BuildMemory } from '../incremental/memory.js';
import { defaultWorkerCount, processGroups } from './pool.js';
import { Fragments } from '../render/fragments.js';

/** Where and how to load content. */
export interface LoadSiteOptions {
  cwd: string;
  contentDir: string;
  /** What earlier builds left (default: the memory in `cacheDir`). */
  memory?: BuildMemory;
  /** Cache folder when no `memory` is given; `false` disables the cache. Default: beside the content folder, see defaultCacheDir. */
  cacheDir?: string | false;
  /** Worker threads for parsing and Markdown; default 1 (none; see defaultWorkerCount). */
  workers?: number;
  /** Told, before any record is parsed, the id each group of record files will probably have (from its file names) and the site's languages. */
  onGroups?: (slugs: string[], languages: readonly Language[]) => void;
}

/** A loaded site with every Markdown fragment already rendered, and what each step took. */
export interface LoadedSite extends LoadResult {
  /** Markdown source → sanitized HTML for every fragment of every valid incident (cached HTML decoded when needed). */
  fragments: Fragments;
  /** Milliseconds per step, for `--timings`. */
  timings: Record<string, number>;
  /** How many incident groups came from the cache. */
  cacheHits: number;
  /** How many record files were read (the others were known unchanged from the file index). */
  recordsRead: number;
  /** Per incident slug: the cache key of its group (a hash of its files and the configuration). */
  incidentKeys: Map<string, string>;
  /** The cache folder in use, if any. */
  cacheDir: string | false;
  /**
   * Lets go of the cache file. Texts and HTML of cached incidents are read from it when first used, so
   * call this once the model is done with (after the render); reading them afterwards throws.
   */
  close(): void;
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

  const memory = options.memory ?? BuildMemory.at(options.cacheDir, options.contentDir);
  const cacheDir = memory.folder;
  // Record files whose stamp is unchanged since the last build are not read (their digest is known).
  const index = await memory.fileIndex();
  const stamps = new Map<string, FileStamp>();
  const snapshot = await readContent(options.contentDir, options.cwd, {
    unchanged: (file, stamp) => {
      const absolute = path.resolve(file);
      stamps.set(absolute, stamp);
      return index.unchanged(absolute, stamp);
    },
  });
  lap('read');
  const diagnostics = new DiagnosticCollector();
  const configuration = loadConfiguration(snapshot, diagnostics);
  if (!configuration) {
    return { diagnostics: sortDiagnostics(diagnostics.items), configurationError: true, fragments: new Fragments(), timings, cacheHits: 0, recordsRead: 0, incidentKeys: new Map(), cacheDir, close: () => {} };
  }

  const groups = groupRecordFiles(snapshot.records);
  options.onGroups?.(groups.map((group) => fileNameId(path.posix.basename(group[0]!.path))), configuration.config.languages);
  const cache = await memory.groupCache();
  const fingerprint = configurationFingerprint(await codeFingerprint(), configuration);
  const keys = groups.map((group) => groupKey(fingerprint, group));
  const cached = keys.map((key) => cache.entry(key));
  const results: (GroupResult | undefined)[] = cached.map((entry) => entry?.result);
  const missing = results.flatMap((result, index) => (result ? [] : [index]));
  // Groups to process need their bytes: read the files that were skipped, and key them by what was read.
  for (const position of missing) {
    const group = groups[position]!;
    if (!group.some((file) => file.unread)) continue;
    // (A file removed in between reads as empty, which the checks report.)
    groups[position] = await Promise.all(
      group.map(async (file) => (file.unread ? { path: file.path, bytes: await readFile(path.resolve(options.cwd, file.path)).catch(() => new Uint8Array(0)) } : file)),
    );
    keys[position] = groupKey(fingerprint, groups[position]!);
  }
  lap('cache');
  const processed = await processGroups(
    missing.map((index) => groups[index]!),
    configuration,
    { workers: options.workers ?? defaultWorkerCount() },
  );
  const fragments = new Fragments();
  processed.forEach((result, position) => {
    const index = missing[position]!;
    results[index] = result;
    cache.set(keys[index]!, result);
    fragments.add(result.html);
  });
  lap('process');
  await cache.save();
  for (const group of groups) {
    for (const file of group) {
      const absolute = path.resolve(options.cwd, file.path);
      const stamp = stamps.get(absolute);
      if (stamp) index.record(absolute, stamp, fileDigest(file));
    }
  }
  await index.save();
  lap('cache-save');

  const complete = results as GroupResult[];
  const loaded = finishSiteModel(configuration, complete, diagnostics);
  const incidentKeys = new Map<string, string>();
  complete.forEach((result, index) => {
    if (!result.incident) return;
    incidentKeys.set(result.incident.slug, keys[index]!);
    const html = cached[index]?.html;
    if (html) fragments.defer(result.incident.slug, html);
  });
  lap('model');
  const recordsRead = groups.reduce((total, group) => total + group.filter((file) => !file.unread).length, 0);
  return { ...loaded, fragments, timings, cacheHits: groups.length - missing.length, recordsRead, incidentKeys, cacheDir, close: () => memory.close() };
}
