import path from 'node:path';
import { SiteJoin } from '../content/join.js';
import { fileNameId, groupName, groupRecordFiles, loadConfiguration, readContent, type LoadResult } from '../content/load.js';
import type { Incident, Language } from '../model.js';
import { DiagnosticCollector, sortDiagnostics } from '../diagnostics.js';
import type { FileStamp } from '../incremental/file-index.js';
import { fileDigest } from '../incremental/group-cache.js';
import { BuildMemory } from '../incremental/memory.js';
import { loadChanges } from './load-changes.js';
import { loadGroups } from './load-groups.js';
import { rereadContent } from './reread.js';
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
  /**
   * Absolute paths of the content files changed (added, deleted) since the last load with the same
   * in-memory `memory`, as a watcher names them: only these are read, the folder is not walked, and
   * (while site.yaml and services.yaml are the same) only their groups are loaded and joined into the
   * last load's join (see load-changes.ts). Without it, or without an earlier load, the whole folder is read.
   */
  changed?: Iterable<string>;
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
  /** The cache key of every group, valid or not, in order: two loads with the same keys loaded the same records. */
  groupKeys: string[];
  /** The cache folder in use, if any. */
  cacheDir: string | false;
  /**
   * After a load of only the changed groups (a session's, told `changed`): per slug of an incident whose
   * place in the model may differ from the last load's, its incident in the model now (undefined: none).
   * Undefined after a load of the whole site.
   */
  touched?: Map<string, Incident | undefined>;
  /**
   * Lets go of the cache file. Texts and HTML of cached incidents are read from it when first used, so
   * call this once the model is done with (after the render); reading them afterwards throws.
   */
  close(): void;
}

/**
 * Reads, validates and renders the Markdown of a content folder: groups come from the cache when their
 * files are unchanged, the rest are processed on worker threads. The result never depends on either.
 * `kokuchi build`, `kokuchi check` and the dev server (at start and after every change) all load here;
 * they differ only in the memory they hand it.
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
  const changed = options.changed && [...options.changed];
  const previous = changed && memory.lastContent();
  const snapshot = previous
    ? await rereadContent(previous, changed, options.contentDir, options.cwd)
    : await readContent(options.contentDir, options.cwd, {
        unchanged: (file, stamp) => {
          const absolute = path.resolve(file);
          stamps.set(absolute, stamp);
          return index.unchanged(absolute, stamp);
        },
      });
  memory.rememberContent(snapshot);
  lap('read');
  // A session's load with the configuration as it was: only the changed groups are loaded and joined in.
  const site = previous && !options.onGroups ? memory.lastSite() : undefined;
  if (site && snapshot.site === site.site && snapshot.services === site.services) {
    // A load that fails half-way leaves the session's site half-changed: the next load is a whole one.
    const changes = await loadChanges(site, snapshot, changed!, memory, { ...options, lap }).catch((error: unknown) => {
      memory.rememberSite(undefined);
      throw error;
    });
    const result = site.join.result();
    lap('model');
    return { ...result, ...changes, timings, cacheDir, close: () => memory.close() };
  }
  memory.rememberSite(undefined);
  const diagnostics = new DiagnosticCollector();
  const configuration = loadConfiguration(snapshot, diagnostics);
  if (!configuration) {
    return { diagnostics: sortDiagnostics(diagnostics.items), configurationError: true, fragments: new Fragments(), timings, cacheHits: 0, recordsRead: 0, incidentKeys: new Map(), groupKeys: [], cacheDir, close: () => {} };
  }

  const groups = groupRecordFiles(snapshot.records);
  options.onGroups?.(groups.map((group) => fileNameId(path.posix.basename(group[0]!.path))), configuration.config.languages);
  const loaded = await loadGroups(groups, configuration, memory, { cwd: options.cwd, ...(options.workers !== undefined ? { workers: options.workers } : {}), lap });
  const { keys } = loaded;
  const fragments = new Fragments();
  for (const index of loaded.processed) fragments.add(loaded.groups[index]!.html());
  for (const group of stamps.size > 0 ? groups : []) {
    for (const file of group) {
      const absolute = path.resolve(options.cwd, file.path);
      const stamp = stamps.get(absolute);
      if (stamp) index.record(absolute, stamp, fileDigest(file));
    }
  }
  await index.save();
  lap('cache-save');

  const names = groups.map(groupName);
  const join = SiteJoin.of(
    configuration,
    [...diagnostics.items],
    loaded.groups.map((group, index) => ({ name: names[index]!, result: group.result })),
  );
  const model = join.result();
  const processedNow = new Set(loaded.processed);
  const incidentKeys = new Map<string, string>();
  loaded.groups.forEach(({ result, html }, index) => {
    if (!result.incident) return;
    incidentKeys.set(result.incident.slug, keys[index]!);
    if (!processedNow.has(index)) fragments.defer(result.incident.slug, html);
  });
  memory.rememberSite(() => ({
    configuration,
    configurationDiagnostics: diagnostics.items.slice(snapshot.diagnostics.length),
    site: snapshot.site,
    services: snapshot.services,
    join,
    groups: new Map(names.map((name, index) => [name, { paths: groups[index]!.map((file) => file.path), key: keys[index]! }])),
    groupKeys: keys,
    incidentKeys,
    html: new Map(loaded.groups.flatMap(({ result, html }) => (result.incident ? [[result.incident.slug, html] as const] : []))),
  }));
  lap('model');
  const recordsRead = groups.reduce((total, group) => total + group.filter((file) => !file.unread).length, 0);
  return { ...model, fragments, timings, cacheHits: groups.length - loaded.processed.length, recordsRead, incidentKeys, groupKeys: keys, cacheDir, close: () => memory.close() };
}
