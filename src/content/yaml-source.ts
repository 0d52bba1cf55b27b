import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { DiagnosticCollector, type Position } from '../diagnostics.js';
import type { YamlProblem } from '../messages/yaml.js';
import { findForbiddenCharacter, positionOfOffset } from './source.js';
import { blockOffsets, type BlockOffsets, type OffsetIndex } from './yaml-offsets.js';

/** A path into a parsed YAML value: map keys and sequence indexes. */
export type ValuePath = readonly (string | number)[];

/** Finds the source position of a path: the key itself (`key`) or its value (`value`, the default). */
export type Locator = (path: ValuePath, target?: 'key' | 'value') => Position;

/** A YAML text parsed into plain data, with a locator for diagnostics. */
export interface ParsedYaml {
  value: unknown;
  locate: Locator;
}

/** Aliases expanded beyond this count are refused (protects against "billion laughs" documents). */
export const MAX_ALIAS_COUNT = 100;
/** Nesting deeper than this is refused; records need four or five levels. */
export const MAX_DEPTH = 32;

/**
 * Parses YAML 1.2 (core schema: dates stay strings) and reports syntax errors, duplicate keys,
 * alias bombs and runaway nesting. `lineOffset` shifts positions when the YAML is front matter inside a larger file.
 */
export function parseYamlSource(
  text: string,
  file: string,
  diagnostics: DiagnosticCollector,
  lineOffset = 0,
  allowFast = true,
): ParsedYaml | undefined {
  const lineCounter = new LineCounter();
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const tooDeepError = (offset: number) => diagnostics.report(file, toPosition(offset), 'yaml-too-deep', { limit: MAX_DEPTH, brackets: false });
  // Absurd bracket nesting is refused before parsing: the parser recurses once per level.
  const deepFlow = findDeepFlow(text);
  if (deepFlow !== undefined) {
    const { line, column } = positionOfOffset(text, deepFlow);
    diagnostics.report(file, { line: line + lineOffset, column }, 'yaml-too-deep', { limit: MAX_DEPTH, brackets: true });
    return undefined;
  }
  // A full-width space in the indentation parses, as part of a key ("\u3000en"); say what it is instead.
  const wideIndent = (value: unknown): boolean => {
    if (!text.includes('\u3000') || !hasFullWidthIndentedKey(value)) return false;
    const { line, column } = positionOfOffset(text, findFullWidthIndent(text) ?? 0);
    diagnostics.report(file, { line: line + lineOffset, column }, 'yaml-syntax', { kind: 'full-width-space' });
    return true;
  };
  // Most records are plain: parse them with the much faster js-yaml and build the positions only if a
  // diagnostic asks for one. Anything the fast path does not handle identically goes the full way.
  // (A value with a forbidden character, escaped in the text, is reported by the full path below.)
  const fast = allowFast ? fastYamlValue(text) : undefined;
  if (fast !== undefined && !findForbiddenValue(fast.value)) {
    let slow: Locator | undefined;
    // The offsets of a block-style text come from a scan of its lines; a text the scan is not sure of,
    // or a path into a flow collection, is asked of the full parser.
    let quick: { offsets: BlockOffsets; locate: Locator } | null | undefined;
    const slowLocate: Locator = (path, target) => {
      if (quick === undefined) {
        const offsets = blockOffsets(text, fast.value);
        quick = offsets ? { offsets, locate: indexLocator(offsets.index, (offset) => shifted(positionOfOffset(text, offset), lineOffset)) } : null;
      }
      if (quick && !path.some((_, end) => quick!.offsets.opaque.has(pathKey(path.slice(0, end))))) return quick.locate(path, target);
      slow ??= parseYamlSource(text, file, new DiagnosticCollector(), lineOffset, false)?.locate ?? (() => ({ line: 1 + lineOffset, column: 1 }));
      return slow(path, target);
    };
    // Positions are asked for eagerly by the checks but read only when a diagnostic is reported: each is
    // computed on first read. The id's position, kept for duplicate-id reports, is found by a scan.
    const locate: Locator = (path, target = 'value') => {
      if (path.length === 1 && path[0] === 'id' && target === 'value') {
        const quick = topLevelValuePosition(text, 'id');
        if (quick) return { line: quick.line + lineOffset, column: quick.column };
      }
      return lazyPosition(() => slowLocate(path, target));
    };
    if (wideIndent(fast.value)) return undefined;
    return { value: fast.value, locate };
  }
  let document: Document;
  try {
    document = parseDocument(text, {
      lineCounter,
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      keepSourceTokens: false,
      // Warnings (such as a list used as a key) would go to the process's stderr; the schema reports such keys instead.
      logLevel: 'error',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    tooDeepError(0);
    return undefined;
  }
  if (document.errors.length > 0) {
    // The parser turns a stack overflow on deep block nesting into a document error: report it as what it is, once.
    const overflow = document.errors.find((error) => /call stack/iu.test(error.message));
    if (overflow) {
      tooDeepError(overflow.pos[0]);
      return undefined;
    }
    for (const found of describeYamlErrors(text, document.errors, lineCounter)) {
      diagnostics.report(file, { line: found.line + lineOffset, column: found.column }, 'yaml-syntax', found.problem);
    }
    return undefined;
  }
  const tooDeep = findTooDeep(document.contents as Node | null, 0);
  if (tooDeep) {
    diagnostics.report(file, toPosition(tooDeep.range?.[0] ?? 0), 'yaml-too-deep', { limit: MAX_DEPTH, brackets: false });
    return undefined;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    diagnostics.report(file, { line: 1 + lineOffset, column: 1 }, 'yaml-aliases', error instanceof Error ? error.message : String(error));
    return undefined;
  }
  const locate = createLocator(document, toPosition);
  // Escapes such as "\0" or "\ud800" put characters into values that the file itself could not carry.
  const forbidden = findForbiddenValue(value);
  if (forbidden) {
    diagnostics.report(file, locate(forbidden.path), 'invalid-character', forbidden.text.codePointAt(forbidden.offset)!);
    return undefined;
  }
  if (wideIndent(value)) return undefined;
  return { value, locate };
}

/**
 * What the fast path leaves to the full parser: anchors, aliases, tags, directives and explicit keys (at
 * the start of a token); merge keys; `#` right after another character (js-yaml reads `{}#` as a
 * comment where yaml refuses it); document markers; flow collections used as keys; tabs, control
 * characters and the line breaks and spaces YAML versions disagree on (NEL, NBSP, U+2028/2029, BOM).
 */
const NOT_PLAIN = /(?:^|[\s[{,])[&*!%?]|<<|\S#|^(?:---|\.\.\.)|[\]}][ \t]*:(?:\s|$)|[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u2028\u2029\ufeff]/mu;

/**
 * The value of a plain YAML text parsed with js-yaml (core schema), or undefined when the text is not
 * plain or js-yaml refuses it. The result is the one `yaml` gives for the same text: texts with anchors,
 * tags, explicit or complex keys are not plain, and values holding numbers (where the two parsers read
 * some forms differently, such as 0b101) or nesting deeper than MAX_DEPTH are refused here. A property
 * test compares both parsers over generated texts.
 */
export function fastYamlValue(text: string): { value: unknown } | undefined {
  if (NOT_PLAIN.test(text) || hasOpenQuote(text)) return undefined;
  let value: unknown;
  try {
    value = loadYaml(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  // Every YAML text kokuchi reads is a mapping at the top.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (!isPlainValue(value, 0)) return undefined;
  // js-yaml's strings are slices of the whole text: as such they keep the text alive and, when the text
  // holds any Japanese, are stored two bytes a character even when English. A JSON round trip gives
  // flat, compact strings (and the same value).
  return { value: JSON.parse(JSON.stringify(value)) as unknown };
}

/**
 * True when a quote opens a scalar (after the start of a line, white space, `[`, `{`, `,` or `:`) and
 * is not closed on its line (`\\"` escapes in double quotes, `''` in single ones). js-yaml accepts
 * continuation lines that the YAML specification (and the full parser) refuses for being indented too
 * little (`id: "` / `id: x"`), so such texts go the full way. An apostrophe in plain text after a space
 * may be taken for a quote, which only costs the fast path. (A scan by character codes: this runs on
 * every record of every cold build.)
 */
function hasOpenQuote(text: string): boolean {
  let lineStart = true;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      lineStart = true;
      continue;
    }
    const opens = lineStart || OPENS_AFTER.has(text.charCodeAt(index - 1));
    lineStart = false;
    if (code === 35 /* # */ && opens) {
      // A comment: skip to the end of the line.
      const end = text.indexOf('\n', index);
      if (end === -1) return false;
      index = end - 1;
    } else if ((code === 34 || code === 39) && opens) {
      const close = closingQuote(text, index);
      if (close === -1) return true;
      index = close;
    }
  }
  return false;
}

/** Character codes after which a quote opens a scalar (and `#` a comment): white space, `[`, `{`, `,`, `:`. */
const OPENS_AFTER = new Set([32, 9, 13, 91, 123, 44, 58]);

/** Where the quoted scalar opening at `start` closes on its line, or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let index = start + 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10) return -1;
    if (quote === 34 && code === 92 /* \\ */) index += 1;
    else if (code === quote) {
      if (quote === 39 && text.charCodeAt(index + 1) === 39) index += 1;
      else return index;
    }
  }
  return -1;
}

/** A position whose line and column are computed when first read. */
function lazyPosition(compute: () => Position): Position {
  let position: Position | undefined;
  return {
    get line() {
      return (position ??= compute()).line;
    },
    get column() {
      return (position ??= compute()).column;
    },
  };
}

/**
 * Where the value of a top-level `key:` starts, when the text is a block mapping with exactly one line
 * beginning with that key and the value on the same line; otherwise undefined (ask the full parser).
 */
function topLevelValuePosition(text: string, key: string): Position | undefined {
  if (/^[[{]/mu.test(text)) return undefined;
  const pattern = new RegExp(`^(["']?)${key}\\1[ ]*:[ ]+(?=[^\\s#])`, 'gmu');
  const first = pattern.exec(text);
  if (!first || pattern.exec(text)) return undefined;
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < first.index; index = text.indexOf('\n', index + 1)) line += 1;
  return { line, column: first[0].length + 1 };
}

/** Strings, booleans and null, in arrays and plain objects, at most MAX_DEPTH levels deep, with no null or number-like keys. */
function isPlainValue(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainValue(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    // A null key is "" for yaml and "null" for js-yaml, a key like 0b101 is a number for one and not
    // the other; __proto__ is best left to one parser.
    if (key === 'null' || key === '__proto__' || /^[-+.0-9]/u.test(key)) return false;
    if (!isPlainValue((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The first string in a parsed value holding a character pages cannot show, with its path. */
function findForbiddenValue(value: unknown): { path: (string | number)[]; text: string; offset: number } | undefined {
  const seen = new Set<object>();
  const visit = (node: unknown, path: (string | number)[]): ReturnType<typeof findForbiddenValue> => {
    if (typeof node === 'string') {
      const offset = findForbiddenCharacter(node);
      return offset === undefined ? undefined : { path, text: node, offset };
    }
    if (node === null || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    for (const [key, item] of Object.entries(node)) {
      const found = visit(item, [...path, Array.isArray(node) ? Number(key) : key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(value, []);
}

/**
 * Builds a locator from a compact index of node offsets, so that the YAML document itself can be
 * garbage-collected: a site keeps thousands of records' locators alive until every check has run.
 */
function createLocator(document: Document, toPosition: (offset: number) => Position): Locator {
  const index: OffsetIndex = new Map();
  const visit = (node: unknown, path: string, keyOffset: number | undefined, fallback: number): void => {
    const start = (node as Node | null)?.range?.[0] ?? keyOffset ?? fallback;
    index.set(path, { ...(keyOffset !== undefined ? { key: keyOffset } : {}), value: start });
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const keyStart = (item.key as Node).range?.[0] ?? start;
        visit(item.value, `${path}\u0000${String(item.key.value)}`, keyStart, keyStart);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, position) => visit(item, `${path}\u0000${position}`, undefined, start));
    }
  };
  visit(document.contents, '', undefined, 0);
  return indexLocator(index, toPosition);
}

/** The index's key of a path: its segments, each after a `\0` (the root is ''). */
function pathKey(path: ValuePath): string {
  let key = '';
  for (const segment of path) key += `\u0000${String(segment)}`;
  return key;
}

/** A locator over offsets by path: a path that goes past what exists gives the last part that does (its key, else its value). */
function indexLocator(index: OffsetIndex, toPosition: (offset: number) => Position): Locator {
  return (path, target = 'value') => {
    let key = '';
    let found = index.get('');
    for (const segment of path) {
      const next = index.get(`${key}\u0000${String(segment)}`);
      if (!next) return toPosition(found?.key ?? found?.value ?? 0);
      key = `${key}\u0000${String(segment)}`;
      found = next;
    }
    if (!found) return toPosition(0);
    return toPosition(target === 'key' && found.key !== undefined ? found.key : found.value);
  };
}

function shifted(position: { line: number; column: number }, lineOffset: number): Position {
  return { line: position.line + lineOffset, column: position.column };
}

/** Bracket nesting beyond which the text is refused without parsing: far above {@link MAX_DEPTH}, so that brackets in prose never trip it. */
const MAX_FLOW_SCAN_DEPTH = 256;

/**
 * Offset of the first `[` or `{` nested deeper than {@link MAX_FLOW_SCAN_DEPTH}, or undefined. A linear scan
 * that skips quoted scalars and comments; block scalars are not recognised, so the limit is generous.
 */
function findDeepFlow(text: string): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '[' || char === '{') {
      depth += 1;
      if (depth > MAX_FLOW_SCAN_DEPTH) return index;
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (char === '"' || char === "'") {
      const previous = text[index - 1];
      if (previous !== undefined && !/[\s[{,:]/u.test(previous)) continue;
      for (index += 1; index < text.length && text[index] !== char && text[index] !== '\n'; index += 1) if (char === '"' && text[index] === '\\') index += 1;
    } else if (char === '#' && (index === 0 || /\s/u.test(text[index - 1]!))) {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    }
  }
  return undefined;
}

function findTooDeep(node: Node | null, depth: number): Node | undefined {
  if (!node) return undefined;
  if (depth > MAX_DEPTH) return node;
  if (isMap(node)) {
    for (const item of node.items) {
      const found = findTooDeep(item.value as Node | null, depth + 1);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = findTooDeep(item as Node | null, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** A YAML problem at a 1-based line and column of the YAML text. */
interface PlacedYamlProblem {
  line: number;
  column: number;
  problem: YamlProblem;
}

/** A key (as records write them) followed by a full-width colon: `service：…`, `  - at：…`. */
const FULL_WIDTH_COLON_KEY = /^([ ]*(?:- +)?)([A-Za-z_][\w-]*)[ \u3000]*：/u;
/** A key followed by an unquoted value that itself holds ": " (`title: Exchange Online: 一部…`). */
const COLON_IN_VALUE = /^([ ]*(?:- +)?)([A-Za-z_][\w-]*): +([^\s"'[{|>&*!%@`#][^#]*?: .*?)\s*$/u;

/**
 * One diagnostic per problem, worded for a writer: the parser reports a slip (a tab, a full-width
 * colon, an unquoted ": ") with several follow-on errors that only confuse. The first error is kept,
 * said plainly when it is one of those slips; later errors are kept only when they stand on their own
 * (another tab-indented line, another repeated key) and never two on one line.
 */
function describeYamlErrors(text: string, errors: readonly YAMLError[], lineCounter: LineCounter): PlacedYamlProblem[] {
  const lines = text.split('\n');
  const placed: PlacedYamlProblem[] = [];
  const reportedLines = new Set<number>();
  for (const [index, error] of errors.entries()) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (reportedLines.has(line)) continue;
    if (index > 0 && error.code !== 'TAB_AS_INDENT' && error.code !== 'DUPLICATE_KEY') break;
    const found = explainYamlError(error, line, col, lines);
    if (!found) continue;
    reportedLines.add(found.line);
    placed.push(found);
  }
  return placed;
}

/** The writer's slip behind a parser error, or the parser's own description. */
function explainYamlError(error: YAMLError, line: number, column: number, lines: readonly string[]): PlacedYamlProblem | undefined {
  const lineText = (at: number) => (lines[at - 1] ?? '').replace(/\r$/u, '');
  if (error.code === 'TAB_AS_INDENT') {
    const tab = lineText(line).search(/\t/u);
    return { line, column: tab === -1 ? column : tab + 1, problem: { kind: 'tab-indent' } };
  }
  const wide = /^[ ]*\u3000/u.exec(lineText(line));
  if (wide) return { line, column: wide[0].length, problem: { kind: 'full-width-space' } };
  // The parser reports a full-width colon on its line, or on the next line when it reads on.
  for (const at of [line, line - 1]) {
    const wide = FULL_WIDTH_COLON_KEY.exec(lineText(at));
    if (wide && !lineText(at).slice(0, wide[0].length).includes(': ')) {
      return { line: at, column: wide[0].length, problem: { kind: 'full-width-colon', key: wide[2]! } };
    }
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY') {
    const nested = COLON_IN_VALUE.exec(lineText(line));
    if (nested) return { line, column, problem: { kind: 'colon-in-value', key: nested[2]!, value: nested[3]! } };
  }
  const first = error.message.split('\n')[0] ?? error.message;
  const cleaned = first.replace(/ at line \d+, column \d+:?$/, '').trim();
  return { line, column, problem: { kind: 'parser', code: error.code, detail: `${cleaned.charAt(0).toLowerCase()}${cleaned.slice(1)}` } };
}

/** True when a key of a map in `value` starts with a full-width space (U+3000): it was indentation. */
function hasFullWidthIndentedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasFullWidthIndentedKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => /^[ \u3000]*\u3000/u.test(key) || hasFullWidthIndentedKey(item));
}

/** Offset of a full-width space (U+3000) used as indentation before a key or a list item, or undefined. */
export function findFullWidthIndent(text: string): number | undefined {
  if (!text.includes('\u3000')) return undefined;
  const match = /^[ \u3000]*\u3000[ \u3000]*(?:[A-Za-z_][\w-]*[ \u3000]*[:：]|- )/mu.exec(text) ?? /^[ ]*\u3000/mu.exec(text);
  return match ? match.index + match[0].indexOf('\u3000') : undefined;
}
