/**
 * Turns the HTML of one Microsoft 365 service health post into the labelled fields of an update.
 *
 * Official posts are written as labelled lines, `<b>Title</b>: …<br><br><b>User impact</b>: …`.
 * The HTML is parsed into a hast tree (hast-util-from-html), split at the bold labels that open a
 * line, and each part is converted to Markdown through mdast (hast-util-to-mdast,
 * mdast-util-to-markdown), so lists stay lists and links stay links. Pure: no I/O.
 * @module
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastRootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toMdast } from 'hast-util-to-mdast';
import type { List, ListItem, Nodes as MdastNodes, Paragraph, PhrasingContent, Root as MdastRoot } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { parseTime, type Instant, type TimeRule } from '../time.js';

/** Text fields of an update that a post fills, as Markdown (`title` as plain text). */
export const POST_TEXT_KEYS = ['title', 'impact', 'more_info', 'current_status', 'final_status', 'scope', 'root_cause', 'next_steps', 'body'] as const;
/** A text field a post fills. */
export type PostTextKey = (typeof POST_TEXT_KEYS)[number];

/** Time fields of an update that a post fills. */
export const POST_TIME_KEYS = ['start', 'end', 'next_update'] as const;
/** A time field a post fills. */
export type PostTimeKey = (typeof POST_TIME_KEYS)[number];

/** A labelled time that the time parser could not read; its text is kept in the body. */
export interface UnreadTime {
  /** The label as printed in the post, e.g. `Next update by`. */
  label: string;
  /** The text after the label. */
  text: string;
  /** The time parser's rule id. */
  rule: TimeRule;
  /** Why it could not be read. */
  message: string;
  /** What a correct time looks like. */
  hint?: string;
}

/** What one post says, split into the record's update fields. */
export interface PostContent {
  /** Markdown per field (plain text for `title`); absent fields were not in the post. */
  text: Partial<Record<PostTextKey, string>>;
  /** Labelled times as instants. */
  times: Partial<Record<PostTimeKey, Instant>>;
  /** Labelled times that could not be read (kept in `text.body`). */
  unreadTimes: UnreadTime[];
  /** True when the HTML was nested deeper than {@link MAX_POST_HTML_DEPTH} and only its text was kept. */
  flattened?: boolean;
}

/** HTML nested deeper than this is imported as plain text (official posts use a handful of levels). */
export const MAX_POST_HTML_DEPTH = 64;

/** Elements whose content is never text for readers. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'head', 'title', 'meta', 'link']);

/** Markdown hard-break backslashes (one, or doubled by escaping) before a line break or at the end. */
const HARD_BREAK = /\\+(?=[ \t]*(?:\r?\n|<br\s*\/?>|<\/(?:p|div|li)>|$))/giu;

/** Removes Markdown hard-break backslashes at line ends, which some tools leave in titles and posts. */
export function removeHardBreaks(text: string): string {
  return text.replace(HARD_BREAK, '');
}

type LabelTarget = Exclude<PostTextKey, 'body'> | PostTimeKey;

/** The labels of official posts (lower case, without the colon) and the field each fills. */
const LABELS: ReadonlyMap<string, LabelTarget> = new Map([
  ['title', 'title'],
  ['user impact', 'impact'],
  ['impact', 'impact'],
  ['more info', 'more_info'],
  ['more information', 'more_info'],
  ['current status', 'current_status'],
  ['final status', 'final_status'],
  ['scope of impact', 'scope'],
  ['scope', 'scope'],
  ['start time', 'start'],
  ['end time', 'end'],
  ['root cause', 'root_cause'],
  ['preliminary root cause', 'root_cause'],
  ['next steps', 'next_steps'],
  ['next update by', 'next_update'],
  ['next update', 'next_update'],
]);

const TIME_TARGETS = new Set<LabelTarget>(POST_TIME_KEYS);

/** A label written as plain text at the start of a line: a few words and a colon (checked against LABELS). */
const PLAIN_LABEL = /^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:\s*/u;

/** Elements after which a new line starts, so that a bold label inside them can open a field. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** One part of the post: the text before the first label (label undefined), or one label and what follows it. */
interface Section {
  label?: { text: string; target: LabelTarget };
  tree: HastRoot;
}

/**
 * Parses a post's HTML (or plain text, when `contentType` is `text`) into labelled fields.
 * Repeated labels are joined with a blank line; a repeated title or time, text without a label and
 * labelled times that cannot be read go to `body`. `primaryZone` is only used for times written in
 * the local-plus-UTC-echo style; official posts state UTC.
 */
export function postHtmlToUpdate(source: string, options: { contentType?: string; primaryZone?: string } = {}): PostContent {
  const html = removeHardBreaks(source);
  let tree: HastRoot;
  let flattened = false;
  if (options.contentType?.toLowerCase() === 'text') tree = plainTextTree(html);
  else {
    // parse5 parses without recursion; the tree is converted (recursively) only when it is shallow enough.
    const fragment = parseFragment(html);
    flattened = parse5DepthOf(fragment) > MAX_POST_HTML_DEPTH;
    tree = flattened ? plainTextTree(parse5Text(fragment)) : (fromParse5(fragment) as HastRoot);
  }
  dropHiddenElements(tree);
  // Content typed as HTML that has no elements at all is plain text with line breaks.
  if (tree.children.every((child) => child.type === 'text') && html.includes('\n')) tree = plainTextTree(plainText(tree, { keepLines: true }));
  const sections = splitAtLabels(tree);
  const text: PostContent['text'] = {};
  const times: PostContent['times'] = {};
  const unreadTimes: UnreadTime[] = [];
  const bodyParts: string[] = [];
  const append = (key: Exclude<PostTextKey, 'title'>, markdown: string) => {
    if (key === 'body') bodyParts.push(markdown);
    else text[key] = text[key] === undefined ? markdown : `${text[key]}\n\n${markdown}`;
  };
  const keepInBody = (label: string, value: string) => bodyParts.push(`**${label}**: ${escapeMarkdownLine(value)}`);

  for (const section of sections) {
    const { label } = section;
    if (!label) {
      const markdown = hastToMarkdown(section.tree);
      if (markdown) append('body', markdown);
      continue;
    }
    if (label.target === 'title' || TIME_TARGETS.has(label.target)) {
      const plain = plainText(section.tree);
      if (!plain) continue;
      if (label.target === 'title') {
        if (text.title === undefined) text.title = plain;
        else keepInBody(label.text, plain);
        continue;
      }
      const target = label.target as PostTimeKey;
      const parsed = parseTime(plain, { primaryZone: options.primaryZone ?? 'UTC' });
      if (parsed.ok && times[target] === undefined) {
        times[target] = parsed.instant;
      } else {
        if (!parsed.ok) unreadTimes.push({ label: label.text, text: plain, rule: parsed.rule, message: parsed.message, ...(parsed.hint ? { hint: parsed.hint } : {}) });
        keepInBody(label.text, plain);
      }
      continue;
    }
    const { markdown, closing } = hastToMarkdownWithClosing(section.tree);
    if (markdown) append(label.target as Exclude<PostTextKey, 'title'>, markdown);
    if (closing) append('body', closing);
  }
  if (bodyParts.length > 0) text.body = bodyParts.join('\n\n');
  return { text, times, unreadTimes, ...(flattened ? { flattened } : {}) };
}

/** Removes script, style and other elements whose content readers never see (walked without recursion). */
function dropHiddenElements(tree: HastRoot): void {
  const stack: (HastRoot | Element)[] = [tree];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    parent.children = (parent.children as HastRootContent[]).filter((child) => !(child.type === 'element' && HIDDEN_ELEMENTS.has(child.tagName))) as typeof parent.children;
    for (const child of parent.children) if (child.type === 'element') stack.push(child);
    if (parent.type === 'element' && parent.tagName === 'template') parent.children = [];
  }
}

type Parse5Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment'];

function parse5Children(node: Parse5Node): Parse5Node[] {
  if (node.nodeName === 'template' && 'content' in node) return node.content.childNodes as Parse5Node[];
  return 'childNodes' in node ? (node.childNodes as Parse5Node[]) : [];
}

/** The deepest nesting of elements in a parse5 tree, measured without recursion (stops past the limit). */
function parse5DepthOf(root: Parse5Node): number {
  let deepest = 0;
  const stack: [Parse5Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_POST_HTML_DEPTH) return deepest;
    for (const child of parse5Children(node)) if ('tagName' in child) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The text of a parse5 tree with a line break at each `<br>` and block, walked without recursion; hidden elements give none. */
function parse5Text(root: Parse5Node): string {
  const parts: string[] = [];
  const stack: (Parse5Node | 'close')[] = [...parse5Children(root)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'close') parts.push('\n');
    else if (node.nodeName === '#text' && 'value' in node) parts.push(node.value);
    else if ('tagName' in node && !HIDDEN_ELEMENTS.has(node.tagName)) {
      if (node.tagName === 'br') parts.push('\n');
      if (BLOCK_ELEMENTS.has(node.tagName)) stack.push('close');
      const children = parse5Children(node);
      for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
    }
  }
  return parts
    .join('')
    .replace(/[ \t]+/gu, ' ')
    .replace(/ *\n[ \n]*/gu, (match) => (match.split('\n').length > 2 ? '\n\n' : '\n'))
    .trim();
}

/**
 * Splits the tree at bold labels that open a line. Every text and empty element is assigned to the
 * section open at its place in document order; each section is then the tree filtered to its own
 * nodes, so a label inside a paragraph and a list after it end up in the same section.
 */
function splitAtLabels(tree: HastRoot): Section[] {
  const owner = new Map<HastRootContent, number>();
  const labels: NonNullable<Section['label']>[] = [];
  let current = 0;
  let lineStart = true;
  let stripColon = false;
  // A title or a time fills one line: what follows it on later lines, until the next label, is body text.
  let singleLine = false;
  let lineHasText = false;
  const endLine = () => {
    if (singleLine && lineHasText) {
      current = 0;
      singleLine = false;
    }
    lineStart = true;
  };

  const startLabel = (text: string, target: LabelTarget) => {
    labels.push({ text, target });
    current = labels.length;
    stripColon = true;
    singleLine = target === 'title' || TIME_TARGETS.has(target);
    lineHasText = false;
  };

  const visit = (node: HastRootContent): void => {
    if (node.type === 'text') {
      const plainLabel = lineStart && !stripColon ? PLAIN_LABEL.exec(node.value) : null;
      const plainTarget = plainLabel ? LABELS.get(plainLabel[1]!.toLowerCase().replace(/\s+/gu, ' ')) : undefined;
      if (plainLabel && plainTarget) {
        // Some posts write the label without bold: "Title: …" at the start of a line.
        startLabel(plainLabel[1]!.trim(), plainTarget);
        node.value = node.value.slice(plainLabel[0].length);
        stripColon = false;
      }
      if (node.value.trim() !== '') lineHasText = true;
      if (stripColon) {
        // The colon after a label may stand in the next text node, after white space or not at all.
        const lead = /^\s*:?/u.exec(node.value)![0];
        node.value = node.value.slice(lead.length);
        if (lead.includes(':') || node.value !== '') stripColon = false;
      }
      owner.set(node, current);
      if (node.value.trim() !== '') lineStart = false;
      return;
    }
    if (node.type !== 'element') return;
    const name = node.tagName;
    if ((name === 'b' || name === 'strong') && lineStart) {
      const written = plainText({ type: 'root', children: node.children }).replace(/\s*:\s*$/u, '');
      const target = LABELS.get(written.toLowerCase().replace(/\s+/gu, ' '));
      if (target) {
        startLabel(written, target);
        return;
      }
    }
    if (node.children.length === 0) {
      if (name === 'br' || BLOCK_ELEMENTS.has(name)) {
        endLine();
        owner.set(node, current);
      } else {
        owner.set(node, current);
        lineStart = false;
      }
      return;
    }
    const block = BLOCK_ELEMENTS.has(name);
    if (block) endLine();
    for (const child of node.children) visit(child);
    if (block) endLine();
  };
  for (const child of tree.children) visit(child);

  const sections: Section[] = [];
  for (let index = 0; index <= labels.length; index += 1) {
    const children = tree.children.flatMap((child) => {
      const kept = keepOwned(child, index, owner);
      return kept ? [kept] : [];
    });
    const label = index === 0 ? undefined : labels[index - 1];
    sections.push({ ...(label ? { label } : {}), tree: { type: 'root', children } });
  }
  return sections;
}

/** A copy of `node` with only the descendants owned by section `index`; undefined when nothing is left. */
function keepOwned<T extends HastRootContent>(node: T, index: number, owner: ReadonlyMap<HastRootContent, number>): T | undefined {
  if (node.type === 'element' && node.children.length > 0) {
    const children = node.children.flatMap((child) => {
      const kept = keepOwned(child, index, owner);
      return kept ? [kept] : [];
    });
    return children.length > 0 ? ({ ...node, children } as T) : undefined;
  }
  return owner.get(node) === index ? { ...node } : undefined;
}

/** Markdown for a part of a post: paragraphs split at blank lines (`<br><br>`), lists as lists. */
function hastToMarkdown(tree: HastRoot): string {
  return mdastToMarkdown(hastToMdast(tree));
}

/**
 * Like {@link hastToMarkdown}, but a closing "This is the final update …" paragraph, which official
 * posts put after the last labelled field, is returned apart so that it goes to the body.
 */
function hastToMarkdownWithClosing(tree: HastRoot): { markdown: string; closing?: string } {
  const mdast = hastToMdast(tree);
  const last = mdast.children[mdast.children.length - 1];
  if (mdast.children.length > 1 && last?.type === 'paragraph' && CLOSING_LINE.test(phrasingText(last.children))) {
    mdast.children.pop();
    return { markdown: mdastToMarkdown(mdast), closing: mdastToMarkdown({ type: 'root', children: [last] }) };
  }
  return { markdown: mdastToMarkdown(mdast) };
}

/** The sentence official posts end with once an issue is over. */
const CLOSING_LINE = /^this is the final update\b/iu;

function hastToMdast(tree: HastRoot): MdastRoot {
  const mdast = toMdast(tree) as MdastRoot;
  wrapLoosePhrasing(mdast);
  tidyParagraphs(mdast);
  return mdast;
}

function mdastToMarkdown(mdast: MdastRoot): string {
  if (mdast.children.length === 0) return '';
  return toMarkdown(mdast, { extensions: [gfmToMarkdown()], bullet: '-', rule: '-' }).trim();
}

function phrasingText(nodes: readonly PhrasingContent[]): string {
  return nodes.map((node) => ('value' in node ? node.value : 'children' in node ? phrasingText(node.children as PhrasingContent[]) : '')).join('').trim();
}

type MdastParent = Extract<MdastNodes, { children: unknown[] }>;

const PHRASING_TYPES = new Set(['text', 'emphasis', 'strong', 'delete', 'inlineCode', 'break', 'link', 'linkReference', 'image', 'imageReference', 'html', 'footnoteReference']);

/** Puts runs of inline content that stand directly in the root (text not inside a `<p>`) into paragraphs. */
function wrapLoosePhrasing(root: MdastRoot): void {
  const children: MdastRoot['children'] = [];
  let run: PhrasingContent[] | undefined;
  for (const child of root.children) {
    if (PHRASING_TYPES.has(child.type)) {
      if (!run) {
        run = [];
        children.push({ type: 'paragraph', children: run });
      }
      run.push(child as PhrasingContent);
    } else {
      run = undefined;
      children.push(child);
    }
  }
  root.children = children;
}

/** Splits paragraphs at two or more line breaks and trims breaks and spaces at their ends; drops empty ones. */
function tidyParagraphs(parent: MdastParent): void {
  const children: MdastNodes[] = [];
  for (const child of parent.children as MdastNodes[]) {
    if (child.type === 'paragraph') {
      for (const part of splitParagraph(child)) children.push(...liftPseudoLists(part));
    } else {
      if ('children' in child) tidyParagraphs(child);
      children.push(child);
    }
  }
  (parent as { children: MdastNodes[] }).children = children;
}

function splitParagraph(paragraph: Paragraph): Paragraph[] {
  const groups: PhrasingContent[][] = [[]];
  const nodes = paragraph.children;
  const blank = (node: PhrasingContent | undefined) => node !== undefined && (node.type === 'break' || (node.type === 'text' && node.value.trim() === ''));
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index]!;
    if (node.type === 'break') {
      let end = index;
      let breaks = 0;
      while (blank(nodes[end])) {
        if (nodes[end]!.type === 'break') breaks += 1;
        end += 1;
      }
      if (breaks >= 2) {
        groups.push([]);
        index = end - 1;
        continue;
      }
    }
    groups[groups.length - 1]!.push(node);
  }
  return groups.flatMap((group) => {
    const trimmed = trimPhrasing(group, blank);
    return trimmed.length > 0 ? [{ type: 'paragraph' as const, children: trimmed }] : [];
  });
}

/** A line that writes a list item by hand: `- a`, `・a`, `• a`, `* a`. */
const PSEUDO_ITEM = /^\s*(?:[-*•‣・]\s+|[・•])/u;

/**
 * Turns runs of lines that start with `- `, `・` or `•` into a real list: the text before the run
 * stays a paragraph, the run becomes list items (one per line), the text after it a paragraph.
 */
function liftPseudoLists(paragraph: Paragraph): (Paragraph | List)[] {
  const lines: PhrasingContent[][] = [[]];
  for (const node of paragraph.children) {
    if (node.type === 'break') lines.push([]);
    else lines[lines.length - 1]!.push(node);
  }
  const isItem = (line: PhrasingContent[]) => line[0]?.type === 'text' && PSEUDO_ITEM.test(line[0].value);
  if (!lines.some(isItem)) return [paragraph];
  const blocks: (Paragraph | List)[] = [];
  for (const line of lines) {
    if (isItem(line)) {
      const [first, ...rest] = line as [Extract<PhrasingContent, { type: 'text' }>, ...PhrasingContent[]];
      const value = first.value.replace(PSEUDO_ITEM, '');
      const children: PhrasingContent[] = [...(value ? [{ ...first, value }] : []), ...rest];
      const item: ListItem = { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: children.length > 0 ? children : [{ type: 'text', value: '' }] }] };
      const last = blocks[blocks.length - 1];
      if (last?.type === 'list') last.children.push(item);
      else blocks.push({ type: 'list', ordered: false, spread: false, children: [item] });
      continue;
    }
    const last = blocks[blocks.length - 1];
    if (last?.type === 'paragraph') last.children.push({ type: 'break' }, ...line);
    else if (line.length > 0) blocks.push({ type: 'paragraph', children: line });
  }
  return blocks;
}

function trimPhrasing(nodes: PhrasingContent[], blank: (node: PhrasingContent | undefined) => boolean): PhrasingContent[] {
  let start = 0;
  let end = nodes.length;
  while (start < end && blank(nodes[start])) start += 1;
  while (end > start && blank(nodes[end - 1])) end -= 1;
  const result = nodes.slice(start, end).map((node) => ({ ...node }));
  const first = result[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = result[result.length - 1];
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return result;
}

/** The text of a tree with runs of white space (line breaks too, unless `keepLines`) folded into one space. */
function plainText(tree: HastRoot | { type: 'root'; children: ElementContent[] }, options: { keepLines?: boolean } = {}): string {
  const parts: string[] = [];
  const visit = (node: HastRootContent): void => {
    if (node.type === 'text') parts.push(node.value);
    else if (node.type === 'element') {
      if (node.tagName === 'br') parts.push(' ');
      for (const child of node.children) visit(child);
      if (BLOCK_ELEMENTS.has(node.tagName)) parts.push(' ');
    }
  };
  for (const child of tree.children) visit(child);
  if (options.keepLines) return parts.join('');
  return parts.join('').replace(/\s+/gu, ' ').trim();
}

/** A hast tree for a plain-text post: paragraphs at blank lines, `<br>` at single line breaks. */
function plainTextTree(text: string): HastRoot {
  const paragraphs = text.replace(/\r\n?/gu, '\n').split(/\n\s*\n/u).filter((part) => part.trim() !== '');
  const children: Element[] = paragraphs.map((paragraph) => ({
    type: 'element',
    tagName: 'p',
    properties: {},
    children: paragraph.split('\n').flatMap((line, index): ElementContent[] => [
      ...(index > 0 ? [{ type: 'element', tagName: 'br', properties: {}, children: [] } as Element] : []),
      { type: 'text', value: line },
    ]),
  }));
  return { type: 'root', children };
}

/** Escapes the characters that would make one line of plain text read as Markdown syntax. */
function escapeMarkdownLine(text: string): string {
  return toMarkdown({ type: 'paragraph', children: [{ type: 'text', value: text }] }).trim();
}
