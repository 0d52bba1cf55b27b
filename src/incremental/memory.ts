import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContentConfiguration, ContentSnapshot } from '../content/load.js';
import type { SiteJoin } from '../content/join.js';
import type { RawSource } from '../content/source.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FragmentPairs } from '../render/fragments.js';
import type { SiteModel } from '../model.js';
import type { TemplateFiles } from '../render/templates.js';
import { FileIndex } from './file-index.js';
import { incidentFingerprints, siteFingerprint } from './fingerprints.js';
import { fileDigest, GroupCache } from './group-cache.js';
import { OutputReuse } from './output-reuse.js';
import { RecentGroups } from './recent-groups.js';
import { PreviousOutput } from './previous-output.js';

const EMPTY = new Uint8Array(0);

/** Size and modification time of each file of an output folder, as found when a build starts. */
export type OutputSurvey = ReadonlyMap<string, { size: number; mtimeMs: number }>;

/**
 * Default cache folder of a content folder: it lives with the site, in the folder that holds the
 * content folder (`<site>/node_modules/.cache/kokuchi`, or `<site>/.cache/kokuchi` without
 * node_modules), never in the working directory of a command run from elsewhere.
 */
export function defaultCacheDir(contentDir: string): string {
  const site = path.dirname(path.resolve(contentDir));
  return existsSync(path.join(site, 'node_modules')) ? path.join(site, 'node_modules', '.cache', 'kokuchi') : path.join(site, '.cache', 'kokuchi');
}

/**
 * What a session (the in-memory variant) remembers of its last load beyond the content, so that the next
 * load processes and joins only the groups whose files changed (see load/load-changes.ts).
 */
export interface SessionSite {
  configuration: ContentConfiguration;
  /** loadConfiguration's own diagnostics (not the reading's). */
  configurationDiagnostics: Diagnostic[];
  /** site.yaml and services.yaml as read: the configuration holds while the content has these same objects. */
  site: RawSource | undefined;
  services: RawSource | undefined;
  join: SiteJoin;
  /** Group name → the paths of its files and its key. */
  groups: Map<string, { paths: string[]; key: string }>;
  /** As the last load gave them (see LoadedSite): never changed, replaced. */
  groupKeys: string[];
  incidentKeys: Map<string, string>;
  /** Slug → the HTML of its incident's Markdown (as its group gives it, decoded when asked for). */
  html: Map<string, () => FragmentPairs>;
}

/**
 * Everything a build remembers from the last one, in one place: the file-stamp index (record files not
 * to read again), the group cache (parsed and rendered incidents), the previous output's manifest
 * (pages to keep) and the fingerprints that key them. Nothing it remembers can change the output: a
 * stale or unreadable entry only means more work. `none()` remembers nothing (`--no-cache`, tests).
 *
 * Cached incidents decode their texts from the open cache file on first use: `close` once the render is
 * done; nothing outside this folder sees that file.
 */
export class BuildMemory {
  private index: Promise<FileIndex> | undefined;
  private cache: Promise<GroupCache | RecentGroups> | undefined;
  private opened: GroupCache | RecentGroups | undefined;
  private output: PreviousOutput | undefined;
  /** The content of the last load (the in-memory variant), record bytes let go of. */
  private content: ContentSnapshot | undefined;
  /** The site as the last load (the in-memory variant) joined it. */
  private site: SessionSite | undefined;

  private constructor(
    /** The cache folder, or false when nothing is remembered on disk. */
    readonly folder: string | false,
    /** True for the in-memory variant (a session of loads in this process). */
    private readonly session = false,
  ) {}

  /** A memory that remembers nothing and saves nothing. */
  static none(): BuildMemory {
    return new BuildMemory(false);
  }

  /**
   * A memory kept in this process for a session of loads (the dev server's): the groups of the last load
   * and recently processed others (see RecentGroups), and the content of the last load, so that a load
   * told which files changed reads only those. Its first load is helped by the cache in `folder` (when
   * given) as a build's is, and writes it; after `close` nothing goes to disk. No previous output: the
   * session's output is in memory.
   */
  static inMemory(folder: string | false = false): BuildMemory {
    return new BuildMemory(folder, true);
  }

  /** The memory kept in `folder` (false: none; undefined: the default folder of the site of `contentDir`). */
  static at(folder: string | false | undefined, contentDir: string): BuildMemory {
    return new BuildMemory(folder === undefined ? defaultCacheDir(contentDir) : folder);
  }

  /** The stamps of record files read by earlier builds. */
  fileIndex(): Promise<FileIndex> {
    const folder = this.folder;
    this.index ??= folder === false ? Promise.resolve(FileIndex.none()) : FileIndex.open(folder);
    return this.index;
  }

  /** The parsed and rendered incident groups of earlier builds. */
  groupCache(): Promise<GroupCache | RecentGroups> {
    const folder = this.folder;
    this.cache ??= (folder === false ? Promise.resolve(this.session ? undefined : GroupCache.disabled()) : GroupCache.open(folder)).then(
      (cache) => (this.opened = this.session ? new RecentGroups(cache) : cache!),
    );
    return this.cache;
  }

  /** The content of the last load in this session (the in-memory variant only), its record files unread. */
  lastContent(): ContentSnapshot | undefined {
    return this.content;
  }

  /** Remembers the content just loaded (the in-memory variant only): its files' paths and digests, not their bytes. */
  rememberContent(snapshot: ContentSnapshot): void {
    if (!this.session) return;
    const forget = (file: RawSource): RawSource => (file.size !== undefined || file.unread ? file : { path: file.path, bytes: EMPTY, digest: fileDigest(file), unread: true });
    this.content = { ...snapshot, records: snapshot.records.map(forget) };
  }

  /** The site as the last load of this session joined it (the in-memory variant only). */
  lastSite(): SessionSite | undefined {
    return this.site;
  }

  /** Remembers the site as a load joined it (the in-memory variant only: `site` is called only then); undefined forgets it. */
  rememberSite(site: (() => SessionSite) | undefined): void {
    if (this.session) this.site = site?.();
  }

  /** Starts a load of part of the site, replacing the groups of `keys` (see RecentGroups.replacing). */
  async loadingPart(keys: Iterable<string>): Promise<void> {
    const cache = await this.groupCache();
    if (cache instanceof RecentGroups) cache.replacing(keys);
  }

  /**
   * Which output files of the previous build into `outDir` can be kept (checked against the output as
   * surveyed now), keyed by the site-wide fingerprint and, per incident slug, its group's key.
   */
  async outputReuse(outDir: string, survey: Promise<OutputSurvey>, model: SiteModel, templateFiles: TemplateFiles, groupKeys: ReadonlyMap<string, string>): Promise<OutputReuse> {
    if (this.folder === false || this.session) return OutputReuse.none();
    this.output = await PreviousOutput.open(this.folder, outDir, await survey);
    const siteKey = await siteFingerprint(model, templateFiles);
    return OutputReuse.of(this.output, siteKey, incidentFingerprints(siteKey, groupKeys));
  }

  /** True when no file of the previous output can be kept: nothing is remembered on disk, or there is no previous output. */
  async keepsNothing(survey: Promise<OutputSurvey>): Promise<boolean> {
    return this.folder === false || this.session || (await survey).size === 0;
  }

  /** Records the output just committed (each file's size and modification time) for the next build. */
  async saveOutput(written: OutputSurvey): Promise<void> {
    await this.output?.save(written);
  }

  /**
   * Lets go of the cache file; cached incidents' texts cannot be decoded afterwards. The in-memory
   * variant keeps what it remembers (decoded) and no longer reads or writes the cache folder.
   */
  close(): void {
    this.opened?.close();
    if (this.session) this.index = Promise.resolve(FileIndex.none());
  }
}
