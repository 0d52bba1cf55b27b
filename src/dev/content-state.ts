import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  fileNameId,
  loadConfiguration,
  readContent,
  toDisplayPath,
  type ContentConfiguration,
  type GroupResult,
} from '../content/load.js';
import { MAX_FILE_BYTES, type RawSource } from '../content/source.js';
import { compareText, DiagnosticCollector, diagnosticOf, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Incident, SiteModel } from '../model.js';
import { configurationFingerprint } from '../incremental/group-cache.js';
import { codeFingerprint } from '../incremental/fingerprints.js';
import { BuildMemory } from '../incremental/memory.js';
import { loadGroups } from '../load/load-groups.js';
import type { ProcessedGroup } from '../load/process-group.js';
import type { PublishOptions } from '../load/publish.js';
import { evaluateGroups } from './render.js';

/** Where the content is and how to load it. */
export interface ContentStateOptions extends PublishOptions {
  cwd: string;
  contentDir: string;
  /** Cache folder for the first load; `false` for none. Default: as `kokuchi build`. */
  cacheDir?: string | false;
  /** Worker threads for the first load; default 1 (none; see defaultWorkerCount). */
  workers?: number;
}

/** What a change did to the incident groups. */
export interface ContentChange {
  /** Group key → the group processed again, or `null` when the group has no file left. */
  groups: Map<string, ProcessedGroup | null>;
  /** Group key → its incident before the change (for the pages to remove when the id changes). */
  previous: Map<string, Incident | undefined>;
  /** True when every group was processed again (site.yaml or services.yaml changed): `groups` then holds all. */
  reset: boolean;
}

/** The current state of the content: what to render, or what is wrong. */
export interface ContentEvaluation {
  /** The published model, when there are no errors. */
  model?: SiteModel;
  diagnostics: Diagnostic[];
}

const RECORD_FILE = /\.(ya?ml|md)$/u;

/** Group key of a record file: the id its name gives, lower-cased (as groupRecordFiles groups them). */
export function recordGroupKey(file: string): string {
  return fileNameId(path.posix.basename(file)).toLowerCase();
}

/**
 * The dev server's copy of the content folder: the bytes of every record file and the processed result
 * of every incident group, so that a change re-reads only the changed files and processes only their
 * groups. site.yaml and services.yaml decide every group: a change to them reloads everything.
 */
export class ContentState {
  private configuration: ContentConfiguration | undefined;
  private fingerprint = '';
  private configurationDiagnostics: Diagnostic[] = [];
  private readonly readDiagnostics = new Map<string, Diagnostic>();
  /** Group key → record path → file. */
  private readonly files = new Map<string, Map<string, RawSource>>();
  /** Group key → processed result (Markdown HTML dropped: the background renderer keeps it). */
  private readonly results = new Map<string, GroupResult>();
  private readonly display: (absolute: string) => string;
  /** Group keys in order, until a group comes or goes. */
  private sortedKeys: string[] | undefined;
  /** What the session remembers between changes. */
  private readonly memory = BuildMemory.inMemory();

  private constructor(private readonly options: ContentStateOptions) {
    this.display = (absolute) => toDisplayPath(path.relative(options.cwd, absolute) || '.');
  }

  /** Reads and processes the whole content folder (with the build cache and worker threads). */
  static async load(options: ContentStateOptions): Promise<{ state: ContentState; change: ContentChange }> {
    const state = new ContentState(options);
    return { state, change: await state.rescan(true) };
  }

  /** The site's configuration, when site.yaml is usable. */
  get currentConfiguration(): ContentConfiguration | undefined {
    return this.configuration;
  }

  /**
   * Reads the whole folder again. When the configuration is unchanged only the groups whose files
   * changed are processed; otherwise (or when `everything`) every group is, through the cache.
   */
  async rescan(everything = false): Promise<ContentChange> {
    const { contentDir, cwd } = this.options;
    const snapshot = await readContent(contentDir, cwd);
    const collector = new DiagnosticCollector();
    const configuration = loadConfiguration({ ...snapshot, diagnostics: [] }, collector);
    this.configurationDiagnostics = collector.items;
    this.readDiagnostics.clear();
    for (const item of snapshot.diagnostics) this.readDiagnostics.set(item.file, item);
    const fingerprint = configuration ? configurationFingerprint(await codeFingerprint(), configuration) : '';
    const reset = everything || fingerprint !== this.fingerprint;
    this.configuration = configuration;
    this.fingerprint = fingerprint;

    const before = this.files;
    const after = new Map<string, Map<string, RawSource>>();
    for (const record of snapshot.records) {
      const key = recordGroupKey(record.path);
      const group = after.get(key) ?? new Map<string, RawSource>();
      group.set(record.path, record);
      after.set(key, group);
    }
    const keys = new Set([...before.keys(), ...after.keys()]);
    const changedKeys = reset ? [...keys] : [...keys].filter((key) => !sameFiles(before.get(key), after.get(key)));
    this.files.clear();
    for (const [key, group] of after) this.files.set(key, group);
    return this.process(changedKeys, reset);
  }

  /** Takes in changed record files (absolute paths; added, changed or deleted) and processes their groups. */
  async update(absolutePaths: Iterable<string>): Promise<ContentChange> {
    const changedKeys = new Set<string>();
    for (const absolute of absolutePaths) {
      const file = this.display(absolute);
      const key = recordGroupKey(file);
      const group = this.files.get(key) ?? new Map<string, RawSource>();
      const before = group.get(file);
      const { source, warning } = await readRecordFile(absolute, file);
      if (warning) this.readDiagnostics.set(file, warning);
      else this.readDiagnostics.delete(file);
      if (source && before && sameBytes(before, source)) continue;
      if (!source && !before) continue;
      if (source) group.set(file, source);
      else group.delete(file);
      if (group.size > 0) this.files.set(key, group);
      else this.files.delete(key);
      changedKeys.add(key);
    }
    return this.process([...changedKeys], false);
  }

  /** The model to render, or the diagnostics that prevent it. */
  evaluate(): ContentEvaluation {
    const collector = new DiagnosticCollector();
    for (const item of this.configurationDiagnostics) collector.add(item);
    for (const item of this.readDiagnostics.values()) collector.add(item);
    if (!this.configuration) return { diagnostics: sortDiagnostics(collector.items) };
    this.sortedKeys ??= [...this.results.keys()].sort(compareText);
    const keys = this.sortedKeys;
    return evaluateGroups(
      this.configuration,
      keys.map((key) => this.results.get(key)!),
      collector,
      this.options,
    );
  }

  /** The text of a record file as last read, for excerpts; undefined unless it is valid UTF-8 without NUL. */
  recordText(file: string): string | undefined {
    const bytes = this.files.get(recordGroupKey(file))?.get(file)?.bytes;
    return bytes ? excerptText(bytes) : undefined;
  }

  /** True for an absolute path that is a record file (under incidents/, not hidden, a record extension). */
  isRecordPath(absolute: string): boolean {
    const relative = path.relative(path.join(this.options.contentDir, 'incidents'), absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const segments = relative.split(path.sep);
    return RECORD_FILE.test(relative) && segments.every((segment) => !segment.startsWith('.') && !segment.startsWith('_'));
  }

  /** True for site.yaml and services.yaml. */
  isConfigurationPath(absolute: string): boolean {
    return ['site.yaml', 'services.yaml'].some((name) => path.join(this.options.contentDir, name) === absolute);
  }

  private async process(keys: string[], reset: boolean): Promise<ContentChange> {
    const existed = keys.map((key) => this.results.has(key));
    try {
      return await this.processKeys(keys, reset);
    } finally {
      if (reset || keys.some((key, index) => this.results.has(key) !== existed[index])) this.sortedKeys = undefined;
    }
  }

  private async processKeys(keys: string[], reset: boolean): Promise<ContentChange> {
    const change: ContentChange = { groups: new Map(), previous: new Map(), reset };
    for (const key of keys) change.previous.set(key, this.results.get(key)?.incident);
    if (reset) this.results.clear();
    const present = keys.filter((key) => this.files.has(key)).sort(compareText);
    for (const key of keys) {
      if (this.files.has(key)) continue;
      this.results.delete(key);
      change.groups.set(key, null);
    }
    if (!this.configuration) {
      // Without site.yaml nothing can be checked: the groups wait for the configuration.
      for (const key of present) this.results.delete(key);
      return change;
    }
    const groups = present.map((key) => [...this.files.get(key)!.values()].sort((a, b) => compareText(a.path, b.path)));
    const processed = await this.processGroups(groups, reset);
    present.forEach((key, index) => {
      const result = processed[index]!;
      const { html: _html, ...rest } = result;
      this.results.set(key, rest);
      change.groups.set(key, result);
    });
    return change;
  }

  /**
   * Processes groups through the loader `kokuchi build` uses: a full load with the build's memory (the
   * cache folder), a change with the session's memory in this process.
   */
  private async processGroups(groups: RawSource[][], full: boolean): Promise<ProcessedGroup[]> {
    const { cwd, cacheDir, workers } = this.options;
    const memory = full && cacheDir !== false ? BuildMemory.at(cacheDir, this.options.contentDir) : this.memory;
    try {
      const loaded = await loadGroups(groups, this.configuration!, memory, { cwd, ...(workers !== undefined ? { workers } : {}) });
      // Decoded now: the memory is let go of below.
      return loaded.groups.map(({ result: { incident, ...rest }, html }) => ({ ...rest, ...(incident ? { incident: { ...incident } } : {}), html: html() }));
    } finally {
      if (memory !== this.memory) memory.close();
    }
  }
}

/** Reads one record file as readContent does: symbolic links are skipped with a warning, huge files are not read. */
async function readRecordFile(absolute: string, file: string): Promise<{ source?: RawSource; warning?: Diagnostic }> {
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return {};
  if (info.isSymbolicLink()) {
    return { warning: diagnosticOf(file, { line: 1, column: 1 }, 'symlink', undefined) };
  }
  if (!info.isFile()) return {};
  if (info.size > MAX_FILE_BYTES) return { source: { path: file, bytes: new Uint8Array(0), size: info.size } };
  const bytes = await readFile(absolute).catch(() => undefined);
  return bytes ? { source: { path: file, bytes } } : {};
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

function sameBytes(a: RawSource, b: RawSource): boolean {
  return a.size === b.size && Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).equals(b.bytes);
}

function sameFiles(a: Map<string, RawSource> | undefined, b: Map<string, RawSource> | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [file, source] of a) {
    const other = b.get(file);
    if (!other || !sameBytes(source, other)) return false;
  }
  return true;
}
