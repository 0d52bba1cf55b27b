import type { z } from 'zod';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { FoundValue } from '../messages/content.js';
import { closestMatches } from '../suggest.js';
import { TIME_KEYS } from './schema.js';
import type { Locator, ValuePath } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** Turns schema issues into positioned diagnostics, worded for writers rather than programmers. */
export function reportSchemaIssues(
  issues: readonly Issue[],
  context: { file: string; value: unknown; locate: Locator; schema: z.ZodType; diagnostics: DiagnosticCollector },
): void {
  for (const issue of issues) reportIssue(issue, [], context);
}

function reportIssue(
  issue: Issue,
  prefix: ValuePath,
  context: { file: string; value: unknown; locate: Locator; schema: z.ZodType; diagnostics: DiagnosticCollector },
): void {
  const { file, value, locate, schema, diagnostics } = context;
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const name = describePath(path);
  const actual = valueAt(value, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      for (const key of issue.keys) {
        const position = locate([...path, key], 'key');
        if (isLanguageMap(known)) {
          diagnostics.report(file, position, 'unknown-language', { kind: 'text-key', key, in: name });
          continue;
        }
        const suggestions = closestMatches(key, known);
        diagnostics.report(file, position, 'unknown-key', { key, in: name, ...(suggestions.length ? { suggestion: suggestions[0]! } : {}), known });
      }
      return;
    }
    case 'invalid_union': {
      const branch = pickUnionBranch(issue.errors, actual);
      if (branch) {
        for (const inner of branch) reportIssue(inner, path, context);
        return;
      }
      diagnostics.report(file, locate(path), 'invalid-type', { place: { name, key: lastKey(path) }, found: describeValue(actual), expected: 'localized' });
      return;
    }
    case 'invalid_type': {
      if (actual === undefined) {
        const parent = path.slice(0, -1);
        diagnostics.report(file, parent.length ? locate(parent, 'key') : { line: locate([]).line, column: 1 }, 'missing-key', {
          kind: 'nested',
          key: lastKey(path),
          in: parent.length ? describePath(parent) : '',
        });
        return;
      }
      const key = lastKey(path);
      if (TIME_KEYS.has(key) && typeof actual !== 'object') {
        diagnostics.report(file, locate(path), 'time-format', { kind: 'not-text', name, found: describeValue(actual) });
        return;
      }
      diagnostics.report(file, locate(path), 'invalid-type', { place: { name, key }, found: describeValue(actual), expected: issue.expected });
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const suggestions = typeof actual === 'string' ? closestMatches(actual, values) : [];
      diagnostics.report(file, locate(path), 'invalid-value', { kind: 'one-of', name, values, found: describeValue(actual), ...(suggestions.length ? { suggestion: suggestions[0]! } : {}) });
      return;
    }
    case 'too_small':
      diagnostics.report(file, locate(path, 'key'), 'invalid-value', { kind: 'too-few', name, key: lastKey(path), list: issue.origin === 'array', minimum: String(issue.minimum) });
      return;
    case 'too_big':
      diagnostics.report(file, locate(path, 'key'), 'invalid-value', { kind: 'too-big', name, maximum: String(issue.maximum) });
      return;
    case 'invalid_format':
      diagnostics.report(file, locate(path, 'key'), 'invalid-value', { kind: 'format', name, detail: issue.message });
      return;
    case 'invalid_key':
      diagnostics.report(file, locate(path, 'key'), 'invalid-key', lastKey(path));
      return;
    default:
      diagnostics.report(file, locate(path), 'invalid-value', { kind: 'other', name, detail: issue.message });
  }
}

function pickUnionBranch(branches: readonly (readonly Issue[])[], actual: unknown): readonly Issue[] | undefined {
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return undefined;
  return branches.find((branch) => !branch.some((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
}

/** Keys the schema allows at `path`, for "did you mean". */
function keysAt(schema: z.ZodType, path: ValuePath): string[] {
  let current: unknown = schema;
  for (const segment of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; options?: unknown[] } }).def;
    if (def?.type === 'object' && typeof segment === 'string' && def.shape) current = def.shape[segment];
    else if (def?.type === 'array' && typeof segment === 'number') current = def.element;
    else if (def?.type === 'union' && def.options)
      current = def.options.map(unwrap).find((option) => (option as { def?: { type?: string } }).def?.type === (typeof segment === 'number' ? 'array' : 'object'));
    else return [];
    current = pickObjectOption(current, path);
  }
  const resolved = pickObjectOption(unwrap(current), path) as { def?: { type?: string; shape?: Record<string, unknown> } } | undefined;
  return resolved?.def?.type === 'object' && resolved.def.shape ? Object.keys(resolved.def.shape) : [];
}

function pickObjectOption(schema: unknown, _path: ValuePath): unknown {
  const unwrapped = unwrap(schema) as { def?: { type?: string; options?: unknown[] } } | undefined;
  if (unwrapped?.def?.type === 'union' && unwrapped.def.options) {
    return unwrapped.def.options.map(unwrap).find((option) => (option as { def?: { type?: string } }).def?.type === 'object') ?? unwrapped;
  }
  return unwrapped;
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def && (current.def.type === 'optional' || current.def.type === 'nullable' || current.def.type === 'default')) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

function isLanguageMap(keys: readonly string[]): boolean {
  // `translated_from` is written by imports beside the languages (src/import/translation-outdated.ts).
  const languages = keys.filter((key) => key !== 'translated_from');
  return languages.length === 2 && languages.includes('ja') && languages.includes('en');
}

/** `updates[2].next_update` */
export function describePath(path: ValuePath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text;
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(value: unknown, path: ValuePath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function lastKey(path: ValuePath): string {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const segment = path[index];
    if (typeof segment === 'string') return segment;
  }
  return 'value';
}

function describeValue(value: unknown): FoundValue {
  if (value === null) return { kind: 'empty' };
  if (Array.isArray(value)) return { kind: 'list' };
  switch (typeof value) {
    case 'string':
      return { kind: 'text', text: value.length > 40 ? `${value.slice(0, 40)}…` : value };
    case 'number':
      return { kind: 'number', text: String(value) };
    case 'boolean':
      return { kind: 'boolean', text: String(value) };
    case 'object':
      return { kind: 'map' };
    default:
      return { kind: 'other', text: String(value) };
  }
}
