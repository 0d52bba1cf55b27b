import type { GroupResult } from '../content/load.js';
import type { ProcessedGroup } from '../load/process-group.js';
import type { CachedGroup, GroupCache } from './group-cache.js';

/**
 * Incident groups remembered in this process only: the dev server's memory between edits. It keeps
 * every group of the last load and, besides them, the `limit` most recently used others (undoing an
 * edit finds the group as it was). Keyed like the group cache, so a hit is exactly what processing
 * would give. The first load may be helped by the cache folder (`backing`): a group found there is
 * decoded at once and remembered here, and groups processed then are written there too, as a build
 * does; `close` lets go of the folder for good.
 */
export class RecentGroups {
  private readonly groups = new Map<string, CachedGroup>();
  /** Keys asked for or set since the last `save` (the groups of the load under way). */
  private used = new Set<string>();
  /** Keys of the groups of the last load. */
  private site = new Set<string>();
  /** For a load of part of the site: the keys of the groups it replaces (the others stay the site's). */
  private replaced: string[] | undefined;

  constructor(
    private backing?: GroupCache,
    private readonly limit = 256,
  ) {}

  /**
   * The group remembered under `key`, if any. Loads of a session ask for the same groups again and again,
   * so it is not copied: its incident is frozen instead, and the caller may keep it.
   */
  entry(key: string, remake?: () => GroupResult): CachedGroup | undefined {
    let group = this.groups.get(key);
    if (group) this.groups.delete(key);
    else {
      const decoded = this.backing?.get(key, remake);
      if (!decoded) return undefined;
      group = remembered(decoded);
    }
    this.groups.set(key, group);
    this.used.add(key);
    return group;
  }

  /** Remembers a processed group (and writes it to the cache folder, while there is one). */
  set(key: string, value: ProcessedGroup): void {
    this.groups.delete(key);
    this.groups.set(key, remembered(value));
    this.used.add(key);
    this.backing?.set(key, value);
  }

  /**
   * Starts a load of part of the site: it asks only for the groups whose files changed, and the groups of
   * the last load stay the site's, but those of `keys` (the changed groups as they were).
   */
  replacing(keys: Iterable<string>): void {
    this.replaced = [...keys];
  }

  /** Ends a load: forgets the least recently used groups not of the site beyond the limit, and saves the cache folder's part. */
  async save(): Promise<void> {
    if (this.replaced) {
      for (const key of this.replaced) this.site.delete(key);
      for (const key of this.used) this.site.add(key);
    } else this.site = this.used;
    this.used = new Set();
    this.replaced = undefined;
    for (const key of this.groups.keys()) {
      if (this.groups.size <= this.site.size + this.limit) break;
      if (!this.site.has(key)) this.groups.delete(key);
    }
    await this.backing?.save();
  }

  /** Lets go of the cache folder; what is remembered here stays. */
  close(): void {
    this.backing?.close();
    this.backing = undefined;
  }
}

/** A processed group as remembered: its incident a frozen copy (nothing can change what later loads get), its HTML kept. */
function remembered(group: ProcessedGroup): CachedGroup {
  const { html, incident, ...rest } = group;
  return { result: { ...rest, ...(incident ? { incident: Object.freeze({ ...incident }) } : {}) }, html: () => html };
}
