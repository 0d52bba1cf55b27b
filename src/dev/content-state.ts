import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareIncidents } from '../content/assemble.js';
import { MAX_FILE_BYTES } from '../content/source.js';
import type { Diagnostic } from '../diagnostics.js';
import { BuildMemory, defaultCacheDir } from '../incremental/memory.js';
import { loadSite } from '../load/load-site.js';
import { incidentMarkdown } from '../load/process-group.js';
import { publishModel, type PublishOptions } from '../load/publish.js';
import { contentFileKind } from '../load/reread.js';
import type { Incident, SiteModel } from '../model.js';
import { Fragments } from '../render/fragments.js';

/** Where the content is and how to load it. */
export interface ContentStateOptions extends PublishOptions {
  cwd: string;
  contentDir: string;
  /** Cache folder for the first load; `false` for none. Default: as `kokuchi build`. */
  cacheDir?: string | false;
  /** Worker threads for the loads; default 1 (none; see defaultWorkerCount). */
  workers?: number;
}

/** What changed in the published site since it was last handed on to the renderers. */
export interface SiteChange {
  /** Published incidents that are new or changed, in the model's order. */
  changed: Incident[];
  /** Slugs of published incidents that are gone (deleted, made drafts, or given another id). */
  removed: string[];
}

/**
 * What the dev server keeps of its content between edits: the session's memory (every group of the
 * last load, and the content files as last read), the published model or the diagnostics that prevent
 * it, and what the renderers were last given. Every load goes through loadSite, as `kokuchi build`'s.
 */
export class ContentState {
  private readonly memory: BuildMemory;
  private loaded: { model?: SiteModel; diagnostics: Diagnostic[]; fragments: Fragments; incidentKeys: Map<string, string>; groupKeys: string[] } = {
    diagnostics: [],
    fragments: new Fragments(),
    incidentKeys: new Map(),
    groupKeys: [],
  };
  /** Slug → group key of the published incidents last handed on. */
  private handedOn = new Map<string, string>();
  /**
   * Since they were handed on: per slug of an incident that may have changed, its incident now
   * (undefined: none). Undefined when any may have (a load of the whole folder).
   */
  private pending: Map<string, Incident | undefined> | undefined;

  private constructor(private readonly options: ContentStateOptions) {
    this.memory = BuildMemory.inMemory(options.cacheDir ?? defaultCacheDir(options.contentDir));
  }

  /** Loads the whole content folder (helped by the build cache). */
  static async load(options: ContentStateOptions): Promise<ContentState> {
    const state = new ContentState(options);
    await state.reload();
    return state;
  }

  /**
   * Loads the content again. `changed`: the content files a watcher named (only they are read);
   * undefined to read the whole folder. True when any record, site.yaml or services.yaml changed.
   */
  async reload(changed?: readonly string[]): Promise<boolean> {
    const { cwd, contentDir, workers } = this.options;
    const loaded = await loadSite({ cwd, contentDir, memory: this.memory, ...(changed ? { changed } : {}), ...(workers !== undefined ? { workers } : {}) });
    // The memory decodes what it remembers: nothing is read from the cache file after this.
    loaded.close();
    const before = this.loaded.groupKeys;
    if (loaded.touched && this.pending) for (const [slug, incident] of loaded.touched) this.pending.set(slug, incident);
    else this.pending = undefined;
    this.loaded = {
      ...(loaded.model ? { model: publishModel(loaded.model, this.options) } : {}),
      diagnostics: loaded.diagnostics,
      fragments: loaded.fragments,
      incidentKeys: loaded.incidentKeys,
      groupKeys: loaded.groupKeys,
    };
    return loaded.groupKeys.length !== before.length || loaded.groupKeys.some((key, index) => key !== before[index]);
  }

  /** The published model, when the content has no errors. */
  get model(): SiteModel | undefined {
    return this.loaded.model;
  }

  /** Every diagnostic of the last load. */
  get diagnostics(): Diagnostic[] {
    return this.loaded.diagnostics;
  }

  /** The HTML of the Markdown of the last load's incidents. */
  get fragments(): Fragments {
    return this.loaded.fragments;
  }

  /** What changed in the published site since the last call; undefined while the content has errors (the changes wait). */
  takeChange(): SiteChange | undefined {
    const model = this.loaded.model;
    if (!model) return undefined;
    const pending = this.pending;
    this.pending = new Map();
    if (pending) return this.takeSome(model, pending);
    const now = new Map<string, string>();
    const changed: Incident[] = [];
    for (const incident of model.incidents) {
      const key = this.loaded.incidentKeys.get(incident.slug)!;
      now.set(incident.slug, key);
      if (this.handedOn.get(incident.slug) !== key) changed.push(incident);
    }
    const removed = [...this.handedOn.keys()].filter((slug) => !now.has(slug));
    this.handedOn = now;
    return { changed, removed };
  }

  /** What changed among the incidents that may have: each looked up in the published model by its order. */
  private takeSome(model: SiteModel, pending: Map<string, Incident | undefined>): SiteChange {
    const changed: Incident[] = [];
    const removed: string[] = [];
    for (const [slug, incident] of pending) {
      if (incident && isPublished(model, incident)) {
        const key = this.loaded.incidentKeys.get(slug)!;
        if (this.handedOn.get(slug) === key) continue;
        this.handedOn.set(slug, key);
        changed.push(incident);
      } else if (this.handedOn.delete(slug)) removed.push(slug);
    }
    return { changed: changed.sort(compareIncidents), removed };
  }

  /** Markdown → HTML of every fragment an incident shows. */
  fragmentsOf(incident: Incident): [string, string][] {
    const fragments = this.loaded.fragments;
    fragments.prepare(incident);
    const pairs = new Map<string, string>();
    for (const markdown of incidentMarkdown(incident)) if (!pairs.has(markdown)) pairs.set(markdown, fragments.get(markdown));
    return [...pairs];
  }

  /**
   * The text of a content file (a record, site.yaml or services.yaml) for excerpts: only a regular file
   * of a sane size, valid UTF-8 without NUL. Nothing else is read: a diagnostic may name a symbolic link
   * to /dev/zero or a 50 MB file.
   */
  contentText(file: string): string | undefined {
    const absolute = path.resolve(this.options.cwd, file);
    if (!contentFileKind(this.options.contentDir, absolute)) return undefined;
    try {
      const info = lstatSync(absolute);
      return info.isFile() && info.size <= MAX_FILE_BYTES ? excerptText(readFileSync(absolute)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** What a changed path is to the content: a file the loader reads, or nothing. */
  isContentFile(absolute: string): boolean {
    return contentFileKind(this.options.contentDir, absolute) !== undefined;
  }

  /** True for site.yaml and services.yaml (a change to them decides every group: the folder is read again). */
  isConfigurationPath(absolute: string): boolean {
    const kind = contentFileKind(this.options.contentDir, absolute);
    return kind === 'site' || kind === 'services';
  }
}

/** True when `incident` is one of the published model's (found by the model's order). */
function isPublished(model: SiteModel, incident: Incident): boolean {
  const { incidents } = model;
  let low = 0;
  let high = incidents.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareIncidents(incidents[middle]!, incident);
    if (order === 0) return incidents[middle] === incident;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text fit to quote in a report: valid UTF-8 without NUL, else undefined. */
export function excerptText(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}
