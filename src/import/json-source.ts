/**
 * A small JSON parser that keeps the character offset of every value and key, so that a problem in a
 * saved Microsoft Graph response can be reported at its line and column. JSON.parse gives no positions
 * for most errors and none at all for values. Pure: no I/O.
 * @module
 */

/** A parsed JSON value with the offsets of its text (`start` inclusive, `end` exclusive, in UTF-16 units). */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: JsonEntry[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number };

/** One `"key": value` member of an object. */
export interface JsonEntry {
  /** The decoded key. */
  key: string;
  /** Offset of the key's opening quote. */
  keyStart: number;
  /** The member's value. */
  value: JsonNode;
}

/** A parsed document, or the first syntax error with its offset. */
export type JsonParseResult =
  | { ok: true; root: JsonNode }
  | { ok: false; offset: number; message: string; hint?: string };

/** Nesting deeper than this is refused (a Graph response needs about five levels). */
export const MAX_JSON_DEPTH = 256;

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Parses JSON text (RFC 8259) into nodes with offsets; a leading BOM is skipped. */
export function parseJsonWithOffsets(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    parser.skipBom();
    parser.skipWhitespace();
    const root = parser.value(0);
    parser.skipWhitespace();
    if (!parser.atEnd()) throw new JsonSyntaxError(parser.offset, `unexpected ${parser.describeHere()} after the end of the JSON value`, 'a file holds one JSON value: one object such as {"id": …} or {"value": […]}');
    return { ok: true, root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, offset: error.offset, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
}

/** The member of an object named `key`, compared ignoring case (PowerShell writes `Id` where Graph writes `id`). */
export function jsonMember(node: JsonNode, key: string): JsonEntry | undefined {
  if (node.kind !== 'object') return undefined;
  let found: JsonEntry | undefined;
  const lower = key.toLowerCase();
  // The last of repeated keys wins, as with JSON.parse.
  for (const entry of node.entries) if (entry.key === key || entry.key.toLowerCase() === lower) found = entry;
  return found;
}

/** A readable name for a node's kind in messages: "a string", "an array", … */
export function describeJsonKind(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    default:
      return `a ${node.kind}`;
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  offset = 0;

  constructor(private readonly text: string) {}

  skipBom(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.offset = 1;
  }

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  skipWhitespace(): void {
    while (this.offset < this.text.length) {
      const char = this.text[this.offset];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') break;
      this.offset += 1;
    }
  }

  describeHere(): string {
    if (this.atEnd()) return 'end of the file';
    const code = this.text.codePointAt(this.offset)!;
    if (code < 0x20) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code === 0x22) return 'a double quote';
    return `character "${String.fromCodePoint(code)}"`;
  }

  private fail(message: string, hint?: string): never {
    if (this.atEnd()) throw new JsonSyntaxError(this.offset, 'the file ends in the middle of the JSON', 'the file may be cut off; save the whole response again');
    throw new JsonSyntaxError(this.offset, message, hint);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail(`the JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
    this.skipWhitespace();
    const start = this.offset;
    const char = this.text[this.offset];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { kind: 'string', start, value: this.string(), end: this.offset };
      case 't':
      case 'f':
      case 'n':
        return this.literal(start);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number(start);
        return this.fail(`unexpected ${this.describeHere()}; expected a JSON value`, char === "'" ? 'JSON strings use double quotes' : undefined);
    }
  }

  private object(depth: number): JsonNode {
    const start = this.offset;
    const entries: JsonEntry[] = [];
    let key = '';
    this.items(
      '}',
      () => {
        if (this.text[this.offset] !== '"') {
          const trailing = this.text[this.offset] === '}' && entries.length > 0;
          this.fail(`expected a property name in double quotes, found ${this.describeHere()}`, trailing ? 'JSON allows no comma after the last property' : undefined);
        }
        const keyStart = this.offset;
        key = this.string();
        this.skipWhitespace();
        if (this.text[this.offset] !== ':') this.fail(`expected ":" after the property name "${key}", found ${this.describeHere()}`);
        this.offset += 1;
        entries.push({ key, keyStart, value: this.value(depth + 1) });
      },
      (next) => this.fail(`expected "," or "}" after the value of "${key}", found ${this.describeHere()}`, next === '"' ? 'a comma is missing between two properties' : undefined),
    );
    return { kind: 'object', start, end: this.offset, entries };
  }

  private array(depth: number): JsonNode {
    const start = this.offset;
    const items: JsonNode[] = [];
    this.items(
      ']',
      () => {
        if (this.text[this.offset] === ']' && items.length > 0) this.fail(`unexpected ${this.describeHere()}; expected a JSON value`, 'JSON allows no comma after the last item of an array');
        items.push(this.value(depth + 1));
      },
      () => this.fail(`expected "," or "]" after an array item, found ${this.describeHere()}`),
    );
    return { kind: 'array', start, end: this.offset, items };
  }

  /** Reads from an opening bracket to its `close`: `readItem` for each item, commas between; `misplaced` fails on anything else after an item. */
  private items(close: '}' | ']', readItem: () => void, misplaced: (next: string | undefined) => never): void {
    this.offset += 1;
    this.skipWhitespace();
    if (this.text[this.offset] === close) {
      this.offset += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      readItem();
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === ',') {
        this.offset += 1;
        continue;
      }
      if (next === close) {
        this.offset += 1;
        return;
      }
      misplaced(next);
    }
  }

  private string(): string {
    this.offset += 1;
    let result = '';
    let runStart = this.offset;
    for (;;) {
      if (this.atEnd()) {
        throw new JsonSyntaxError(this.offset, 'the file ends inside a string', 'a closing double quote is missing');
      }
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x22) {
        result += this.text.slice(runStart, this.offset);
        this.offset += 1;
        return result;
      }
      if (code < 0x20) {
        this.fail(`${this.describeHere()} inside a string`, code === 0x0a ? 'a closing double quote is missing, or a line break must be written as \\n' : 'write control characters as escapes such as \\t');
      }
      if (code === 0x5c) {
        result += this.text.slice(runStart, this.offset);
        const escape = this.text[this.offset + 1];
        if (escape === 'u') {
          const hex = this.text.slice(this.offset + 2, this.offset + 6);
          if (!/^[0-9A-Fa-f]{4}$/u.test(hex)) this.fail(`invalid escape "\\u${hex}"`, 'write \\u followed by four hexadecimal digits');
          result += String.fromCharCode(Number.parseInt(hex, 16));
          this.offset += 6;
        } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
          result += ESCAPES[escape];
          this.offset += 2;
        } else {
          this.fail(`invalid escape "\\${escape ?? ''}" in a string`, 'a backslash must be written as \\\\');
        }
        runStart = this.offset;
        continue;
      }
      this.offset += 1;
    }
  }

  private literal(start: number): JsonNode {
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return { ...node, start, end: this.offset } as JsonNode;
      }
    }
    return this.fail(`unexpected ${this.describeHere()}; expected a JSON value`, 'strings need double quotes; the only bare words are true, false and null');
  }

  private number(start: number): JsonNode {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/uy;
    match.lastIndex = this.offset;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') return this.fail(`unexpected ${this.describeHere()}; expected a JSON value`);
    this.offset += found[0].length;
    return { kind: 'number', start, end: this.offset, value: Number(found[0]) };
  }
}
