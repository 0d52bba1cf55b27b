/**
 * Plain text ↔ Markdown for sources whose update bodies are plain text (Statuspage): the text is
 * written into records as Markdown that renders as exactly that text (every character that could
 * start Markdown or GFM syntax is escaped, line breaks become hard breaks), and a record's Markdown
 * is read back as the plain text a reader sees (for the Statuspage-compatible API). Pure: no I/O.
 * @module
 */
import type { Break, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Markdown that renders as `text`: paragraphs where the text has blank lines, hard line breaks where
 * it has single ones, and everything else escaped by mdast-util-to-markdown's own rules (so `*`,
 * `_`, `#`, `1.`, `<`, `[`, `|`, `~` … stay characters). Spaces at the start and end of lines, which
 * HTML would not show, are dropped.
 */
export function plainTextToMarkdown(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/gu, '\n')
    .split(/\n[ \t]*\n/u)
    .map((block) => block.split('\n').map((line) => line.trim()).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0);
  const root: Root = {
    type: 'root',
    children: paragraphs.map((lines): Paragraph => ({
      type: 'paragraph',
      children: lines.flatMap((line, index): PhrasingContent[] => (index === 0 ? [textNode(line)] : [{ type: 'break' } satisfies Break, textNode(line)])),
    })),
  };
  if (root.children.length === 0) return '';
  return toMarkdown(root, { extensions: [gfmToMarkdown()], unsafe: [ANY_ANGLE_BRACKET] }).trimEnd();
}

/**
 * mdast-util-to-markdown escapes `<` only before a letter, `!`, `/` or `?` (HTML and URL
 * autolinks), but CommonMark's email autolinks may start with any of `.!#$%&'*+/=?^_`{|}~-`
 * (`<#@0>` is a link to `mailto:#@0`). Escaping every `<` in text costs one backslash and leaves
 * nothing to chance.
 */
const ANY_ANGLE_BRACKET = { character: '<', inConstruct: 'phrasing' } as const;

function textNode(value: string): Text {
  return { type: 'text', value };
}

/**
 * The text a reader sees in rendered Markdown: blocks separated by a blank line, hard breaks as line
 * breaks, list items on lines of their own (`- ` or `1. `), link and image text without their URLs,
 * code as its text. The inverse of {@link plainTextToMarkdown} for the text it writes.
 */
export function markdownToPlainText(markdown: string): string {
  return proseText(markdown)?.trim() ?? parsedPlainText(markdown);
}

/** markdownToPlainText the long way, always through the parser (what the shortcut for prose must agree with). */
export function parsedPlainText(markdown: string): string {
  return blocksText(parser.parse(markdown).children).trim();
}

/** What can start Markdown or GFM syntax anywhere in a line (or a line ending other than `\n`, or a tab). */
const INLINE_SYNTAX = /[\\`*_~[\]<&|@\r\t\0]|:\/\/|www\./iu;
/** What can start block syntax at the start of a line: indentation, list markers, headings, quotes, setext underlines, table delimiter rows (`:-`), ordered-list numbers. */
const LINE_START_SYNTAX = /^[ \-+#>=:\d]/u;
/** A bullet list item of one line whose text starts with none of the above. */
const LIST_ITEM = /^- (?=[^ \-+#>=:\d])/u;

/**
 * The text of Markdown that is plain prose — paragraphs and simple one-line bullet lists, no character
 * that could start any other syntax — as the parser would give it; undefined for anything else. Most
 * update texts are such prose: the parser is skipped for them, which matters because the Statuspage API
 * reads every update of every incident back as plain text.
 */
function proseText(markdown: string): string | undefined {
  if (INLINE_SYNTAX.test(markdown)) return undefined;
  const blocks: { list: boolean; lines: string[] }[] = [];
  let current: { list: boolean; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (/^[ ]*$/u.test(line)) {
      current = undefined;
      continue;
    }
    const list = LIST_ITEM.test(line);
    if (!list && LINE_START_SYNTAX.test(line)) return undefined;
    if (!current) {
      // Two lists with a blank line between are one (loose) list; a paragraph line right after an item continues it.
      if (list && blocks.at(-1)?.list) return undefined;
      blocks.push((current = { list, lines: [] }));
    } else if (current.list !== list) return undefined;
    current.lines.push(line.replace(/[ ]+$/u, ''));
  }
  return blocks.map((block) => block.lines.join('\n')).join('\n\n');
}

function blocksText(nodes: readonly RootContent[]): string {
  return nodes
    .map((node) => blockText(node))
    .filter((text) => text !== '')
    .join('\n\n');
}

function blockText(node: RootContent): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'tableCell':
      return inlineText(node.children);
    case 'code':
      return node.value;
    case 'html':
      return '';
    case 'thematicBreak':
      return '';
    case 'blockquote':
      return blocksText(node.children);
    case 'list':
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? `${(node.start ?? 1) + index}. ` : '- ';
          return `${marker}${blocksText(item.children).replace(/\n/gu, '\n  ')}`;
        })
        .join('\n');
    case 'table':
      return node.children.map((row) => row.children.map((cell) => inlineText(cell.children)).join(' | ')).join('\n');
    default:
      return 'children' in node ? blocksText(node.children as RootContent[]) : 'value' in node ? String(node.value) : '';
  }
}

function inlineText(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          return node.value;
        case 'break':
          return '\n';
        case 'html':
          return '';
        case 'image':
          return node.alt ?? '';
        default:
          return 'children' in node ? inlineText(node.children as PhrasingContent[]) : '';
      }
    })
    .join('');
}
