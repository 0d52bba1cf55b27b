/**
 * Where each key and value of a plain block-style YAML text starts, found by reading its lines rather
 * than by the full parser: a record's warnings (an untranslated update, say) need positions, and the
 * full parser costs about 3 ms a record on a cold build, the line scan a few microseconds. Anything the
 * scan is not sure of — flow collections over several lines, empty values, nested sequence markers,
 * comments inside a multi-line scalar, keys the core schema reads as other than their text — makes it
 * give up, and the caller asks the full parser. Its result is also checked against the parsed value
 * (the same keys in the same order, the same sequence lengths) before it is used. Pure: no I/O.
 * @module
 */

/** Offsets of the key (for map entries) and of the value's first character, by path (segments joined by `\0`, the root being ''). */
export type OffsetIndex = Map<string, { key?: number; value: number }>;

/** The offsets of a text, and the paths of its flow collections, whose insides the scan does not index. */
export interface BlockOffsets {
  index: OffsetIndex;
  opaque: ReadonlySet<string>;
}

/** A mapping or sequence being read: its column, its path, and (sequences) how many items it has so far. */
interface Container {
  kind: 'map' | 'seq';
  indent: number;
  path: string;
  items: number;
}

/** A plain key the core schema reads as its own text: no quote, no indicator, no number, boolean or null. */
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?=[ ]|$)/u;
const NOT_TEXT_KEY = /^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL|y|n|yes|no|on|off)$/iu;

/**
 * The offsets of every key and value of `text`, or undefined when the text is not one the scan reads
 * with certainty. `value` is the text's parsed value (the structure the offsets must describe).
 */
export function blockOffsets(text: string, value: unknown): BlockOffsets | undefined {
  const index: OffsetIndex = new Map();
  const opaque = new Set<string>();
  const lines = splitLines(text);
  const stack: Container[] = [];
  /** A key whose value starts on a later line: its path, key offset and column. */
  let pending: { path: string; key?: number; indent: number } | undefined;
  /** Column above which lines continue the last scalar (a multi-line plain scalar or a block scalar's content). */
  let scalarAbove: number | undefined;
  let blockScalar = false;

  for (let number = 0; number < lines.length; number += 1) {
    const { start, text: line } = lines[number]!;
    const indent = line.length - line.trimStart().length;
    const content = line.slice(indent);
    if (content === '') continue;
    if (scalarAbove !== undefined) {
      if (indent > scalarAbove) {
        // Inside a block scalar anything goes; inside a plain scalar a comment line would end it.
        if (!blockScalar && content.startsWith('#')) return undefined;
        continue;
      }
      scalarAbove = undefined;
      blockScalar = false;
    }
    if (content.startsWith('#')) continue;

    if (pending) {
      // The value of the key above: a nested mapping or sequence (a sequence may sit at the key's column).
      const isItem = content === '-' || content.startsWith('- ');
      if (!(indent > pending.indent || (indent === pending.indent && isItem))) return undefined; // empty value
      index.set(pending.path, { ...(pending.key !== undefined ? { key: pending.key } : {}), value: start + indent });
      stack.push({ kind: isItem ? 'seq' : 'map', indent, path: pending.path, items: 0 });
      pending = undefined;
    } else if (stack.length === 0) {
      if (indent !== 0) return undefined;
      index.set('', { value: start });
      stack.push({ kind: content === '-' || content.startsWith('- ') ? 'seq' : 'map', indent: 0, path: '', items: 0 });
    }
    while (stack.length > 0 && indent < stack[stack.length - 1]!.indent) stack.pop();
    const container = stack[stack.length - 1];
    if (!container || container.indent !== indent) return undefined;

    let column = indent;
    let rest = content;
    let path: string;
    if (container.kind === 'seq') {
      if (!(rest === '-' || rest.startsWith('- '))) return undefined;
      path = `${container.path}\u0000${container.items}`;
      container.items += 1;
      const after = rest.slice(1);
      const gap = after.length - after.trimStart().length;
      rest = after.trimStart();
      column += 1 + gap;
      if (rest === '' || rest.startsWith('#')) {
        pending = { path, indent };
        continue;
      }
      if (rest.startsWith('-') && (rest === '-' || rest.startsWith('- '))) return undefined;
      const key = KEY.exec(rest);
      if (key) {
        // A mapping in the item ("- at: …"): it starts at its first key, at this column.
        index.set(path, { value: start + column });
        stack.push({ kind: 'map', indent: column, path, items: 0 });
        const entered = readEntry(rest, column, stack[stack.length - 1]!, start);
        if (!entered) return undefined;
        ({ pending, scalarAbove, blockScalar } = entered);
        continue;
      }
    } else {
      const entered = readEntry(rest, column, container, start);
      if (!entered) return undefined;
      ({ pending, scalarAbove, blockScalar } = entered);
      continue;
    }
    // A scalar item of a sequence.
    const scalar = readScalar(rest, column, start);
    if (!scalar) return undefined;
    index.set(path, { value: scalar.offset });
    if (scalar.flow) opaque.add(path);
    scalarAbove = indent;
    blockScalar = scalar.block;
  }
  if (pending || stack.length === 0) return undefined;
  return describes(index, opaque, value) ? { index, opaque } : undefined;

  /** Reads `key: value` at `column` of a line into the mapping `map`; what to expect next. */
  function readEntry(rest: string, column: number, map: Container, lineStart: number) {
    if (map.kind !== 'map') return undefined;
    const key = KEY.exec(rest);
    if (!key || NOT_TEXT_KEY.test(key[1]!)) return undefined;
    const path = `${map.path}\u0000${key[1]}`;
    if (index.has(path)) return undefined;
    const keyOffset = lineStart + column;
    const after = rest.slice(key[0].length);
    const gap = after.length - after.trimStart().length;
    const valueText = after.trimStart();
    if (valueText === '' || valueText.startsWith('#')) return { pending: { path, key: keyOffset, indent: column }, scalarAbove: undefined, blockScalar: false };
    const scalar = readScalar(valueText, column + key[0].length + gap, lineStart);
    if (!scalar) return undefined;
    index.set(path, { key: keyOffset, value: scalar.offset });
    if (scalar.flow) opaque.add(path);
    return { pending: undefined, scalarAbove: column, blockScalar: scalar.block };
  }
}

/**
 * A scalar (or one-line flow collection) starting at `column`: its offset, and whether it is a block
 * scalar (its content lines may hold anything) or a flow collection (its insides are not indexed).
 * Later lines indented more than its parent belong to it.
 */
function readScalar(rest: string, column: number, lineStart: number): { offset: number; block: boolean; flow: boolean } | undefined {
  const offset = lineStart + column;
  const first = rest[0]!;
  const found = { offset, block: false, flow: false };
  if (first === '[' || first === '{') return closesOnLine(rest) ? { ...found, flow: true } : undefined;
  if (first === '|' || first === '>') return /^[|>][+-]?[ ]*(?:#.*)?$/u.test(rest) ? { ...found, block: true } : undefined;
  if (first === '"' || first === "'") return found;
  if (/^[&*!%@`?:,\]}-]/u.test(first) && !/^-[^ ]/u.test(rest)) return undefined;
  return found;
}

/**
 * True when the flow collection opening `rest` closes on this line, with at most a comment after it.
 * Quoted scalars inside are skipped (a quote opens one after a space, a bracket, a comma or a colon, and
 * closes on the same line in texts the fast path takes).
 */
function closesOnLine(rest: string): boolean {
  let depth = 0;
  for (let index = 0; index < rest.length; index += 1) {
    const char = rest[index]!;
    const opens = index === 0 || ' [{,:'.includes(rest[index - 1]!);
    if ((char === '"' || char === "'") && opens) {
      let close = index + 1;
      for (; close < rest.length; close += 1) {
        if (char === '"' && rest[close] === '\\') close += 1;
        else if (rest[close] === char) {
          if (char === "'" && rest[close + 1] === "'") close += 1;
          else break;
        }
      }
      if (close >= rest.length) return false;
      index = close;
    } else if (char === '#' && index > 0 && rest[index - 1] === ' ') return false;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') {
      depth -= 1;
      if (depth === 0) return /^[ ]*(?:#.*)?$/u.test(rest.slice(index + 1));
    }
  }
  return false;
}

/** The lines of `text` with their offsets (`\n` line ends; the fast path refuses `\r`). */
function splitLines(text: string): { start: number; text: string }[] {
  const lines: { start: number; text: string }[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    lines.push({ start, text: text.slice(start, end === -1 ? undefined : end) });
    if (end === -1) return lines;
    start = end + 1;
  }
}

/** True when the index holds exactly the structure of `value` (every key in order, every item), flow collections aside. */
function describes(index: OffsetIndex, opaque: ReadonlySet<string>, value: unknown): boolean {
  const children = new Map<string, number>();
  for (const path of index.keys()) {
    if (path === '') continue;
    const parent = path.slice(0, path.lastIndexOf('\u0000'));
    children.set(parent, (children.get(parent) ?? 0) + 1);
  }
  const check = (node: unknown, path: string): boolean => {
    if (node === null || typeof node !== 'object' || opaque.has(path)) return (children.get(path) ?? 0) === 0;
    const keys = Array.isArray(node) ? node.map((_, position) => String(position)) : Object.keys(node);
    if ((children.get(path) ?? 0) !== keys.length) return false;
    return keys.every((key) => index.has(`${path}\u0000${key}`) && check((node as Record<string, unknown>)[key], `${path}\u0000${key}`));
  };
  return check(value, '');
}
