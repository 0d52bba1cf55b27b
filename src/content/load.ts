import { lstatSync, type Stats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareText, DiagnosticCollector, diagnosticOf, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Incident, RecordSource } from '../model.js';
import { assembleIncident, checkId, type RecordInput } from './assemble.js';
import { finishSiteModel, type ContentConfiguration, type GroupResult, type LoadResult } from './join.js';
import { findHeavyMarkdown } from './markdown-limits.js';
import { findDeepMarkdown, MAX_MARKDOWN_NESTING, parseMarkdownSource, type HeadingUpdate } from './markdown-source.js';
import { frontMatterSchema, LANGUAGES, MAX_UPDATES, yamlRecordSchema, type Language } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';
import { parseServices, parseSiteConfig } from './site-config.js';
import { decodeSource, MAX_FILE_BYTES, type RawSource } from './source.js';
import { parseYamlSource, type Locator } from './yaml-source.js';
import { reportOutdatedTranslations } from '../import/translation-outdated.js';

/** The content folder as read from disk: raw bytes only, so that everything after this is pure. */
export interface ContentSnapshot {
  /** The content folder as shown to the user, e.g. `content`. */
  root: string;
  /** content/site.yaml, when present. */
  site?: RawSource;
  /** content/services.yaml, when present. */
  services?: RawSource;
  /** Record files under content/incidents/, in path order. */
  records: RawSource[];
  /** Problems met while reading (symlinks skipped, unreadable files). */
  diagnostics: Diagnostic[];
}

export type { ContentConfiguration, GroupResult, LoadResult } from './join.js';
export { finishSiteModel } from './join.js';

const RECORD_FILE = /\.(ya?ml|md)$/u;

/** Reads the content folder: site.yaml, services.yaml and every record under incidents/. Symlinks are never followed. */
export async function readContent(
  contentDir: string,
  cwd: string,
  options: {
    /** Told every record file's stamp; a digest returned means the file is unchanged and is not read (see RawSource.unread). */
    unchanged?: (absolute: string, stamp: Stats) => string | undefined;
  } = {},
): Promise<ContentSnapshot> {
  const relative = (absolute: string) => toDisplayPath(path.relative(cwd, absolute) || '.');
  // Records lie under the content folder: their display path is the folder's and the rest of theirs.
  const folder = path.resolve(cwd, contentDir) + path.sep;
  const folderDisplay = relative(folder);
  const display = (absolute: string) => (absolute.startsWith(folder) && !absolute.includes(`${path.sep}..`) ? `${folderDisplay === '.' ? '' : `${folderDisplay}/`}${toDisplayPath(absolute.slice(folder.length))}` : relative(absolute));
  const snapshot: ContentSnapshot = { root: display(contentDir), records: [], diagnostics: [] };
  const readOne = async (absolute: string, record = false): Promise<RawSource | undefined> => {
    // A synchronous stamp: most files of a rebuild are only stamped, and a thread-pool round trip per
    // file would cost more than the call itself.
    let info: Stats;
    try {
      info = lstatSync(absolute);
    } catch {
      return undefined;
    }
    if (info.isSymbolicLink()) {
      snapshot.diagnostics.push(symlinkWarning(display(absolute)));
      return undefined;
    }
    if (!info.isFile()) return undefined;
    if (info.size > MAX_FILE_BYTES) return { path: display(absolute), bytes: new Uint8Array(0), size: info.size };
    const digest = record ? options.unchanged?.(absolute, info) : undefined;
    if (digest !== undefined) return { path: display(absolute), bytes: new Uint8Array(0), digest, unread: true };
    return { path: display(absolute), bytes: await readFile(absolute) };
  };
  const site = await readOne(path.join(contentDir, 'site.yaml'));
  const services = await readOne(path.join(contentDir, 'services.yaml'));
  if (site) snapshot.site = site;
  if (services) snapshot.services = services;

  // Walk first (directory entries carry their type), then read every record with bounded concurrency:
  // one file at a time costs a thread-pool round trip per call and dominated large sites' reads.
  const found: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => compareText(a.name, b.name));
    const subdirectories: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const absolute = path.join(directory, entry.name);
      if (entry.isSymbolicLink()) snapshot.diagnostics.push(symlinkWarning(display(absolute)));
      else if (entry.isDirectory()) subdirectories.push(absolute);
      else if (entry.isFile() && RECORD_FILE.test(entry.name)) found.push(absolute);
    }
    await Promise.all(subdirectories.map(walk));
  };
  const incidents = path.join(contentDir, 'incidents');
  if ((await lstat(incidents).catch(() => undefined))?.isSymbolicLink()) snapshot.diagnostics.push(symlinkWarning(display(incidents)));
  else await walk(incidents);
  const sources: (RawSource | undefined)[] = new Array(found.length);
  let next = 0;
  const lane = async () => {
    while (next < found.length) {
      const index = next;
      next += 1;
      sources[index] = await readOne(found[index]!, true);
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, found.length) }, lane));
  for (const source of sources) if (source) snapshot.records.push(source);
  snapshot.records.sort((a, b) => compareText(a.path, b.path));
  return snapshot;
}

/** Reads and validates the content folder into a site model. */
export async function loadContent(contentDir: string, cwd: string): Promise<LoadResult> {
  return buildSiteModel(await readContent(contentDir, cwd));
}

/** Decodes, parses, validates and merges every file of a snapshot into the site model. Pure: no I/O. */
export function buildSiteModel(snapshot: ContentSnapshot): LoadResult {
  const diagnostics = new DiagnosticCollector();
  const configuration = loadConfiguration(snapshot, diagnostics);
  if (!configuration) return { diagnostics: sortDiagnostics(diagnostics.items), configurationError: true };
  const results = groupRecordFiles(snapshot.records).map((group) => ({ name: groupName(group), result: loadIncidentGroup(group, configuration) }));
  return finishSiteModel(configuration, diagnostics.items, results);
}

/** Reads site.yaml and services.yaml (and carries the snapshot's read problems); undefined when site.yaml is unusable. */
export function loadConfiguration(snapshot: ContentSnapshot, diagnostics: DiagnosticCollector): ContentConfiguration | undefined {
  for (const item of snapshot.diagnostics) diagnostics.add(item);
  const siteFile = `${snapshot.root}/site.yaml`;
  if (!snapshot.site) {
    diagnostics.report(siteFile, { line: 1, column: 1 }, 'missing-config', { file: siteFile, which: 'site' });
    return undefined;
  }
  const siteText = decodeSource(snapshot.site, diagnostics);
  const config = siteText && parseSiteConfig(siteText, diagnostics);
  const servicesText = snapshot.services ? decodeSource(snapshot.services, diagnostics) : undefined;
  if (!snapshot.services) {
    const file = `${snapshot.root}/services.yaml`;
    diagnostics.report(file, { line: 1, column: 1 }, 'missing-config', { file, which: 'services' });
  }
  const services = servicesText && parseServices(servicesText, diagnostics);
  if (!config) return undefined;
  return { config, services: services ?? undefined };
}

/**
 * Groups record files by the id their names give (`EX1.yaml`, `EX1.ja.md`, `EX1.en.md` → `ex1`), in path order.
 * Each group can be loaded on its own, so groups are the unit of parallel work and of caching.
 */
export function groupRecordFiles(records: readonly RawSource[]): RawSource[][] {
  const groups = new Map<string, RawSource[]>();
  for (const record of records) {
    const key = recordGroupName(record.path);
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return [...groups.keys()].sort(compareText).map((key) => groups.get(key)!);
}

/** Parses, validates and merges the files of one group into an incident. Pure. */
export function loadIncidentGroup(group: readonly RawSource[], configuration: ContentConfiguration): GroupResult {
  const diagnostics = new DiagnosticCollector();
  const { config, services } = configuration;
  const inputs: RecordInput[] = [];
  for (const raw of group) {
    const input = parseRecordFile(raw, config.defaultLanguage, diagnostics);
    if (input) inputs.push(input);
  }
  const ids = inputs.map((input) => ({ id: input.id, file: input.source.path, ...input.idPosition }));
  let incident: Incident | undefined;
  if (inputs.length > 0 && checkDuplicates(inputs, diagnostics)) {
    incident = assembleIncident(inputs, { config, services, diagnostics });
  }
  return { ...(incident && !diagnostics.hasErrors ? { incident } : {}), diagnostics: diagnostics.items, ids };
}

/** The name of the group a record file belongs to: the id its name gives, lower-cased (groups are in the order of their names). */
export function recordGroupName(file: string): string {
  return fileNameId(path.posix.basename(file)).toLowerCase();
}

/** The name of a group of record files (see groupRecordFiles). */
export function groupName(group: readonly RawSource[]): string {
  return recordGroupName(group[0]!.path);
}

/** The id a record file's name gives: `EX1.yaml` → EX1, `EX1.ja.md` → EX1, `EX1.md` → EX1. */
export function fileNameId(base: string): string {
  if (/\.ya?ml$/u.test(base)) return base.replace(/\.ya?ml$/u, '');
  const match = /^(.*?)(?:\.(ja|en))?\.md$/u.exec(base);
  return match ? match[1]! : base;
}

/** Parses one record file into its contribution; undefined when it cannot be used. */
function parseRecordFile(raw: RawSource, defaultLanguage: Language, diagnostics: DiagnosticCollector): RecordInput | undefined {
  const source = decodeSource(raw, diagnostics);
  if (!source) return undefined;
  const base = path.posix.basename(source.path);
  const start = { line: 1, column: 1 };
  if (/\.ya?ml$/u.test(base)) {
    const parsed = parseYamlSource(source.text, source.path, diagnostics);
    if (!parsed) return undefined;
    if (!checkRecordSize(parsed.value, parsed.locate, [], { file: source.path, fileId: base.replace(/\.ya?ml$/u, '') }, diagnostics)) return undefined;
    const result = yamlRecordSchema.safeParse(parsed.value);
    if (!result.success) {
      reportSchemaIssues(result.error.issues, { file: source.path, value: parsed.value, locate: parsed.locate, schema: yamlRecordSchema, diagnostics });
      return undefined;
    }
    const fileId = base.replace(/\.ya?ml$/u, '');
    reportOutdatedTranslations(result.data, parsed.locate, source.path, result.data.source_lang ?? 'en', diagnostics);
    return finishInput({ path: source.path, format: 'yaml' }, result.data, parsed.locate, fileId, [], undefined, diagnostics);
  }

  const nameMatch = /^(.*?)(?:\.([A-Za-z-]+))?\.md$/u.exec(base)!;
  let fileId = nameMatch[1]!;
  let nameLanguage = nameMatch[2];
  if (nameLanguage && !(LANGUAGES as readonly string[]).includes(nameLanguage)) {
    if (/^[a-z]{2}(-[A-Za-z]+)?$/u.test(nameLanguage)) {
      diagnostics.report(source.path, start, 'unknown-language', { kind: 'file-name', language: nameLanguage, languages: LANGUAGES, id: fileId });
      return undefined;
    }
    fileId = `${fileId}.${nameLanguage}`;
    nameLanguage = undefined;
  }
  const markdown = parseMarkdownSource(source.text, source.path, diagnostics);
  if (!markdown) return undefined;
  if (!checkRecordSize(markdown.frontMatter, markdown.locate, markdown.updates, { file: source.path, fileId }, diagnostics)) return undefined;
  const result = frontMatterSchema.safeParse(markdown.frontMatter ?? {});
  if (!result.success) {
    reportSchemaIssues(result.error.issues, { file: source.path, value: markdown.frontMatter, locate: markdown.locate, schema: frontMatterSchema, diagnostics });
    return undefined;
  }
  const data = result.data;
  if (nameLanguage && data.lang && data.lang !== nameLanguage) {
    diagnostics.report(source.path, markdown.locate(['lang']), 'conflicting-value', { kind: 'lang', lang: data.lang, nameLanguage });
    return undefined;
  }
  if (data.id !== undefined && data.id.toLowerCase() !== fileId.toLowerCase()) {
    diagnostics.report(source.path, markdown.locate(['id']), 'bad-id', { kind: 'file-name', id: data.id, fileId, rename: `${data.id}${nameLanguage ? `.${nameLanguage}` : ''}.md` });
    return undefined;
  }
  const lang = (nameLanguage as Language | undefined) ?? data.lang ?? defaultLanguage;
  return finishInput({ path: source.path, format: 'markdown', lang }, data, markdown.locate, fileId, markdown.updates, markdown.summary, diagnostics);
}

function finishInput(
  source: RecordSource,
  data: RecordInput['data'],
  locate: RecordInput['locate'],
  fileId: string,
  headingUpdates: RecordInput['headingUpdates'],
  summary: RecordInput['summary'],
  diagnostics: DiagnosticCollector,
): RecordInput | undefined {
  const id = data.id ?? fileId;
  const idPosition = data.id !== undefined ? locate(['id']) : { line: 1, column: 1 };
  if (!checkId(id, { file: source.path, position: idPosition }, diagnostics)) return undefined;
  return { source, data, locate, id, idPosition, headingUpdates, ...(summary ? { summary } : {}) };
}

/**
 * Refuses, before any per-update work, a file with more than MAX_UPDATES updates (one error instead of
 * one per update), and text values whose Markdown nests too deeply to render safely. True when usable.
 */
function checkRecordSize(
  value: unknown,
  locate: Locator,
  headingUpdates: readonly HeadingUpdate[],
  { file, fileId }: { file: string; fileId: string },
  diagnostics: DiagnosticCollector,
): boolean {
  const record = value !== null && typeof value === 'object' ? (value as { id?: unknown; updates?: unknown }) : {};
  const listed = Array.isArray(record.updates) ? record.updates.length : 0;
  const count = listed + headingUpdates.length;
  if (count > MAX_UPDATES) {
    const position = listed > 0 ? locate(['updates'], 'key') : headingUpdates[MAX_UPDATES]!.position;
    const id = typeof record.id === 'string' ? record.id : fileId;
    diagnostics.report(file, position, 'too-many-updates', { id, count, limit: MAX_UPDATES });
    return false;
  }
  let usable = true;
  const seen = new Set<object>();
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (typeof node === 'string') {
      if (findDeepMarkdown(node) !== undefined) {
        diagnostics.report(file, locate(path), 'markdown-too-deep', MAX_MARKDOWN_NESTING);
        usable = false;
        return;
      }
      const heavy = findHeavyMarkdown(node);
      if (heavy === undefined) return;
      diagnostics.report(file, locate(path), 'markdown-too-complex', heavy.marks);
      usable = false;
    } else if (node !== null && typeof node === 'object' && !seen.has(node)) {
      seen.add(node);
      for (const [key, item] of Object.entries(node)) visit(item, [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  visit(value, []);
  return usable;
}

/** An id may be one YAML file, or Markdown files with one file per language; anything else is a duplicate. */
function checkDuplicates(inputs: readonly RecordInput[], diagnostics: DiagnosticCollector): boolean {
  if (inputs.length === 1) return true;
  const first = inputs[0]!;
  let ok = true;
  const seenLanguages = new Map<string, RecordInput>();
  for (const input of inputs) {
    const clash =
      input === first
        ? undefined
        : input.source.format === 'yaml' || first.source.format === 'yaml' || input.id !== first.id
          ? first
          : seenLanguages.get(input.source.lang ?? '');
    if (input.source.format === 'markdown') seenLanguages.set(input.source.lang ?? '', seenLanguages.get(input.source.lang ?? '') ?? input);
    if (clash && clash !== input) {
      diagnostics.report(input.source.path, input.idPosition, 'duplicate-id', {
        id: input.id,
        other: `${clash.source.path}:${clash.idPosition.line}:${clash.idPosition.column}`,
        markdownPair: input.source.format === 'markdown' && clash.source.format === 'markdown' && input.id === clash.id,
      });
      ok = false;
    }
  }
  return ok;
}

function symlinkWarning(file: string): Diagnostic {
  return diagnosticOf(file, { line: 1, column: 1 }, 'symlink', undefined);
}

/** Path with `/` separators whatever the platform. */
export function toDisplayPath(value: string): string {
  return value.split(path.sep).join('/');
}
