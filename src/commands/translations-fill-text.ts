/**
 * What the fills of `kokuchi translations --fill` are made of, shared by the YAML and the Markdown
 * writers: a fill, a text edit, and the edit of a text's map of languages. Pure.
 * @module
 */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { Language } from '../content/schema.js';

/** A text that lacks a language, as `kokuchi translations` lists it (its `MissingTranslation`). */
export interface MissingTranslation {
  id: string;
  update?: { at: { epochMs: number; source: string } };
  field: string;
  language: Language;
}

/** One text `--fill` can write: a missing (or placeholder) text whose other-language text is translated elsewhere. */
export interface Fill {
  item: MissingTranslation;
  /** The language the existing text is in. */
  from: Language;
  /** The translation found elsewhere in the site. */
  text: string;
}

/** A text edit: replace `[start, end)` of a file with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** A fill into a text's map of languages: its placeholder replaced, or the language added. Undefined for a layout it does not edit. */
export function fillMapSplice(text: string, pair: Pair<Node, Node>, fill: Fill): Splice | undefined {
  const quoted = JSON.stringify(fill.text);
  const language = fill.item.language;
  const value = pair.value;
  if (!isMap(value) || !value.range) return undefined;
  const existing = value.items.find((item) => isScalar(item.key) && item.key.value === language);
  if (existing) {
    // The placeholder's value is replaced.
    const node = existing.value;
    if (!isScalar(node) || !node.range || text.slice(node.range[0], node.range[1]).includes('\n')) return undefined;
    return { start: node.range[0], end: node.range[1], text: quoted };
  }
  if (value.flow) {
    const close = text.lastIndexOf('}', value.range[1]);
    if (close < value.range[0]) return undefined;
    let at = close;
    while (at > value.range[0] && /\s/u.test(text[at - 1]!)) at -= 1;
    return { start: at, end: at, text: `, ${language}: ${quoted}` };
  }
  const first = value.items[0];
  const last = value.items[value.items.length - 1];
  if (!first || !last || !isScalar(first.key) || !first.key.range || !last.value || !(last.value as Node).range) return undefined;
  const keyStart = first.key.range[0];
  const indent = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  const valueEnd = (last.value as Node).range![1];
  const newline = text.indexOf('\n', Math.max(valueEnd - 1, 0));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `${' '.repeat(indent)}${language}: ${quoted}${eol}`;
  if (newline === -1) return { start: text.length, end: text.length, text: `${eol}${line.slice(0, -eol.length)}` };
  return { start: newline + 1, end: newline + 1, text: line };
}
