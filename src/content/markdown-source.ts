import type { Heading, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { positionOfOffset } from './source.js';
import { parseYamlSource, type Locator } from './yaml-source.js';
import { findHeavyMarkdown } from './markdown-limits.js';

/** A text with the position where it starts in its file. */
export interface PlacedText {
  text: string;
  position: Position;
}

/** An update opened by a level-2 heading such as `## 2021-11-26 15:02 JST — Investigating`. */
export interface HeadingUpdate {
  /** The time as written in the heading. */
  time: PlacedText;
  /** The status as written after the separator, if any. */
  status?: PlacedText;
  /** Markdown under the heading, up to the next update heading (trimmed; may be empty). */
  body: PlacedText;
  /** Position of the heading's `##`. */
  position: Position;
}

/** A Markdown record file split into front matter and prose. */
export interface MarkdownSource {
  /** Front matter as plain data (undefined when the file has none). */
  frontMatter: unknown;
  /** Locates front-matter keys; points at line 1 when there is no front matter. */
  locate: Locator;
  /** Text before the first update heading (trimmed; may be empty). */
  summary: PlacedText;
  updates: HeadingUpdate[];
}

const parser = unified().use(remarkParse).freeze();

const SEPARATOR = /\s*[—–·|]\s*|\s+-\s+/u;
// A digit, a full weekday name, or an abbreviated one followed by a comma ("Thu, Nov 25, 2021, …"), as parseTime accepts.
const STARTS_LIKE_TIME = /^(\d|(mon|tues|wednes|thurs|fri|satur|sun)day\b|(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.?,)/iu;

/** Splits a Markdown record into front matter, summary and update sections; returns undefined on a front-matter syntax error. */
export function parseMarkdownSource(text: string, file: string, diagnostics: DiagnosticCollector): MarkdownSource | undefined {
  let frontMatter: unknown;
  let locate: Locator = () => ({ line: 1, column: 1 });
  let bodyStart = 0;
  if (/^---[ \t]*\n/.test(text)) {
    const close = /^(---|\.\.\.)[ \t]*$/mu;
    const afterOpen = text.indexOf('\n') + 1;
    const match = close.exec(text.slice(afterOpen));
    if (!match) {
      diagnostics.report(file, { line: 1, column: 1 }, 'yaml-syntax', { kind: 'unclosed-front-matter' });
      return undefined;
    }
    const yamlText = text.slice(afterOpen, afterOpen + match.index);
    const lineEnd = text.indexOf('\n', afterOpen + match.index);
    bodyStart = lineEnd === -1 ? text.length : lineEnd + 1;
    if (yamlText.trim() !== '') {
      const parsed = parseYamlSource(yamlText, file, diagnostics, 1);
      if (!parsed) return undefined;
      frontMatter = parsed.value;
      locate = parsed.locate;
    }
  }

  const body = text.slice(bodyStart);
  const place = (offset: number): Position => positionOfOffset(text, bodyStart + offset);
  const deep = findDeepMarkdown(body);
  if (deep !== undefined) {
    diagnostics.report(file, place(deep), 'markdown-too-deep', MAX_MARKDOWN_NESTING);
    return undefined;
  }
  const heavy = findHeavyMarkdown(body);
  if (heavy !== undefined) {
    diagnostics.report(file, place(heavy.offset), 'markdown-too-complex', heavy.marks);
    return undefined;
  }
  const tree = parser.parse(body) as Root;
  const headings: { node: Heading; time: PlacedText; status?: PlacedText }[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading' || node.depth !== 2 || !node.position) continue;
    const start = node.position.start.offset ?? 0;
    const raw = body.slice(start, node.position.end.offset ?? start);
    const firstLine = raw.split('\n')[0] ?? '';
    const atx = /^ {0,3}##[ \t]+/u.exec(firstLine);
    const contentOffset = atx ? atx[0].length : firstLine.length - firstLine.trimStart().length;
    const content = firstLine.slice(contentOffset).replace(/[ \t]+#+[ \t]*$/u, '').trimEnd();
    if (!STARTS_LIKE_TIME.test(content)) continue;
    const separator = SEPARATOR.exec(content);
    const timeText = separator ? content.slice(0, separator.index) : content;
    const statusText = separator ? content.slice(separator.index + separator[0].length) : '';
    headings.push({
      node,
      time: { text: timeText.trim(), position: place(start + contentOffset) },
      ...(statusText.trim()
        ? { status: { text: statusText.trim(), position: place(start + contentOffset + (separator?.index ?? 0) + (separator?.[0].length ?? 0)) } }
        : {}),
    });
  }

  const section = (from: number, to: number): PlacedText => {
    const slice = body.slice(from, to);
    const leading = slice.length - slice.trimStart().length;
    return { text: slice.trim(), position: place(from + leading) };
  };
  const firstHeading = headings[0]?.node.position?.start.offset ?? body.length;
  const updates = headings.map((heading, index): HeadingUpdate => {
    const from = heading.node.position?.end.offset ?? 0;
    const to = headings[index + 1]?.node.position?.start.offset ?? body.length;
    return {
      time: heading.time,
      ...(heading.status ? { status: heading.status } : {}),
      body: section(from, to),
      position: place(heading.node.position?.start.offset ?? 0),
    };
  });
  return { frontMatter, locate, summary: section(0, firstHeading), updates };
}

/** Deepest nesting of Markdown block containers (quotes, lists) and of emphasis that content may use. */
export const MAX_MARKDOWN_NESTING = 32;

const CONTAINER_MARKER = /^[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/u;
const FENCE = /^(`{3,}|~{3,})/u;
const DELIMITER_RUN = /[*_~]+/gu;
/** A line opening with enough indentation and container markers to nest past the limit (see mayBeDeep). */
const LONG_CONTAINER_PREFIX = new RegExp(`^[ \\t>*+\\-.)0-9]{${Math.floor(MAX_MARKDOWN_NESTING / 2) + 1},}`, 'mu');
const EMPHASIS_CHARACTER = /[*_~]/g;

/**
 * False when `text` cannot nest past MAX_MARKDOWN_NESTING, which most text settles with two quick scans.
 * A line's block depth (markers + half its indentation) is at most twice the length of its opening run
 * of indentation and marker characters (a tab counts 4 columns, a marker at least one character), so a
 * line without a run of more than MAX/2 of them cannot go past MAX. Emphasis deeper than MAX needs over
 * MAX opening and as many closing delimiter runs, so at least 2 × (MAX + 1) of the characters `*_~`.
 */
function mayBeDeep(text: string): boolean {
  if (LONG_CONTAINER_PREFIX.test(text)) return true;
  EMPHASIS_CHARACTER.lastIndex = 0;
  let count = 0;
  while (EMPHASIS_CHARACTER.exec(text)) {
    count += 1;
    if (count >= 2 * (MAX_MARKDOWN_NESTING + 1)) return true;
  }
  return false;
}
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * Offset of the first place where Markdown nests block quotes, lists or emphasis deeper than
 * {@link MAX_MARKDOWN_NESTING}, or undefined. A linear scan, no parsing: the Markdown parser's time grows
 * steeply with nesting and it recurses once per level, so absurd nesting is refused before it gets there.
 * Block depth is the container markers opening a line plus half its indentation (fenced code is skipped);
 * emphasis depth counts delimiter runs that open and are later closed within one paragraph.
 */
export function findDeepMarkdown(text: string): number | undefined {
  return mayBeDeep(text) ? scanDeepMarkdown(text) : undefined;
}

/** findDeepMarkdown without the quick check (exported for the test that holds the check to it). */
export function scanDeepMarkdown(text: string): number | undefined {
  let fence: string | undefined;
  let paragraph: { offset: number; char: string; open: boolean; close: boolean }[] = [];
  const deepEmphasis = (): number | undefined => {
    const stack: number[] = [];
    const matched = new Set<number>();
    const closers = new Map<number, number>();
    paragraph.forEach((run, index) => {
      if (run.close) {
        for (let position = stack.length - 1; position >= Math.max(0, stack.length - 64); position -= 1) {
          if (paragraph[stack[position]!]!.char !== run.char) continue;
          matched.add(stack[position]!);
          closers.set(index, stack[position]!);
          stack.splice(position);
          return;
        }
      }
      if (run.open) stack.push(index);
    });
    let depth = 0;
    for (let index = 0; index < paragraph.length; index += 1) {
      if (matched.has(index)) {
        depth += 1;
        if (depth > MAX_MARKDOWN_NESTING) return paragraph[index]!.offset;
      } else if (closers.has(index)) depth -= 1;
    }
    return undefined;
  };

  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    let indent = 0;
    let position = 0;
    for (; position < line.length && (line[position] === ' ' || line[position] === '\t'); position += 1) indent = line[position] === '\t' ? indent + 4 - (indent % 4) : indent + 1;
    let rest = line;
    let markers = 0;
    for (let match = CONTAINER_MARKER.exec(rest); match && match[0].length > 0; match = CONTAINER_MARKER.exec(rest)) {
      markers += 1;
      rest = rest.slice(match[0].length);
      if (rest === '') break;
    }
    const fenceMatch = FENCE.exec(rest.trimStart());
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (markers + Math.floor(indent / 2) > MAX_MARKDOWN_NESTING) return lineStart;
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (rest.trim() === '') {
      const deep = deepEmphasis();
      if (deep !== undefined) return deep;
      paragraph = [];
      continue;
    }
    const restStart = lineStart + line.length - rest.length;
    for (const match of rest.matchAll(DELIMITER_RUN)) {
      const before = rest[match.index - 1] ?? ' ';
      const after = rest[match.index + match[0].length] ?? ' ';
      const left = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
      const right = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
      const char = match[0][0]!;
      const open = char === '_' ? left && (!right || PUNCTUATION.test(before)) : left;
      const close = char === '_' ? right && (!left || PUNCTUATION.test(after)) : right;
      if (open || close) paragraph.push({ offset: restStart + match.index, char, open, close });
    }
  }
  return deepEmphasis();
}
