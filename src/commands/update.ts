import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { EXIT, parseOptions, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase, type Phrase } from '../messages/cli.js';
import { appendRefusalEnglish, type AppendRefusal } from '../messages/cli-commands.js';
import { parseMarkdownSource } from '../content/markdown-source.js';
import type { Language } from '../content/schema.js';
import { DiagnosticCollector } from '../diagnostics.js';
import type { SiteConfig } from '../model.js';
import { getStatus, resolveStatus, suggestStatusName, type StatusDefinition } from '../statuses.js';
import { closestMatches } from '../suggest.js';
import { formatInstant, parseTime } from '../time.js';
import {
  checkEdit,
  findRecordFiles,
  knownIds,
  listRecordFiles,
  PLACEHOLDERS,
  printEditDiagnostics,
  readNow,
  openEditSession,
  runWithContentLock,
  writeEdits,
  type FileEdit,
  timeOptionFailure,
} from './content-edit.js';
import { skeletonTime } from './new.js';

const HELP = `Usage: kokuchi update <ID> --status <status> [options]

Adds an update to an existing incident. For a YAML record it adds one entry to
updates: and leaves every other byte of the file as it was (comments, key order,
quoting); for a Markdown record it adds a "## <time> — <status>" section to each
language's file. Updates go after the last one, or before the first one when
the file lists them newest first. The texts are "TODO:" placeholders in every
language. The whole content is checked first; on a problem nothing is written.

Options:
  --status STATUS   status of the update, e.g. investigating or service-restored (required)
  --at TIME         when it was posted, e.g. "2021-11-26 15:02 JST" (default: now)
  --next TIME       "Next update by" time
  --content DIR     content folder (default: content)

The environment variable KOKUCHI_NOW (e.g. 2026-11-27T01:00:00Z) replaces the
clock, for tests and reproducible runs.
`;

/** The update to add, as it will be written. */
export interface NewUpdate {
  /** Time as written, e.g. `2021-11-26 15:02 JST`. */
  at: string;
  /** Status key. */
  status: string;
  /** "Next update by" as written. */
  nextUpdate?: string;
}

/** Where the update went: after the last update, or before the first when the file is newest first. */
export type InsertPlace = 'start' | 'end';

/** A file's text with the update added. */
export interface AppendResult {
  ok: true;
  text: string;
  place: InsertPlace;
  /** False when the file had to be re-serialized (a flow-style `updates: [...]`): formatting may have changed. */
  preserved: boolean;
}

/** Why an update could not be added: the reason, and its English text. */
export interface AppendFailure {
  ok: false;
  reason: AppendRefusal;
  message: string;
}

const refused = (reason: AppendRefusal): AppendFailure => ({ ok: false, reason, message: appendRefusalEnglish(reason) });

/** Options shared by both forms. */
export interface AppendOptions {
  /** Zone for times without one (the site's primary zone), used to tell the file's order. */
  primaryZone: string;
  /** Languages that get a placeholder, source language first. */
  languages: readonly Language[];
}

/**
 * Adds an update to the `updates:` list of a YAML record. The yaml Document API locates the list and
 * its layout (indentation, blank lines between entries); the new entry is spliced in as text, so
 * every byte outside it is unchanged, and the result is parsed again to prove that only the entry was
 * added. Pure.
 */
export function appendYamlUpdate(text: string, update: NewUpdate, options: AppendOptions): AppendResult | AppendFailure {
  const document = parseDocument(text, { schema: 'core' });
  if (document.errors.length > 0) return refused('syntax');
  const root = document.contents;
  if (!isMap(root)) return refused('not-map');
  const status = getStatus(update.status);
  const entry = updateEntry(update, status, options.languages);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === 'updates');
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    if (pair) return refused('empty-updates');
    const block = `updates:\n${renderEntry(entry, 2, 4, 2)}`.replace(/\n/g, eol);
    const separator = text === '' || text.endsWith('\n') ? '' : eol;
    return { ok: true, text: `${text}${separator}${block}`, place: 'end', preserved: true };
  }
  const list = pair.value;
  if (!isSeq(list)) return refused('not-list');
  const items = list.items as Node[];
  const place: InsertPlace = isNewestFirst(items.map((item) => (isMap(item) ? item.get('at') : undefined)), options.primaryZone) ? 'start' : 'end';
  const spliced = list.flow || items.length === 0 ? undefined : spliceEntry(text, items, place, entry, eol);
  if (spliced && onlyAdded(text, spliced, entry, place)) return { ok: true, text: spliced, place, preserved: true };

  const node = quoteTimes(document.createNode(entry));
  if (place === 'start') (list as YAMLSeq).items.unshift(node);
  else (list as YAMLSeq).items.push(node);
  return { ok: true, text: document.toString({ lineWidth: 0 }), place, preserved: false };
}

/** The entry's keys in the order official notices print them. */
function updateEntry(update: NewUpdate, status: StatusDefinition, languages: readonly Language[]): Record<string, unknown> {
  const placeholder = status.phase === 'resolved' ? PLACEHOLDERS.final : PLACEHOLDERS.current;
  return {
    at: update.at,
    status: status.key,
    [status.phase === 'resolved' ? 'final_status' : 'current_status']: Object.fromEntries(languages.map((language) => [language, placeholder[language]])),
    ...(update.nextUpdate !== undefined ? { next_update: update.nextUpdate } : {}),
  };
}

/** Double-quotes the times of a new entry, as docs/format.md recommends (`at: "2021-12-03 10:00 JST"`). */
function quoteTimes<T>(node: T): T {
  if (isMap(node)) {
    for (const item of node.items) if (isScalar(item.key) && (item.key.value === 'at' || item.key.value === 'next_update') && isScalar(item.value)) item.value.type = 'QUOTE_DOUBLE';
  }
  return node;
}

/** Renders one list entry: `- ` at `dashIndent`, keys at `contentIndent`, nested maps indented by `step`. */
function renderEntry(entry: Record<string, unknown>, dashIndent: number, contentIndent: number, step: number): string {
  const rendered = new Document(entry);
  quoteTimes(rendered.contents);
  const lines = rendered.toString({ indent: step, lineWidth: 0 }).trimEnd().split('\n');
  const first = `${' '.repeat(dashIndent)}-${' '.repeat(Math.max(1, contentIndent - dashIndent - 1))}`;
  return lines.map((line, index) => (index === 0 ? first : line === '' ? '' : ' '.repeat(contentIndent)) + line).join('\n') + '\n';
}

function spliceEntry(text: string, items: readonly Node[], place: InsertPlace, entry: Record<string, unknown>, eol: string): string | undefined {
  const anchor = place === 'start' ? items[0] : items[items.length - 1];
  const range = anchor?.range;
  if (!anchor || !isMap(anchor) || anchor.flow || !range) return undefined;
  const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1;
  const dash = /^( *)-( +)$/u.exec(text.slice(lineStart, range[0]));
  if (!dash) return undefined;
  const dashIndent = dash[1]!.length;
  const contentIndent = range[0] - lineStart;
  const step = nestedIndent(text, items, contentIndent);
  const block = renderEntry(entry, dashIndent, contentIndent, step).replace(/\n/g, eol);
  // Blank lines between entries follow the file: the second entry tells; with one entry, one blank line reads best.
  const spaced = items.length < 2 ? true : Boolean((place === 'start' ? items[1] : items[items.length - 1])?.spaceBefore);
  if (place === 'start') return text.slice(0, lineStart) + block + (spaced ? eol : '') + text.slice(lineStart);
  let offset = range[1];
  if (text[offset - 1] !== '\n') {
    const next = text.indexOf('\n', offset);
    offset = next === -1 ? text.length : next + 1;
  }
  const before = text.slice(0, offset);
  const newline = before.endsWith('\n') ? '' : eol;
  return before + newline + (spaced ? eol : '') + block + text.slice(offset);
}

/** Indentation step of block maps nested in the entries, newest entry first (2 when there are none). */
function nestedIndent(text: string, items: readonly Node[], contentIndent: number): number {
  for (const entry of [...items].reverse()) {
    if (!isMap(entry)) continue;
    for (const item of (entry as YAMLMap).items) {
      const value = item.value;
      if (isMap(value) && !value.flow && value.range) {
        const start = value.range[0];
        const column = start - (text.lastIndexOf('\n', start - 1) + 1);
        if (column > contentIndent) return column - contentIndent;
      }
    }
  }
  return 2;
}

/** True when the new text holds the old entries unchanged plus exactly the new one at `place`. */
function onlyAdded(before: string, after: string, entry: Record<string, unknown>, place: InsertPlace): boolean {
  const parsed = parseDocument(after, { schema: 'core' });
  if (parsed.errors.length > 0) return false;
  const oldValue = parseDocument(before, { schema: 'core' }).toJS() as Record<string, unknown>;
  const newValue = parsed.toJS() as Record<string, unknown>;
  const oldUpdates = oldValue.updates as unknown[];
  const newUpdates = newValue.updates as unknown[] | undefined;
  if (!Array.isArray(newUpdates) || newUpdates.length !== oldUpdates.length + 1) return false;
  const added = place === 'start' ? newUpdates[0] : newUpdates[newUpdates.length - 1];
  const kept = place === 'start' ? newUpdates.slice(1) : newUpdates.slice(0, -1);
  return JSON.stringify(added) === JSON.stringify(entry) && JSON.stringify({ ...newValue, updates: kept }) === JSON.stringify(oldValue);
}

/** True when the times, in file order, go strictly from newest to oldest (two or more, all readable). */
function isNewestFirst(times: readonly unknown[], primaryZone: string): boolean {
  if (times.length < 2) return false;
  const instants: number[] = [];
  for (const time of times) {
    if (typeof time !== 'string') return false;
    const parsed = parseTime(time, { primaryZone });
    if (!parsed.ok) return false;
    instants.push(parsed.instant.epochMs);
  }
  return instants.every((value, index) => index === 0 || value < instants[index - 1]!);
}

/** The Markdown section of an update: its heading line and body. */
export interface MarkdownUpdate {
  /** Heading without the `## `, e.g. `2021-11-26 15:02 JST — Investigating`. */
  heading: string;
  body: string;
}

/**
 * Adds a `## <time> — <status>` section to one language's Markdown file: at the end, or before the
 * first update heading when the file lists updates newest first. Every other byte is kept. Pure.
 */
export function appendMarkdownUpdate(text: string, update: MarkdownUpdate, options: { primaryZone: string }): { text: string; place: InsertPlace } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const section = (`## ${update.heading}\n\n${update.body.trim()}\n`).replace(/\n/g, eol);
  const normalized = text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  const parsed = parseMarkdownSource(normalized, 'record.md', new DiagnosticCollector());
  const headings = parsed?.updates ?? [];
  if (isNewestFirst(headings.map((heading) => heading.time.text), options.primaryZone)) {
    const offset = offsetOfLine(text, headings[0]!.position.line);
    return { text: text.slice(0, offset) + section + eol + text.slice(offset), place: 'start' };
  }
  const base = text.endsWith('\n') ? text : text + eol;
  const gap = base.endsWith(`${eol}${eol}`) || base.trim() === '' ? '' : eol;
  return { text: base + gap + section, place: 'end' };
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** The body of a new Markdown update: the placeholder, and the "next update by" sentence when given. */
export function markdownUpdateBody(status: StatusDefinition, language: Language, nextUpdate: number | undefined, config: SiteConfig): string {
  const placeholder = (status.phase === 'resolved' ? PLACEHOLDERS.final : PLACEHOLDERS.current)[language];
  if (nextUpdate === undefined) return placeholder;
  const when = formatInstant(nextUpdate, language, config.zones[language]);
  return `${placeholder}\n\n${language === 'ja' ? `次回の更新は ${when}までにお知らせします。` : `We'll provide another update by ${when}.`}`;
}

/** `kokuchi update`: adds an update to an existing incident after checking the result. */
export async function runUpdate(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    status: { type: 'string' },
    at: { type: 'string' },
    next: { type: 'string' },
    content: { type: 'string', default: 'content' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  const [id, ...extra] = positionals;
  if (id === undefined) usageError(phrase('update-no-id'));
  if (extra.length > 0) usageError(phrase('unexpected-argument', extra[0]!));
  if (values.status === undefined) usageError(phrase('option-required', '--status', 'investigating'));
  const now = readNow(environment);
  if (!now.ok) usageError(now.refusal);

  return runWithContentLock(values.content, environment, () => addUpdate(id, { ...values, status: values.status as string }, now.epochMs, environment));
}

async function addUpdate(id: string, values: { status: string; at?: string | undefined; next?: string | undefined; content: string }, nowMs: number, environment: CliEnvironment): Promise<number> {
  const session = await openEditSession('update', values.content, environment);
  if (typeof session === 'number') return session;
  const { snapshot, config, fail } = session;
  const primaryZone = config.zones[config.defaultLanguage].primary;

  const records = listRecordFiles(snapshot, config.defaultLanguage);
  const files = findRecordFiles(records, id);
  if (files.length === 0) {
    const suggestion = closestMatches(id, knownIds(records))[0];
    return fail(phrase('update-unknown-id', id, suggestion), phrase('update-unknown-id-hint', id));
  }
  const unreadable = files.find((file) => file.notUtf8);
  if (unreadable) return fail(phrase('update-not-utf8', unreadable.source.path), phrase('update-not-utf8-hint'));
  const status = resolveStatus(values.status);
  if (!status) {
    const suggestion = suggestStatusName(values.status);
    return fail(phrase('unknown-status', values.status, suggestion), phrase('statuses-hint'));
  }
  const atText = values.at === undefined || values.at.trim().toLowerCase() === 'now' ? skeletonTime(nowMs, config) : values.at.trim();
  const at = parseTime(atText, { primaryZone });
  if (!at.ok) return fail(...timeOptionFailure('--at', atText, at));
  let next: number | undefined;
  if (values.next !== undefined) {
    const parsed = parseTime(values.next.trim(), { primaryZone });
    if (!parsed.ok) return fail(...timeOptionFailure('--next', values.next, parsed));
    next = parsed.instant.epochMs;
  }

  const edits: FileEdit[] = [];
  let reserialized = false;
  const yamlFiles = files.filter((file) => file.format === 'yaml');
  if (yamlFiles.length > 0) {
    const file = yamlFiles[0]!;
    const result = appendYamlUpdate(
      file.text,
      { at: atText, status: status.key, ...(values.next !== undefined ? { nextUpdate: values.next.trim() } : {}) },
      { primaryZone, languages: orderLanguages(file.sourceLang ?? config.sourceLanguage, config.languages) },
    );
    if (!result.ok) return fail(phrase('update-cannot-add', file.source.path, result.reason));
    reserialized = !result.preserved;
    edits.push({ path: file.source.path, text: result.text });
  } else {
    for (const file of files) {
      const language = file.lang ?? config.defaultLanguage;
      const result = appendMarkdownUpdate(
        file.text,
        { heading: `${atText} — ${status.labels[language]}`, body: markdownUpdateBody(status, language, next, config) },
        { primaryZone },
      );
      edits.push({ path: file.source.path, text: result.text });
    }
  }

  const check = checkEdit(snapshot, edits);
  if (check.errors.length > 0) {
    environment.stderr.write(`${sayIn(environment, phrase('update-invalid'))}\n`);
    printEditDiagnostics(check.errors, edits, environment, environment.cwd);
    return EXIT.content;
  }
  const failed = await writeEdits(edits, environment, 'replace');
  if (failed !== undefined) return failed;
  if (reserialized) environment.stderr.write(`${sayIn(environment, phrase('update-reserialized'))}\n`);
  for (const note of followUpNotes(check.result.model?.incidents.find((incident) => incident.id.toLowerCase() === id.toLowerCase()), at.instant.epochMs, status)) {
    environment.stderr.write(`${sayIn(environment, phrase('note-label'))} ${sayIn(environment, note)}\n`);
  }
  environment.stderr.write(`${sayIn(environment, phrase('update-next'))}\n`);
  return EXIT.ok;
}

/** Reminders when the new update is the newest but the record's own keys say otherwise. */
export function followUpNotes(
  incident: { status: string; ongoing: boolean; updates: readonly { at: { epochMs: number } }[] } | undefined,
  at: number,
  status: StatusDefinition,
): Phrase[] {
  if (!incident || incident.updates[0]?.at.epochMs !== at) return [];
  const notes: Phrase[] = [];
  if (incident.status !== status.key) notes.push(phrase('update-note-status', incident.status, status.key));
  if (status.phase === 'resolved' && incident.ongoing) notes.push(phrase('update-note-end', status.key));
  return notes;
}

function orderLanguages(first: Language, languages: readonly Language[]): Language[] {
  return [first, ...languages.filter((language) => language !== first)];
}
