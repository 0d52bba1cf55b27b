import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadIncidentGroup, type ContentConfiguration, type GroupResult } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { codeFingerprint } from '../incremental/fingerprints.js';
import type { CachedGroup } from '../incremental/group-cache.js';
import { configurationFingerprint, groupKey } from '../incremental/group-cache.js';
import type { BuildMemory } from '../incremental/memory.js';
import { defaultWorkerCount, processGroups } from './pool.js';

/** Incident groups as loaded: each from the memory when its files are the same, the rest processed now. */
export interface LoadedGroups {
  /** Per group, in order: its result, and the HTML of its Markdown (decoded when asked for). */
  groups: CachedGroup[];
  /** Per group: its key in the memory (a hash of its files and of the configuration). */
  keys: string[];
  /** Positions of the groups processed now (the others came from the memory). */
  processed: number[];
}

/**
 * Loads incident groups through the build memory: a group whose files are unchanged comes from it, the
 * rest are processed (on worker threads) and remembered. The results never depend on the memory. Files
 * left unread (known unchanged from the file index) are read from `cwd` when their group is processed.
 */
export async function loadGroups(
  groups: RawSource[][],
  configuration: ContentConfiguration,
  memory: BuildMemory,
  options: { cwd: string; workers?: number; lap?: (step: string) => void },
): Promise<LoadedGroups> {
  const cache = await memory.groupCache();
  const fingerprint = configurationFingerprint(await codeFingerprint(), configuration);
  const keys = groups.map((group) => keyOf(fingerprint, group));
  // A cached group whose texts turn out damaged when first read is made again from its files (the
  // ones its key was made from; a file left unread is read then).
  const remake = (position: number) => (): GroupResult => loadIncidentGroup(withBytes(groups[position]!, options.cwd), configuration);
  const loaded = keys.map((key, position) => cache.entry(key, remake(position)));
  const missing = loaded.flatMap((entry, index) => (entry ? [] : [index]));
  // Groups to process need their bytes: read the files that were skipped, and key them by what was read.
  for (const position of missing) {
    const group = groups[position]!;
    if (!group.some((file) => file.unread)) continue;
    groups[position] = withBytes(group, options.cwd);
    keys[position] = keyOf(fingerprint, groups[position]!);
  }
  options.lap?.('cache');
  const processed = await processGroups(
    missing.map((index) => groups[index]!),
    configuration,
    { workers: options.workers ?? defaultWorkerCount() },
  );
  processed.forEach((result, position) => {
    const index = missing[position]!;
    loaded[index] = { result, html: () => result.html };
    cache.set(keys[index]!, result);
  });
  options.lap?.('process');
  await cache.save();
  return { groups: loaded as CachedGroup[], keys, processed: missing };
}

/** The key last computed for a group, by its first file: found again when a load gets the same file objects (the dev server's loads). */
const knownKeys = new WeakMap<RawSource, { fingerprint: string; group: readonly RawSource[]; key: string }>();

/** groupKey, computed once for the same configuration and the same file objects (which are never changed). */
function keyOf(fingerprint: string, group: readonly RawSource[]): string {
  const known = knownKeys.get(group[0]!);
  if (known && known.fingerprint === fingerprint && known.group.length === group.length && known.group.every((file, index) => file === group[index])) return known.key;
  const key = groupKey(fingerprint, group);
  knownKeys.set(group[0]!, { fingerprint, group: [...group], key });
  return key;
}

/** A group with the bytes of its files left unread read from `cwd` (a file removed in between reads as empty, which the checks report). */
function withBytes(group: readonly RawSource[], cwd: string): RawSource[] {
  return group.map((file) => {
    if (!file.unread) return file;
    try {
      return { path: file.path, bytes: readFileSync(path.resolve(cwd, file.path)) };
    } catch {
      return { path: file.path, bytes: new Uint8Array(0) };
    }
  });
}
