/**
 * What every import source's reader yields: records with the service names the source uses, and a
 * function that turns a record into record data once its service key is known. The plan
 * (src/import/plan.ts) maps services, merges and checks the same way for every source.
 * @module
 */
import { ID_PATTERN, MAX_ID_LENGTH } from '../content/schema.js';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import type { SourceName } from '../messages/import-sources.js';
import { positionIn, type JsonFile } from './json-fields.js';
import { describeJsonKind, parseJsonWithOffsets, type JsonNode } from './json-source.js';
import type { ImportedIncident, ImportedUpdate } from './m365.js';

/** An imported update with the status the source gives it, when it gives one. */
export type SourceUpdate = ImportedUpdate & { status?: string };

/** Record data with the instant of the source's last change (epoch ms), which merge-record compares. */
export type SourceIncident = Omit<ImportedIncident, 'updates'> & { updates: SourceUpdate[]; modified?: number };

/** One incident as a reader yields it, before its service is mapped. */
export interface SourceRecord {
  /** Record id (with the id prefix). */
  id: string;
  /** Where the incident's object starts. */
  position: Position;
  /** Service names as the source writes them (components, products); the first is the record's service. */
  services: { name: string; position: Position }[];
  /** The record data, given the catalog key of its service. */
  incident(serviceKey: string): SourceIncident;
}

/** A decoded input file. */
export interface SourceText {
  path: string;
  text: string;
}

/** What readers get besides the file. */
export interface ReaderOptions {
  diagnostics: DiagnosticCollector;
  /** `--id-prefix`, when given. */
  idPrefix?: string;
}

/** Reads one file into records; undefined (with diagnostics) when the file cannot be used. */
export type SourceReader = (source: SourceText, options: ReaderOptions) => SourceRecord[] | undefined;

/** What a reader read of one incident, for {@link sourceIncident}; instants in epoch ms. */
export interface IncidentFacts {
  id: string;
  service: string;
  classification: SourceIncident['classification'];
  title: string;
  start: number;
  end: number | undefined;
  status: string;
  updates: SourceUpdate[];
  modified: number | undefined;
}

/** Record data from a reader's facts: the title trimmed, the end never before the start, one bare update at the start when the source has none. */
export function sourceIncident(facts: IncidentFacts): SourceIncident {
  const { id, service, classification, title, start, end, status, updates, modified } = facts;
  return {
    id,
    service,
    classification,
    title: title.trim(),
    start,
    ...(end !== undefined ? { end: Math.max(end, start) } : {}),
    status,
    updates: updates.length > 0 ? updates : [{ at: start, text: {}, times: {}, status }],
    ...(modified !== undefined ? { modified } : {}),
  };
}

/** Checks that an id made from a prefix and the source's id is a usable record id. */
export function checkRecordId(id: string, file: { path: string; diagnostics: DiagnosticCollector }, position: Position): boolean {
  if (ID_PATTERN.test(id) && id.length <= MAX_ID_LENGTH) return true;
  file.diagnostics.report(file.path, position, 'import-source-id', id);
  return false;
}

/**
 * The common frame of the JSON readers: parses the file, finds its incident objects (`find`), reads
 * each (`read`), and refuses ids that appear twice. Undefined (with diagnostics) on any problem.
 */
export function readJsonRecords(
  source: SourceText,
  options: ReaderOptions,
  sourceName: SourceName,
  find: (root: JsonNode) => JsonNode[] | undefined,
  read: (node: JsonNode, file: JsonFile) => SourceRecord | undefined,
): SourceRecord[] | undefined {
  const file: JsonFile = { path: source.path, text: source.text, diagnostics: options.diagnostics };
  const parsed = parseJsonWithOffsets(source.text);
  if (!parsed.ok) {
    options.diagnostics.report(file.path, positionIn(file, parsed.offset), 'import-json-syntax', { kind: 'syntax', detail: parsed.message, ...(parsed.hint ? { hint: parsed.hint } : {}) });
    return undefined;
  }
  const nodes = find(parsed.root);
  if (!nodes) {
    options.diagnostics.report(file.path, positionIn(file, parsed.root.start), 'import-source-shape', sourceName, describeJsonKind(parsed.root));
    return undefined;
  }
  const records: SourceRecord[] = [];
  const seen = new Map<string, Position>();
  let ok = true;
  for (const node of nodes) {
    const record = read(node, file);
    if (!record) {
      ok = false;
      continue;
    }
    const earlier = seen.get(record.id.toLowerCase());
    if (earlier) {
      options.diagnostics.report(file.path, record.position, 'import-source-duplicate', record.id, earlier.line);
      ok = false;
      continue;
    }
    seen.set(record.id.toLowerCase(), record.position);
    records.push(record);
  }
  return ok ? records : undefined;
}
