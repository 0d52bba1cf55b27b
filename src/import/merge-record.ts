/**
 * Writes an imported incident into its YAML record: a new file on the first import, a merge on every
 * later one. The merge edits the existing document through the yaml Document API, so the writer's
 * comments, key order, blank lines, anchors and every field the import does not own (Japanese text,
 * summary, tags, …) survive; it never deletes anything. Pure: no I/O.
 * @module
 */
import { Document, isAlias, isDocument, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Language } from '../content/schema.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import { resolveStatus } from '../statuses.js';
import { formatInputTime, isoInstant, parseTime } from '../time.js';
import { deriveUpdateStatuses, type ImportedIncident, type ImportedUpdate } from './m365.js';
import { POST_TEXT_KEYS, POST_TIME_KEYS, type PostTextKey, type PostTimeKey } from './post-html.js';
import { TRANSLATED_FROM_KEY, translatedFromValue } from './translation-outdated.js';
import type { ImportNote, NoteWhere } from '../messages/cli-import-notes.js';

/** What a merge needs besides the two records. */
export interface MergeOptions {
  /** Path of the record as shown to the user. */
  file: string;
  /** The site's primary zone, for times the writer wrote in the official local style. */
  primaryZone: string;
  /** The site's default source language, for records without `source_lang`. */
  sourceLanguage: Language;
  /** Receives problems with the existing file (its YAML syntax). */
  diagnostics: DiagnosticCollector;
  /** The comment at the top of a new record, naming its source (default: the Microsoft 365 one). */
  header?: string;
}

/** The record text to write and what changed. */
export interface MergeResult {
  /** The new file text (the existing text, byte for byte, when nothing changed). */
  text: string;
  /** One line per change, e.g. `updated EX300267 update 2021-11-26T06:02:00Z current_status.en`. */
  notes: ImportNote[];
  /** False when the file would stay as it is. */
  changed: boolean;
  /** True when there was no file before. */
  created: boolean;
}

/** Key order of a new record; keys added to an existing record go to the same relative place. */
export const RECORD_KEY_ORDER = [
  'id', 'service', 'classification', 'source_lang', 'title', 'impact', 'start', 'end', 'status', 'source_modified', 'published', 'author', 'tags', 'links', 'draft',
  'summary', 'root_cause', 'next_steps', 'updates',
] as const;

/** Key order of a new update, as official posts print their labels. */
export const UPDATE_KEY_ORDER = [
  'at', 'status', 'title', 'impact', 'more_info', 'current_status', 'final_status', 'scope', 'start', 'end', 'root_cause', 'next_steps', 'next_update', 'body',
] as const;

const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

const HEADER = ` Imported from Microsoft 365 service health with "kokuchi import m365".
 The official English text sits under "en:"; add Japanese next to it under "ja:".
 Importing again keeps what you add and updates only the official text.`;

/** A time as written into records: `2021-11-25 12:33 UTC`. */
export function formatRecordTime(epochMs: number): string {
  return formatInputTime(epochMs, 'UTC');
}

/**
 * Creates the record text (no existing file) or merges the import into the existing text.
 *
 * Posts match existing updates by instant (after parsing both), or, failing that, by the same UTC
 * minute when exactly one update is in it (hand-written records give minutes only). Matched updates
 * keep every field the writer added; official English fields that differ are replaced and noted.
 * New posts are inserted in time order. Undefined (with diagnostics) when the existing text is not
 * a YAML map.
 *
 * Never backwards: the record remembers the source's last modification (`source_modified`); an
 * import whose `modified` is not after it changes nothing. When the official text of a translated
 * field changes, `translated_from` records what the translation was made from (see
 * translation-outdated.ts), so that `check` keeps warning until the translation is confirmed.
 */
export function mergeIncidentRecord(existingText: string | undefined, imported: ImportedIncident, options: MergeOptions): MergeResult | undefined {
  if (existingText === undefined) return createRecord(imported, options);
  return mergeRecord(existingText, imported, options);
}

function createRecord(imported: ImportedIncident, options: MergeOptions): MergeResult {
  const statuses = deriveUpdateStatuses(imported.updates, imported.status, () => undefined);
  const record: Record<string, unknown> = {
    id: imported.id,
    service: imported.service,
    classification: imported.classification,
    source_lang: 'en',
    title: { en: imported.title },
    ...(imported.impact ? { impact: { en: blockText(imported.impact) } } : {}),
    start: formatRecordTime(imported.start),
    ...(imported.end !== undefined ? { end: formatRecordTime(imported.end) } : {}),
    status: imported.status,
    ...(imported.modified !== undefined ? { source_modified: formatRecordTime(imported.modified) } : {}),
    updates: imported.updates.map((update, index) => updateObject(update, statuses[index]!)),
  };
  const document = new Document(record);
  document.commentBefore = options.header ?? HEADER;
  const updates = document.get('updates', true) as YAMLSeq;
  updates.items.forEach((item, index) => {
    if (index > 0) (item as Node).spaceBefore = true;
  });
  return {
    text: document.toString(STRINGIFY),
    notes: [{ kind: 'created', file: options.file, id: imported.id, updates: imported.updates.length }],
    changed: true,
    created: true,
  };
}

function updateObject(update: ImportedUpdate, status: string): Record<string, unknown> {
  const object: Record<string, unknown> = { at: formatRecordTime(update.at), status };
  for (const key of UPDATE_KEY_ORDER.slice(2)) {
    if (isTimeKey(key)) {
      const time = update.times[key];
      if (time !== undefined) object[key] = formatRecordTime(time);
    } else {
      const text = update.text[key as PostTextKey];
      if (text !== undefined) object[key] = { en: blockText(text) };
    }
  }
  return object;
}

/** One change to the existing document, applied once every change is known (see applyEdits). */
interface Edit {
  /** The map that holds (or will hold) the key. */
  map: YAMLMap;
  key: string;
  order: readonly string[];
  /** Equal for edits that would write the same value, so a node shared through an alias is changed once. */
  signature: string;
  /** Returns the slot's new node: `current` changed in place when possible, or a new node. */
  change: (current: Node | undefined) => Node;
}

function mergeRecord(text: string, imported: ImportedIncident, options: MergeOptions): MergeResult | undefined {
  const { file, diagnostics } = options;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      diagnostics.report(file, at(error.pos[0]), 'yaml-syntax', { kind: 'import-record', detail: error.message.split('\n')[0] ?? error.message });
    }
    return undefined;
  }
  const root = document.contents;
  if (!isMap(root)) {
    diagnostics.report(file, { line: 1, column: 1 }, 'import-existing-record', { kind: 'not-a-map', file, id: imported.id });
    return undefined;
  }
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  const recordLanguage = (stringAt(root, 'source_lang', resolve) as Language | undefined) ?? options.sourceLanguage;
  const parseWritten = (value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = parseTime(value, { primaryZone: options.primaryZone });
    return parsed.ok ? parsed.instant.epochMs : undefined;
  };

  const notes: ImportNote[] = [];
  const edits: Edit[] = [];
  const id = imported.id;

  const writtenModified = stringAt(root, 'source_modified', resolve);
  const recordedModified = parseWritten(writtenModified);
  if (imported.modified !== undefined && recordedModified !== undefined && imported.modified <= recordedModified) {
    const note: ImportNote = { kind: 'not-newer', id, file, imported: isoInstant(imported.modified), recorded: isoInstant(recordedModified), same: imported.modified === recordedModified };
    return { text, notes: [note], changed: false, created: false };
  }

  const scalarEdit = (map: YAMLMap, key: string, order: readonly string[], value: string): Edit => ({
    map,
    key,
    order,
    signature: `scalar:${value}`,
    change: (current) => {
      if (isScalar(current)) {
        current.value = value;
        return current;
      }
      return document.createNode(value) as Node;
    },
  });
  const mergeText = (map: YAMLMap, key: string, order: readonly string[], value: string, where: NoteWhere) => {
    const current = resolve(map.get(key, true));
    const writtenEnglish = isMap(current) ? scalarText(resolve(current.get('en', true))) : isScalar(current) && recordLanguage === 'en' ? scalarText(current) : undefined;
    if (writtenEnglish !== undefined && writtenEnglish.trim() === value.trim()) return;
    const translated = isMap(current) ? current.items.some((item) => isPair(item) && isScalar(item.key) && item.key.value !== 'en' && scalarText(resolve(item.value))?.trim()) : isScalar(current) && recordLanguage !== 'en';
    // Remember what the translation was made from, once: an older mark already names an even older text.
    let mark: string | undefined;
    if (isMap(current) && writtenEnglish !== undefined && !current.has(TRANSLATED_FROM_KEY)) {
      const translation = current.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value !== 'en' && item.key.value !== TRANSLATED_FROM_KEY && scalarText(resolve(item.value))?.trim());
      const translationText = translation ? scalarText(resolve((translation as Pair).value)) : undefined;
      if (translationText !== undefined) mark = translatedFromValue(writtenEnglish, translationText);
    }
    edits.push({ map, key, order, signature: `text:${value.trim()}\0${mark ?? ''}`, change: localizedChange(document, value, recordLanguage, mark) });
    notes.push({ kind: 'text', added: current === undefined, where, key, translated: Boolean(translated) });
  };
  const mergeTime = (map: YAMLMap, key: string, order: readonly string[], epochMs: number, where: NoteWhere) => {
    const written = stringAt(map, key, resolve);
    if (written !== undefined && parseWritten(written) === epochMs) return;
    edits.push(scalarEdit(map, key, order, formatRecordTime(epochMs)));
    notes.push({ kind: 'time', where, key, ...(written === undefined ? {} : { from: written }), to: isoInstant(epochMs) });
  };
  const mergeStatus = (map: YAMLMap, key: string, order: readonly string[], status: string, where: NoteWhere) => {
    const written = stringAt(map, key, resolve);
    if (written !== undefined && resolveStatus(written)?.key === status) return;
    edits.push(scalarEdit(map, key, order, status));
    notes.push({ kind: 'status', where, key, ...(written === undefined ? {} : { from: written }), to: status });
  };

  // The record itself. `service` is only filled in: a key the writer chose stays.
  const writtenService = stringAt(root, 'service', resolve);
  if (writtenService === undefined) {
    edits.push(scalarEdit(root, 'service', RECORD_KEY_ORDER, imported.service));
    notes.push({ kind: 'service-added', id });
  } else if (writtenService !== imported.service) {
    notes.push({ kind: 'service-kept', id, written: writtenService, imported: imported.service });
  }
  if (stringAt(root, 'classification', resolve) !== imported.classification) {
    const written = stringAt(root, 'classification', resolve);
    // incident is the default: an absent key needs writing only for advisories.
    if (written !== undefined || imported.classification !== 'incident') {
      edits.push(scalarEdit(root, 'classification', RECORD_KEY_ORDER, imported.classification));
      notes.push({ kind: 'classification', id, ...(written === undefined ? {} : { from: written }), to: imported.classification });
    }
  }
  mergeText(root, 'title', RECORD_KEY_ORDER, imported.title, { id });
  if (imported.impact) mergeText(root, 'impact', RECORD_KEY_ORDER, imported.impact, { id });
  mergeTime(root, 'start', RECORD_KEY_ORDER, imported.start, { id });
  if (imported.end !== undefined) mergeTime(root, 'end', RECORD_KEY_ORDER, imported.end, { id });
  mergeStatus(root, 'status', RECORD_KEY_ORDER, imported.status, { id });
  if (imported.modified !== undefined) mergeTime(root, 'source_modified', RECORD_KEY_ORDER, imported.modified, { id });

  // The updates.
  let sequence = resolve(root.get('updates', true));
  if (sequence === undefined || sequence === null) {
    sequence = document.createNode([]);
    insertPair(document, root, 'updates', sequence as Node, RECORD_KEY_ORDER);
  }
  if (!isSeq(sequence)) {
    diagnostics.report(file, { line: 1, column: 1 }, 'import-existing-record', { kind: 'updates-not-a-list', file });
    return undefined;
  }
  const existing = sequence.items.map((item) => {
    const map = resolve(item);
    if (!isMap(map)) return { map: undefined, at: undefined, status: undefined };
    return { map, at: parseWritten(stringAt(map, 'at', resolve)), status: stringAt(map, 'status', resolve) };
  });
  const matches = matchUpdates(imported.updates, existing.map((entry) => entry.at));
  const statuses = deriveUpdateStatuses(imported.updates, imported.status, (index) => {
    const match = matches[index];
    const written = match === undefined ? undefined : existing[match]!.status;
    return written === undefined ? undefined : resolveStatus(written)?.key;
  });

  const additions: { update: ImportedUpdate; status: string }[] = [];
  imported.updates.forEach((update, index) => {
    const match = matches[index];
    const status = statuses[index]!;
    if (match === undefined) {
      additions.push({ update, status });
      return;
    }
    const map = existing[match]!.map!;
    const where: NoteWhere = { id, update: isoInstant(update.at) };
    if (index === imported.updates.length - 1) mergeStatus(map, 'status', UPDATE_KEY_ORDER, status, where);
    for (const key of POST_TEXT_KEYS) {
      const value = update.text[key];
      if (value !== undefined) mergeText(map, key, UPDATE_KEY_ORDER, value, where);
    }
    for (const key of POST_TIME_KEYS) {
      const value = update.times[key];
      if (value !== undefined) mergeTime(map, key, UPDATE_KEY_ORDER, value, where);
    }
  });

  applyEdits(document, edits);
  const timeOf = new Map<unknown, number>();
  for (const [index, item] of sequence.items.entries()) {
    const time = existing[index]?.at;
    if (time !== undefined) timeOf.set(item, time);
  }
  for (const { update, status } of additions) {
    const node = document.createNode(updateObject(update, status)) as Node;
    insertUpdate(sequence, timeOf, node, update.at);
    timeOf.set(node, update.at);
    notes.push({ kind: 'update-added', id, at: isoInstant(update.at), status });
  }

  if (edits.length === 0 && additions.length === 0) return { text, notes: [{ kind: 'unchanged', id, file }], changed: false, created: false };
  const result = document.toString(STRINGIFY);
  return { text: result, notes, changed: result !== text, created: false };
}

/**
 * For each imported update (oldest first), the index of the existing update it matches: the same
 * instant, else the only not yet matched update in the same UTC minute.
 */
function matchUpdates(updates: readonly ImportedUpdate[], existingTimes: readonly (number | undefined)[]): (number | undefined)[] {
  const used = new Set<number>();
  const matches: (number | undefined)[] = updates.map((update) => {
    const index = existingTimes.findIndex((time, candidate) => time === update.at && !used.has(candidate));
    if (index === -1) return undefined;
    used.add(index);
    return index;
  });
  const minute = (epochMs: number) => Math.floor(epochMs / 60_000);
  updates.forEach((update, position) => {
    if (matches[position] !== undefined) return;
    const candidates = existingTimes.flatMap((time, index) => (time !== undefined && !used.has(index) && minute(time) === minute(update.at) ? [index] : []));
    if (candidates.length === 1) {
      matches[position] = candidates[0];
      used.add(candidates[0]!);
    }
  });
  return matches;
}

/**
 * Applies the edits. A node shared through YAML anchors and aliases (`impact: *impact`) is changed in
 * place when every place that uses it gets the same change; otherwise the edited place gets its
 * own copy and the anchor moves to the next place that still uses the old value.
 */
function applyEdits(document: Document, edits: readonly Edit[]): void {
  const bySlot = new Map<Pair, Edit>();
  for (const edit of edits) {
    const pair = findPair(edit.map, edit.key);
    if (pair) bySlot.set(pair, edit);
  }
  const done = new Set<Edit>();
  for (const edit of edits) {
    if (done.has(edit)) continue;
    done.add(edit);
    const pair = findPair(edit.map, edit.key);
    if (!pair) {
      insertPair(document, edit.map, edit.key, edit.change(undefined), edit.order);
      continue;
    }
    const slot = pair.value as Node | null;
    const target = slot && isAlias(slot) ? (slot.resolve(document) as Node | undefined) : slot;
    if (!target) {
      pair.value = edit.change(undefined);
      continue;
    }
    const users = usersOf(document, target);
    if (users.length <= 1) {
      pair.value = edit.change(target);
      continue;
    }
    const userEdits = users.map((user) => (user.pair ? bySlot.get(user.pair) : undefined));
    if (userEdits.every((other) => other !== undefined && other.signature === edit.signature)) {
      const changed = edit.change(target);
      if (changed !== target) {
        changed.anchor = target.anchor;
        users.find((user) => !user.alias)?.replace(changed);
      }
      for (const other of userEdits) done.add(other!);
      continue;
    }
    if (!isAlias(slot)) users.find((user) => user.alias)?.replace(target);
    pair.value = edit.change(privateCopy(target));
  }
}

interface NodeUser {
  /** The pair whose value is the node or an alias of it (absent for sequence items). */
  pair?: Pair;
  /** True for an alias, false for the anchored node itself. */
  alias: boolean;
  /** Puts another node in this place. */
  replace: (node: Node) => void;
}

/** The places that use `target`: where it stands, and every alias of it, in document order. */
function usersOf(document: Document, target: Node): NodeUser[] {
  if (!target.anchor) return [{ alias: false, replace: () => undefined }];
  const users: NodeUser[] = [];
  visit(document, {
    Node(key, node, path) {
      const isAliasOfTarget = isAlias(node) && node.source === target.anchor && node.resolve(document) === target;
      if (node !== target && !isAliasOfTarget) return;
      const parent = path[path.length - 1];
      users.push({
        ...(isPair(parent) && key === 'value' ? { pair: parent } : {}),
        alias: isAliasOfTarget,
        replace: (replacement) => {
          if (isPair(parent)) parent.value = replacement;
          else if (isSeq(parent) && typeof key === 'number') parent.items[key] = replacement;
          else if (isDocument(parent)) parent.contents = replacement;
        },
      });
    },
  });
  return users;
}

/** A deep copy without anchors, for a place that stops sharing a node. */
function privateCopy(node: Node): Node {
  const copy = node.clone() as Node;
  visit(copy, {
    Node(_key, inner) {
      if (!isAlias(inner)) inner.anchor = undefined;
    },
  });
  copy.anchor = undefined;
  return copy;
}

/** Changes the English text of a localized value: a `{en: …}` map (adding `mark` as its `translated_from`), or a plain string in the record's language. */
function localizedChange(document: Document, value: string, recordLanguage: Language, mark?: string): (current: Node | undefined) => Node {
  const text = blockText(value);
  return (current) => {
    if (isMap(current)) {
      const english = current.get('en', true);
      if (isScalar(english)) setScalarText(english, text);
      else if (english === undefined) current.items.unshift(document.createPair('en', text) as Pair);
      else current.set('en', text);
      if (mark !== undefined && !current.has(TRANSLATED_FROM_KEY)) current.items.push(document.createPair(TRANSLATED_FROM_KEY, mark) as Pair);
      return current;
    }
    if (isScalar(current) && recordLanguage === 'en') {
      setScalarText(current, text);
      return current;
    }
    if (isScalar(current) && typeof current.value === 'string' && current.value.trim()) {
      return document.createNode({ [recordLanguage]: current.value, en: text }) as Node;
    }
    return document.createNode({ en: text }) as Node;
  };
}

/** Sets a scalar's text, keeping its quoting unless the new text needs a block (or no longer does). */
function setScalarText(scalar: Scalar, text: string): void {
  scalar.value = text;
  if (text.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  else if (scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED) scalar.type = Scalar.PLAIN;
}

/** Inserts a new update in time order (the file's own order, ascending or descending). */
function insertUpdate(sequence: YAMLSeq, timeOf: ReadonlyMap<unknown, number>, node: Node, epochMs: number): void {
  const known = sequence.items.flatMap((item) => (timeOf.has(item) ? [timeOf.get(item)!] : []));
  const descending = known.length >= 2 && known[0]! > known[known.length - 1]!;
  let index = sequence.items.findIndex((item) => {
    const time = timeOf.get(item);
    return time !== undefined && (descending ? time < epochMs : time > epochMs);
  });
  if (index === -1) index = sequence.items.length;
  const spaced = sequence.items.some((item, position) => position > 0 && (item as Node).spaceBefore);
  if (spaced) {
    if (index > 0) node.spaceBefore = true;
    else if (sequence.items[0]) (sequence.items[0] as Node).spaceBefore = true;
  }
  sequence.items.splice(index, 0, node);
}

/** Adds `key` to a map after the keys that come before it in `order` (at the end when none does). */
function insertPair(document: Document, map: YAMLMap, key: string, value: Node, order: readonly string[]): void {
  const pair = document.createPair(key, value) as Pair;
  const rank = order.indexOf(key);
  const rankOf = (item: unknown) => (isPair(item) && isScalar(item.key) ? order.indexOf(String(item.key.value)) : -1);
  let index = -1;
  map.items.forEach((item, position) => {
    const other = rankOf(item);
    if (rank >= 0 && other >= 0 && other < rank) index = position + 1;
  });
  if (index === -1) {
    const later = map.items.findIndex((item) => rank >= 0 && rankOf(item) > rank);
    index = later === -1 ? map.items.length : later;
  }
  map.items.splice(index, 0, pair);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
}

function stringAt(map: YAMLMap, key: string, resolve: (node: unknown) => unknown): string | undefined {
  return scalarText(resolve(map.get(key, true)));
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Multi-line text gets a final line break, so that it is written as a `|` block like hand-written records. */
function blockText(text: string): string {
  return text.includes('\n') ? `${text.trimEnd()}\n` : text;
}

function isTimeKey(key: string): key is PostTimeKey {
  return (POST_TIME_KEYS as readonly string[]).includes(key);
}
