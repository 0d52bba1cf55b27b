import { describe, expect, it } from 'vitest';
import { positionOfOffset } from '../../src/content/source.js';
import { jsonMember, parseJsonWithOffsets, type JsonNode } from '../../src/import/json-source.js';

function parseOk(text: string): JsonNode {
  const result = parseJsonWithOffsets(text);
  if (!result.ok) throw new Error(`expected valid JSON: ${result.message}`);
  return result.root;
}

function errorAt(text: string): { line: number; column: number; message: string; hint?: string } {
  const result = parseJsonWithOffsets(text);
  if (result.ok) throw new Error('expected a syntax error');
  return { ...positionOfOffset(text, result.offset), message: result.message, ...(result.hint ? { hint: result.hint } : {}) };
}

describe('parseJsonWithOffsets', () => {
  it('gives the same values as JSON.parse for every kind of value', () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": "x\\"y\\\\z\\n\\u00e9\\/", "c": {}}';
    const toPlain = (node: JsonNode): unknown =>
      node.kind === 'object'
        ? Object.fromEntries(node.entries.map((entry) => [entry.key, toPlain(entry.value)]))
        : node.kind === 'array'
          ? node.items.map(toPlain)
          : node.kind === 'null'
            ? null
            : node.value;
    expect(toPlain(parseOk(text))).toEqual(JSON.parse(text));
  });

  it('keeps the offset of every key and value', () => {
    const text = '{\n  "id": "EX300267",\n  "posts": [\n    {"createdDateTime": "2021-11-26T06:02:00Z"}\n  ]\n}';
    const root = parseOk(text);
    const id = jsonMember(root, 'id')!;
    expect(positionOfOffset(text, id.keyStart)).toEqual({ line: 2, column: 3 });
    expect(positionOfOffset(text, id.value.start)).toEqual({ line: 2, column: 9 });
    const posts = jsonMember(root, 'posts')!.value;
    expect(posts.kind).toBe('array');
    const first = posts.kind === 'array' ? posts.items[0]! : posts;
    expect(positionOfOffset(text, first.start)).toEqual({ line: 4, column: 5 });
  });

  it('finds members ignoring case, as PowerShell capitalizes them', () => {
    const root = parseOk('{"StartDateTime": "2021-11-25T12:33:00Z"}');
    expect(jsonMember(root, 'startDateTime')?.key).toBe('StartDateTime');
  });

  it('skips a byte order mark', () => {
    expect(parseOk('\uFEFF{"id": "EX1"}').kind).toBe('object');
  });

  it.each([
    ['a missing comma between properties', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}" after the value of "a"'],
    ['a trailing comma in an object', '{"a": 1,}', 1, 9, 'expected a property name in double quotes'],
    ['a trailing comma in an array', '[1, 2,]', 1, 7, 'expected a JSON value'],
    ['single quotes', "{'a': 1}", 1, 2, 'expected a property name in double quotes'],
    ['a bare word', '{"a": yes}', 1, 7, 'expected a JSON value'],
    ['a line break inside a string', '{"a": "one\ntwo"}', 1, 11, 'inside a string'],
    ['a bad escape', '{"a": "C:\\qux"}', 1, 10, 'invalid escape'],
    ['text after the value', '{"a": 1} {"b": 2}', 1, 10, 'after the end of the JSON value'],
    ['a file cut off', '{"a": [1, 2', 1, 12, 'the file ends in the middle of the JSON'],
    ['a string cut off', '{"a": "abc', 1, 11, 'the file ends inside a string'],
  ])('reports %s at its line and column', (_name, text, line, column, message) => {
    const error = errorAt(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message).toContain(message);
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(errorAt(deep).message).toContain('nested more than');
  });
});
