import type { z } from 'zod';
import type { DiagnosticCollector } from '../diagnostics.js';
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
          diagnostics.error(file, position, 'unknown-language', `unknown language "${key}" in ${name || 'the text'}`, 'localized text takes the keys ja and en');
          continue;
        }
        const suggestions = closestMatches(key, known);
        diagnostics.error(
          file,
          position,
          'unknown-key',
          `unknown key "${key}"${name ? ` in ${name}` : ''}${suggestions.length ? `; did you mean "${suggestions[0]}"?` : ''}`,
          `known keys here: ${known.join(', ')}`,
        );
      }
      return;
    }
    case 'invalid_union': {
      const branch = pickUnionBranch(issue.errors, actual);
      if (branch) {
        for (const inner of branch) reportIssue(inner, path, context);
        return;
      }
      diagnostics.error(
        file,
        locate(path),
        'invalid-type',
        `${name} must be text or a map of languages, not ${describeValue(actual)}`,
        `write ${lastKey(path)}: "…" or ${lastKey(path)}: {ja: "…", en: "…"}`,
      );
      return;
    }
    case 'invalid_type': {
      if (actual === undefined) {
        const parent = path.slice(0, -1);
        diagnostics.error(
          file,
          parent.length ? locate(parent, 'key') : { line: locate([]).line, column: 1 },
          'missing-key',
          `missing required key "${lastKey(path)}"${parent.length ? ` in ${describePath(parent)}` : ''}`,
          exampleFor(lastKey(path)),
        );
        return;
      }
      const key = lastKey(path);
      if (TIME_KEYS.has(key) && typeof actual !== 'object') {
        diagnostics.error(
          file,
          locate(path),
          'time-format',
          `${name} must be a time written as text with a zone, not ${describeValue(actual)}`,
          'quote it and add a zone, e.g. "2021-11-25 21:33 JST"',
        );
        return;
      }
      diagnostics.error(file, locate(path), 'invalid-type', `${name || 'the record'} must be ${describeExpected(issue.expected)}, not ${describeValue(actual)}`, exampleFor(key));
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const suggestions = typeof actual === 'string' ? closestMatches(actual, values) : [];
      diagnostics.error(
        file,
        locate(path),
        'invalid-value',
        `${name} must be one of ${values.join(', ')}, not ${describeValue(actual)}${suggestions.length ? `; did you mean "${suggestions[0]}"?` : ''}`,
      );
      return;
    }
    case 'too_small':
      diagnostics.error(
        file,
        locate(path, 'key'),
        'invalid-value',
        issue.origin === 'array' ? `${name} needs at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}` : `${name} is below the minimum of ${String(issue.minimum)}`,
        exampleFor(lastKey(path)),
      );
      return;
    case 'too_big':
      diagnostics.error(file, locate(path, 'key'), 'invalid-value', `${name} is above the maximum of ${String(issue.maximum)}`);
      return;
    case 'invalid_format':
      diagnostics.error(file, locate(path, 'key'), 'invalid-value', `${name || 'the key'} has the wrong form: ${issue.message}`);
      return;
    case 'invalid_key':
      diagnostics.error(
        file,
        locate(path, 'key'),
        'invalid-key',
        `"${lastKey(path)}" is not a valid key here`,
        'service keys are lower-case letters, digits and "-", e.g. exchange-online',
      );
      return;
    default:
      diagnostics.error(file, locate(path), 'invalid-value', `${name || 'the record'}: ${issue.message}`);
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

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a map';
    default:
      return String(value);
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'array':
      return 'a list';
    case 'object':
      return 'a map of keys';
    case 'boolean':
      return 'true or false';
    case 'number':
      return 'a number';
    default:
      return expected;
  }
}

const EXAMPLES: Record<string, string> = {
  service: 'for example: service: exchange-online',
  start: 'for example: start: 2021-11-25 21:33 JST',
  at: 'for example: at: 2021-11-26 15:02 JST',
  status: 'for example: status: investigating',
  updates: 'for example:\n  updates:\n    - at: 2021-11-26 15:02 JST\n      status: investigating\n      body: {en: "We are investigating."}',
  title: 'for example: title: {ja: "…", en: "…"}',
  url: 'for example: url: https://status.example.com/',
  base_url: 'for example: base_url: https://example.github.io/status/',
  tags: 'for example: tags: [mail, exchange-online]',
  draft: 'write draft: true or draft: false',
};

function exampleFor(key: string): string | undefined {
  return EXAMPLES[key];
}
