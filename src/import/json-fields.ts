/**
 * Reads the fields of one object of a saved JSON file (Statuspage, Google Cloud) with the position of
 * each, reporting a missing field, a wrong type or a time without a zone through the catalogue.
 * Pure: no I/O.
 * @module
 */
import { positionOfOffset } from '../content/source.js';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { parseTime, type Instant } from '../time.js';
import { describeJsonKind, jsonMember, type JsonNode } from './json-source.js';

/** An object node of a parsed JSON file. */
export type JsonObject = Extract<JsonNode, { kind: 'object' }>;

/** The file a reader reads: its path, text and collector. */
export interface JsonFile {
  path: string;
  text: string;
  diagnostics: DiagnosticCollector;
}

/** The position of an offset of a file. */
export function positionIn(file: JsonFile, offset: number): Position {
  return positionOfOffset(file.text, offset);
}

/** ISO 8601 with a date, a time and an offset or Z: the only times the services write. */
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/iu;

/** Reads the fields of one object; `ok` turns false at the first problem reported. */
export class JsonFields {
  ok = true;

  constructor(
    readonly object: JsonObject,
    /** How messages name the object, e.g. `incident n4njzfn1mqy0`. */
    public subject: string,
    readonly file: JsonFile,
  ) {}

  /** Where the member's value is (the object's start when absent). */
  position(key: string): Position {
    const entry = jsonMember(this.object, key);
    return positionIn(this.file, entry ? entry.value.start : this.object.start);
  }

  /** The member's node when it has the expected kind; absent and `null` count as missing. */
  node(key: string, kind: JsonNode['kind'], optional = false): JsonNode | undefined {
    const entry = jsonMember(this.object, key);
    if (!entry || entry.value.kind === 'null') {
      if (!optional) this.fail(key, 'import-source-field');
      return undefined;
    }
    if (entry.value.kind !== kind) {
      this.ok = false;
      this.file.diagnostics.report(this.file.path, this.position(key), 'import-source-type', this.subject, key, kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`, describeJsonKind(entry.value));
      return undefined;
    }
    return entry.value;
  }

  /** A string member (an empty one counts as missing unless optional). */
  string(key: string, optional = false): string | undefined {
    const node = this.node(key, 'string', optional);
    if (node?.kind !== 'string') return undefined;
    if (node.value.trim() === '') {
      if (!optional) this.fail(key, 'import-source-field');
      return undefined;
    }
    return node.value;
  }

  /** A string or number member as text (Google writes `number` as a string, some mirrors as a number). */
  text(key: string, optional = false): string | undefined {
    const entry = jsonMember(this.object, key);
    if (entry?.value.kind === 'number') return String(entry.value.value);
    return this.string(key, optional);
  }

  /** An exact instant from ISO 8601 with an offset; a time without a zone is refused, never guessed. */
  time(key: string, optional = false): Instant | undefined {
    const text = this.string(key, optional);
    if (text === undefined) return undefined;
    const parsed = ZONED_ISO.test(text.trim()) ? parseTime(text, { primaryZone: 'UTC' }) : undefined;
    if (parsed?.ok) return parsed.instant;
    this.ok = false;
    this.file.diagnostics.report(this.file.path, this.position(key), 'import-source-time', this.subject, key, text);
    return undefined;
  }

  /** The items of an array member (empty when optional and absent). */
  array(key: string, optional = false): JsonNode[] | undefined {
    const node = this.node(key, 'array', optional);
    if (node?.kind === 'array') return node.items;
    const entry = jsonMember(this.object, key);
    return optional && (!entry || entry.value.kind === 'null') ? [] : undefined;
  }

  /** The objects of a required array member, each read as `noun` of this object (`an update` → `an update of incident …`); any other item is reported. */
  objects(key: string, noun: string): Iterable<JsonFields> | undefined {
    const items = this.array(key);
    if (!items) return undefined;
    // Lazy, so that each item's problems are reported in the order of the file.
    const read = function* (this: JsonFields): Generator<JsonFields> {
      for (const item of items) {
        if (item.kind === 'object') {
          yield new JsonFields(item, `${noun} of ${this.subject}`, this.file);
          continue;
        }
        this.file.diagnostics.report(this.file.path, positionIn(this.file, item.start), 'import-source-type', this.subject, key, 'a list of objects', describeJsonKind(item));
        this.ok = false;
      }
    };
    return read.call(this);
  }

  /** The names in an optional array of objects (`title` of each product, `name` of each component), each where it stands; items that are not objects are passed over. */
  names(key: string, noun: string, nameKey: string): { name: string; position: Position }[] {
    return (this.array(key, true) ?? []).flatMap((item) => {
      if (item.kind !== 'object') return [];
      const named = new JsonFields(item, `${noun} of ${this.subject}`, this.file);
      const name = named.string(nameKey);
      if (!named.ok) this.ok = false;
      return name === undefined ? [] : [{ name, position: named.position(nameKey) }];
    });
  }

  private fail(key: string, rule: 'import-source-field'): void {
    this.ok = false;
    this.file.diagnostics.report(this.file.path, this.position(key), rule, this.subject, key);
  }
}

/** Starts reading one incident of a list: its fields, named by its `id` once that is read; undefined (reported) when the item is not an object. */
export function readIncidentFields(node: JsonNode, file: JsonFile): { fields: JsonFields; sourceId: string | undefined } | undefined {
  if (node.kind !== 'object') {
    file.diagnostics.report(file.path, positionIn(file, node.start), 'import-source-type', 'the list', 'incidents', 'an object', describeJsonKind(node));
    return undefined;
  }
  const fields = new JsonFields(node, 'the incident', file);
  const sourceId = fields.text('id');
  if (sourceId !== undefined) fields.subject = `incident ${sourceId}`;
  return { fields, sourceId };
}
