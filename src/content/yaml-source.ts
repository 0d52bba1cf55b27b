import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { DiagnosticCollector, Position } from '../diagnostics.js';

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
  const document = parseDocument(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    keepSourceTokens: false,
    // Warnings (such as a list used as a key) would go to the process's stderr; the schema reports such keys instead.
    logLevel: 'error',
  });
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  if (document.errors.length > 0) {
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
  return { value, locate: createLocator(document, toPosition) };
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
