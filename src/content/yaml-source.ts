import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { describeForbiddenCharacter, FORBIDDEN_CHARACTER_HINT, findForbiddenCharacter, positionOfOffset } from './source.js';

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
): ParsedYaml | undefined {
  const lineCounter = new LineCounter();
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const tooDeepError = (offset: number) =>
    diagnostics.error(file, toPosition(offset), 'yaml-too-deep', `the YAML is nested more than ${MAX_DEPTH} levels deep`, 'records need only a few levels; check the indentation');
  // Absurd bracket nesting is refused before parsing: the parser recurses once per level.
  const deepFlow = findDeepFlow(text);
  if (deepFlow !== undefined) {
    const { line, column } = positionOfOffset(text, deepFlow);
    diagnostics.error(file, { line: line + lineOffset, column }, 'yaml-too-deep', `the YAML is nested more than ${MAX_DEPTH} levels deep`, 'records need only a few levels; check the brackets');
    return undefined;
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
    for (const error of document.errors) {
      diagnostics.error(file, toPosition(error.pos[0]), 'yaml-syntax', describeYamlError(error.message), yamlHint(error.code));
    }
    return undefined;
  }
  const tooDeep = findTooDeep(document.contents as Node | null, 0);
  if (tooDeep) {
    diagnostics.error(file, toPosition(tooDeep.range?.[0] ?? 0), 'yaml-too-deep', `the YAML is nested more than ${MAX_DEPTH} levels deep`, 'records need only a few levels; check the indentation');
    return undefined;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    diagnostics.error(
      file,
      { line: 1 + lineOffset, column: 1 },
      'yaml-aliases',
      `the YAML could not be expanded: ${error instanceof Error ? error.message : String(error)}`,
      'avoid aliases (*name) that expand into very large documents',
    );
    return undefined;
  }
  const locate = createLocator(document, toPosition);
  // Escapes such as "\0" or "\ud800" put characters into values that the file itself could not carry.
  const forbidden = findForbiddenValue(value);
  if (forbidden) {
    diagnostics.error(file, locate(forbidden.path), 'invalid-character', describeForbiddenCharacter(forbidden.text, forbidden.offset), FORBIDDEN_CHARACTER_HINT);
    return undefined;
  }
  return { value, locate };
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
  const index = new Map<string, { key?: number; value: number }>();
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

function describeYamlError(message: string): string {
  const first = message.split('\n')[0] ?? message;
  const cleaned = first.replace(/ at line \d+, column \d+:?$/, '').trim();
  return `YAML syntax error: ${cleaned.charAt(0).toLowerCase()}${cleaned.slice(1)}`;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a map; remove or rename one of them';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested keys use spaces, never tabs';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces, not tabs';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value containing ": " must be quoted';
    default:
      return undefined;
  }
}
