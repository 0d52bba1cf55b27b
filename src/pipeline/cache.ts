import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ContentConfiguration } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import type { ProcessedGroup } from './process-group.js';

const CACHE_FILE = 'groups.v1.bin';

/**
 * The persistent build cache: processed groups keyed by a hash of everything that decides them —
 * kokuchi's version, the configuration, the service catalog and each file's path and bytes. A hit
 * is therefore exactly what processing would give; a miss costs only the processing. Deleting the
 * folder is always safe.
 */
export class GroupCache {
  private readonly entries: Map<string, ProcessedGroup>;
  private readonly used = new Map<string, ProcessedGroup>();
  private changed = false;

  private constructor(
    private readonly directory: string | undefined,
    entries: Map<string, ProcessedGroup>,
  ) {
    this.entries = entries;
  }

  /** A cache that remembers nothing (for `--no-cache`). */
  static disabled(): GroupCache {
    return new GroupCache(undefined, new Map());
  }

  /** Opens the cache in `directory`; an unreadable or foreign cache file counts as empty. */
  static async open(directory: string): Promise<GroupCache> {
    try {
      const stored = deserialize(await readFile(path.join(directory, CACHE_FILE))) as { entries?: unknown };
      if (stored.entries instanceof Map) return new GroupCache(directory, stored.entries as Map<string, ProcessedGroup>);
    } catch {
      // Missing or unreadable: start empty.
    }
    return new GroupCache(directory, new Map());
  }

  /** The cached result for a key, if any. */
  get(key: string): ProcessedGroup | undefined {
    const hit = this.entries.get(key);
    if (hit) this.used.set(key, hit);
    return hit;
  }

  /** Stores a result. */
  set(key: string, value: ProcessedGroup): void {
    this.used.set(key, value);
    this.changed = true;
  }

  /** Writes the entries used by this run (older ones are dropped), atomically. */
  async save(): Promise<void> {
    if (!this.directory) return;
    if (!this.changed && this.used.size === this.entries.size) return;
    await mkdir(this.directory, { recursive: true });
    const target = path.join(this.directory, CACHE_FILE);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temp, serialize({ entries: this.used }));
      await rename(temp, target);
    } catch {
      await rm(temp, { force: true });
    }
  }
}

/** Fingerprint of what every group depends on besides its own files. */
export function configurationFingerprint(version: string, configuration: ContentConfiguration): string {
  const services = configuration.services ? [...configuration.services.values()] : null;
  return createHash('sha256').update(JSON.stringify({ version, config: configuration.config, services })).digest('hex');
}

/** Cache key of one group. */
export function groupKey(fingerprint: string, group: readonly RawSource[]): string {
  const hash = createHash('sha256').update(fingerprint);
  for (const file of group) {
    hash.update('\0').update(file.path).update('\0').update(createHash('sha256').update(file.bytes).digest('hex'));
  }
  return hash.digest('hex');
}
