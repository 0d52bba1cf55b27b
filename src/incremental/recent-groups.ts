import type { ProcessedGroup } from '../load/process-group.js';
import type { CachedGroup } from './group-cache.js';

/**
 * Incident groups remembered in this process only, the most recently processed `limit` of them: the dev
 * server's memory between edits (undoing an edit finds the group as it was). Keyed like the group cache,
 * so a hit is exactly what processing would give.
 */
export class RecentGroups {
  private readonly groups = new Map<string, ProcessedGroup>();

  constructor(private readonly limit = 256) {}

  /** The group remembered under `key`, if any (its incident a copy: the caller may keep it). */
  entry(key: string): CachedGroup | undefined {
    const group = this.groups.get(key);
    if (!group) return undefined;
    this.groups.delete(key);
    this.groups.set(key, group);
    const { html, incident, ...rest } = group;
    return { result: { ...rest, ...(incident ? { incident: { ...incident } } : {}) }, html: () => html };
  }

  /** Remembers a processed group, forgetting the least recently used beyond the limit. */
  set(key: string, value: ProcessedGroup): void {
    this.groups.delete(key);
    this.groups.set(key, value);
    for (const oldest of this.groups.keys()) {
      if (this.groups.size <= this.limit) break;
      this.groups.delete(oldest);
    }
  }

  /** Nothing to write: the memory ends with the process. */
  async save(): Promise<void> {}

  /** Nothing to let go of. */
  close(): void {}
}
