import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SiteModel } from '../model.js';
import type { TemplateFiles } from '../render/templates.js';
import { FileIndex } from './file-index.js';
import { incidentFingerprints, siteFingerprint } from './fingerprints.js';
import { GroupCache } from './group-cache.js';
import { OutputReuse } from './output-reuse.js';
import { RecentGroups } from './recent-groups.js';
import { PreviousOutput } from './previous-output.js';

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
  private opened: GroupCache | undefined;
  private output: PreviousOutput | undefined;

  private constructor(
    /** The cache folder, or false when nothing is remembered on disk. */
    readonly folder: string | false,
    /** Groups remembered in this process (the in-memory variant). */
    private readonly recent?: RecentGroups,
  ) {}

  /** A memory that remembers nothing and saves nothing. */
  static none(): BuildMemory {
    return new BuildMemory(false);
  }

  /**
   * A memory kept in this process only (the dev server between edits): recently processed groups; no
   * file index (the dev server is told which files changed), no previous output (its output is in memory).
   */
  static inMemory(): BuildMemory {
    return new BuildMemory(false, new RecentGroups());
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
    if (this.recent) return (this.cache ??= Promise.resolve(this.recent));
    this.cache ??= (folder === false ? Promise.resolve(GroupCache.disabled()) : GroupCache.open(folder)).then((cache) => (this.opened = cache));
    return this.cache;
  }

  /**
   * Which output files of the previous build into `outDir` can be kept (checked against the output as
   * surveyed now), keyed by the site-wide fingerprint and, per incident slug, its group's key.
   */
  async outputReuse(outDir: string, survey: Promise<OutputSurvey>, model: SiteModel, templateFiles: TemplateFiles, groupKeys: ReadonlyMap<string, string>): Promise<OutputReuse> {
    if (this.folder === false) return OutputReuse.none();
    this.output = await PreviousOutput.open(this.folder, outDir, await survey);
    const siteKey = await siteFingerprint(model, templateFiles);
    return OutputReuse.of(this.output, siteKey, incidentFingerprints(siteKey, groupKeys));
  }

  /** Records the output just committed (each file's size and modification time) for the next build. */
  async saveOutput(written: OutputSurvey): Promise<void> {
    await this.output?.save(written);
  }

  /** Lets go of the cache file; cached incidents' texts cannot be decoded afterwards. */
  close(): void {
    this.opened?.close();
  }
}
