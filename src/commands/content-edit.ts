/**
 * What the writer commands (`new`, `update`) share: reading the site settings even when some records
 * are broken, finding the files of an incident id, validating an edit on a snapshot before anything is
 * written, and printing diagnostics of files that exist only in memory.
 */
import { readFileSync } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { EXIT, sayIn, type CliEnvironment } from './options.js';
import { phrase, type Phrase } from '../messages/cli.js';
import { messageOf } from '../messages/index.js';
import type { TimeRule } from '../time.js';
import { buildSiteModel, loadConfiguration, readContent, toDisplayPath, type ContentSnapshot, type LoadResult } from '../content/load.js';
import { LANGUAGES, type Language } from '../content/schema.js';
import type { RawSource } from '../content/source.js';
import { compareText, diagnosticOf, DiagnosticCollector, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Service, SiteConfig } from '../model.js';
import { formatReport } from '../report.js';
import { parseTime } from '../time.js';
import { CONTENT_LOCK, withContentLock, writeWriterFiles } from './writer-files.js';

/** The site configuration and service catalog, or the diagnostics that make them unusable. */
export interface SiteSettings {
  /** content/site.yaml with defaults applied. */
  config?: SiteConfig;
  /** content/services.yaml. */
  services?: Map<string, Service>;
  /** Problems with either file; any error here is a configuration error (exit code 2). */
  diagnostics: Diagnostic[];
}

/** Reads site.yaml and services.yaml of a snapshot without looking at records, so that one broken record does not stop a writer command. */
export function readSiteSettings(snapshot: ContentSnapshot): SiteSettings {
  const diagnostics = new DiagnosticCollector();
  const configuration = loadConfiguration({ ...snapshot, diagnostics: [] }, diagnostics);
  return {
    ...(configuration ? { config: configuration.config } : {}),
    ...(configuration?.services ? { services: configuration.services } : {}),
    diagnostics: sortDiagnostics(diagnostics.items),
  };
}

/** What a writer command works on: the content as read, its settings, and how to refuse with a message. */
export interface EditSession {
  snapshot: ContentSnapshot;
  config: SiteConfig;
  services: Map<string, Service>;
  /** Prints `kokuchi <command>: message` (and a hint) and returns the content-error exit code. */
  fail(message: string | Phrase, hint?: string | Phrase): number;
}

/** Reads the content folder for a writer command; an exit code when its site.yaml or services.yaml is unusable (printed). */
export async function openEditSession(command: string, contentOption: string, environment: CliEnvironment): Promise<EditSession | number> {
  const snapshot = await readContent(path.resolve(environment.cwd, contentOption), environment.cwd);
  const settings = readSiteSettings(snapshot);
  if (!settings.config || !settings.services || settings.diagnostics.some((item) => item.severity === 'error')) {
    printEditDiagnostics(settings.diagnostics, [], environment, environment.cwd);
    return EXIT.usage;
  }
  return {
    snapshot,
    config: settings.config,
    services: settings.services,
    fail(message, hint) {
      const said = (text: string | Phrase) => (typeof text === 'string' ? text : sayIn(environment, text));
      environment.stderr.write(`kokuchi ${command}: ${said(message)}\n${hint ? `    ${sayIn(environment, phrase('hint-label'))} ${said(hint)}\n` : ''}`);
      return EXIT.content;
    },
  };
}

/** One record file and the incident id it belongs to, read the way the loader reads it. */
export interface RecordFile {
  source: RawSource;
  /** Decoded text (BOM and line endings kept, so that edits preserve every byte). */
  text: string;
  /** Id from the `id` key, else from the file name. */
  id: string;
  format: 'yaml' | 'markdown';
  /** Markdown only: the file's language. */
  lang?: Language;
  /** `source_lang` when the file sets it. */
  sourceLang?: Language;
  /** True when the bytes are not valid UTF-8 (`text` then has replacement characters and must not be written back). */
  notUtf8?: boolean;
}

const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

function decode(bytes: Uint8Array): { text: string; notUtf8?: true } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: lenientUtf8.decode(bytes), notUtf8: true };
  }
}

/** Lists every record file with its id. Tolerant: a file with syntax errors still gets the id from its name. */
export function listRecordFiles(snapshot: ContentSnapshot, defaultLanguage: Language): RecordFile[] {
  return snapshot.records.map((source): RecordFile => {
    const decoded = decode(source.bytes);
    const { text } = decoded;
    const encoding = decoded.notUtf8 ? { notUtf8: true } : {};
    const base = path.posix.basename(source.path);
    if (/\.ya?ml$/u.test(base)) {
      const data = quietYaml(text);
      const id = typeof data?.id === 'string' ? data.id : base.replace(/\.ya?ml$/u, '');
      return { source, text, id, format: 'yaml', ...languageKey(data), ...encoding };
    }
    const match = /^(.*?)(?:\.([A-Za-z-]+))?\.md$/u.exec(base);
    let fileId = match?.[1] ?? base;
    let nameLanguage = match?.[2];
    if (nameLanguage && !(LANGUAGES as readonly string[]).includes(nameLanguage)) {
      fileId = `${fileId}.${nameLanguage}`;
      nameLanguage = undefined;
    }
    const open = /^\uFEFF?---[ \t]*\r?\n/u.exec(text);
    const rest = open ? text.slice(open[0].length) : '';
    const close = open ? /^(?:---|\.\.\.)[ \t]*\r?$/mu.exec(rest) : null;
    const data = close ? quietYaml(rest.slice(0, close.index)) : undefined;
    const lang = (nameLanguage ?? (typeof data?.lang === 'string' && (LANGUAGES as readonly string[]).includes(data.lang) ? data.lang : defaultLanguage)) as Language;
    return { source, text, id: typeof data?.id === 'string' ? data.id : fileId, format: 'markdown', lang, ...languageKey(data), ...encoding };
  });
}

function languageKey(data: Record<string, unknown> | undefined): { sourceLang?: Language } {
  const value = data?.source_lang;
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) ? { sourceLang: value as Language } : {};
}

function quietYaml(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseDocument(text, { schema: 'core' }).toJS({ maxAliasCount: 100 });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The files of one incident; ids are compared ignoring case, as the loader does. */
export function findRecordFiles(files: readonly RecordFile[], id: string): RecordFile[] {
  const key = id.toLowerCase();
  return files.filter((file) => file.id.toLowerCase() === key);
}

/** Every distinct id, in code-point order (for "did you mean" suggestions). */
export function knownIds(files: readonly RecordFile[]): string[] {
  return [...new Set(files.map((file) => file.id))].sort(compareText);
}

/** A file's new text: `path` is the display path the loader would use (an existing record, or a new one). */
export interface FileEdit {
  path: string;
  text: string;
}

/** The outcome of validating an edit on a snapshot. */
export interface EditCheck {
  /** Errors that block the edit: any error in an edited file, and errors elsewhere that the edit introduces. */
  errors: Diagnostic[];
  /** Warnings in the edited files (informative; they do not block). */
  warnings: Diagnostic[];
  /** The load result with the edit applied. */
  result: LoadResult;
}

const encoder = new TextEncoder();

/** Applies edits to a copy of the snapshot and loads it. Pure: nothing is written. */
export function checkEdit(snapshot: ContentSnapshot, edits: readonly FileEdit[]): EditCheck {
  const edited = new Set(edits.map((edit) => edit.path));
  const records = snapshot.records.filter((record) => !edited.has(record.path));
  for (const edit of edits) records.push({ path: edit.path, bytes: encoder.encode(edit.text) });
  records.sort((a, b) => compareText(a.path, b.path));
  const before = new Set(buildSiteModel(snapshot).diagnostics.filter((item) => item.severity === 'error').map(diagnosticKey));
  const result = buildSiteModel({ ...snapshot, records });
  const errors = result.diagnostics.filter((item) => item.severity === 'error' && (edited.has(item.file) || !before.has(diagnosticKey(item))));
  const warnings = result.diagnostics.filter((item) => item.severity === 'warning' && edited.has(item.file));
  return { errors, warnings, result };
}

function diagnosticKey(item: Diagnostic): string {
  return `${item.file}\0${item.line}\0${item.column}\0${item.rule}\0${item.message}`;
}

/** The content folder's path as the loader shows it (relative to the working directory, `/` separators). */
export function displayPath(absolute: string, cwd: string): string {
  return toDisplayPath(path.relative(cwd, absolute) || '.');
}

/**
 * The current time for writer commands: `KOKUCHI_NOW` when set (any time kokuchi accepts, e.g.
 * `2026-11-27T01:00:00Z`; for tests and reproducible runs), else the system clock.
 * Returns the refusal (a phrase) for an unreadable `KOKUCHI_NOW`.
 */
export function readNow(environment: CliEnvironment): { ok: true; epochMs: number } | { ok: false; refusal: Phrase } {
  const fixed = environment.env.KOKUCHI_NOW;
  if (fixed === undefined || fixed === '') return { ok: true, epochMs: Date.now() };
  const parsed = parseTime(fixed, { primaryZone: 'UTC' });
  if (!parsed.ok) {
    const english = { message: parsed.message, ...(parsed.hint === undefined ? {} : { hint: parsed.hint }) };
    return { ok: false, refusal: phrase('bad-kokuchi-now', fixed, english, messageOf(parsed.rule, 'ja', { ...english, ...(parsed.ja ? { ja: parsed.ja } : {}) })) };
  }
  return { ok: true, epochMs: parsed.instant.epochMs };
}

/** Prints diagnostics in the human format, quoting source lines from the edited text where a file was edited (it is not on disk yet). */
export function printEditDiagnostics(diagnostics: readonly Diagnostic[], edits: readonly FileEdit[], environment: CliEnvironment, cwd: string): void {
  if (diagnostics.length === 0) return;
  const pending = new Map(edits.map((edit) => [edit.path, edit.text]));
  const text = formatReport(diagnostics, 'human', {
    color: Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR,
    language: environment.language ?? 'en',
    readSource: (file) => pending.get(file) ?? readQuietly(path.resolve(cwd, file)),
  });
  environment.stderr.write(text);
}

/** Absolute path of a display path (relative to the working directory). */
export function absolutePath(display: string, cwd: string): string {
  return path.resolve(cwd, ...display.split('/'));
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export { isPlaceholder, PLACEHOLDER_MARK } from '../content/placeholder.js';
import { PLACEHOLDER_MARK } from '../content/placeholder.js';

/** Placeholder texts, per kind and language. */
export const PLACEHOLDERS = {
  title: { en: `${PLACEHOLDER_MARK} headline of the incident`, ja: `${PLACEHOLDER_MARK} 障害の見出し` },
  current: { en: `${PLACEHOLDER_MARK} what is happening and what is being done`, ja: `${PLACEHOLDER_MARK} 現在の状況と対応` },
  final: { en: `${PLACEHOLDER_MARK} how the incident ended and what was affected`, ja: `${PLACEHOLDER_MARK} 終息の状況と影響の範囲` },
} as const satisfies Record<string, Record<Language, string>>;

/**
 * Runs a writer command's work holding the content folder's lock (`content/.kokuchi-lock`): a second
 * writer command waits for the first to finish, then reads the content as the first left it, so no
 * update is lost; one still waiting after `KOKUCHI_LOCK_WAIT` milliseconds (default 30 s) gives up with
 * `content-busy` and writes nothing.
 */
export async function runWithContentLock(contentOption: string, environment: CliEnvironment, body: () => Promise<number>): Promise<number> {
  const contentDir = path.resolve(environment.cwd, contentOption);
  const wait = Number(environment.env.KOKUCHI_LOCK_WAIT);
  return withContentLock(
    contentDir,
    body,
    (holder) => {
      printEditDiagnostics([diagnosticOf(displayPath(path.join(contentDir, CONTENT_LOCK), environment.cwd), { line: 1, column: 1 }, 'content-busy', undefined, { pid: holder.pid, folder: displayPath(contentDir, environment.cwd) })], [], environment, environment.cwd);
      return EXIT.content;
    },
    Number.isFinite(wait) && wait >= 0 && environment.env.KOKUCHI_LOCK_WAIT !== '' ? wait : undefined,
  );
}

/**
 * Writes checked edits through writer-files.ts: every new text is flushed beside its file before any
 * file changes, then each replaces its file with one rename (new files are created only where no file
 * has the name). Prints each path written; on a file-system error (a full disk, no permission) prints
 * `content-write` and returns the exit code, every file left as it was.
 */
export async function writeEdits(edits: readonly FileEdit[], environment: CliEnvironment, mode: 'create' | 'replace'): Promise<number | undefined> {
  const files = edits.map((edit) => ({ file: absolutePath(edit.path, environment.cwd), text: edit.text, path: edit.path }));
  try {
    if (mode === 'create') for (const file of files) await mkdir(path.dirname(file.file), { recursive: true });
    await writeWriterFiles(files, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    const names = files.map((file) => file.path).join(', ');
    printEditDiagnostics([diagnosticOf(files[0]?.path ?? '', { line: 1, column: 1 }, 'content-write', undefined, { file: names, code })], [], environment, environment.cwd);
    return code === 'EEXIST' ? EXIT.content : EXIT.usage;
  }
  for (const file of files) environment.stdout.write(`${file.path}\n`);
  return undefined;
}

/** The nearest folder of `folder` (itself or a parent) that exists, so that it can be checked before anything is created in it. */
export async function nearestExisting(folder: string): Promise<string> {
  let current = folder;
  while (!(await lstat(current).catch(() => undefined))) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** A failed time option (`--start`, `--at`, `--next`) as the message and hint phrases `fail` says, in English and Japanese as the catalogue words them. */
export function timeOptionFailure(option: string, value: string, failed: { rule: TimeRule; message: string; hint?: string; ja?: { message: string; hint?: string } }): [Phrase, Phrase | undefined] {
  const ja = messageOf(failed.rule, 'ja', { message: failed.message, ...(failed.hint === undefined ? {} : { hint: failed.hint }), ...(failed.ja ? { ja: failed.ja } : {}) } as never);
  return [phrase('bad-time-option', option, value, failed.message, ja.message), failed.hint === undefined ? undefined : phrase('text', failed.hint, ja.hint ?? failed.hint)];
}
