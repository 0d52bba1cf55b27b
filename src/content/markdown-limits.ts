import type { MarkdownMarks } from '../messages/reliability.js';

/**
 * Bounds on the Markdown marks whose parsing time grows with the square of their number: emphasis
 * delimiters (micromark pairs every closer against the openers before it), `[` (every unclosed label or
 * link destination is searched to the end of its paragraph) and `<` (each may open HTML or an autolink).
 * Work is bounded per paragraph (a paragraph is where those searches stop), and so is a whole text.
 */

/** Most marks of one kind in one paragraph. */
export const MAX_MARKS_PER_PARAGRAPH = 1000;
/** Most marks of one kind in one text. */
export const MAX_MARKS_PER_TEXT = 10_000;

const KINDS: Record<string, MarkdownMarks['what']> = { '*': 'delimiters', _: 'delimiters', '~': 'delimiters', '[': 'brackets', '<': 'angles' };
const QUICK = /[*_~[<]/gu;

/**
 * The first place where `text` has more marks of one kind than the limits allow, with what was counted,
 * or undefined. A linear scan; most text settles with one count of the marks (fewer than the paragraph limit).
 */
export function findHeavyMarkdown(text: string): { offset: number; marks: MarkdownMarks } | undefined {
  const total = text.match(QUICK)?.length ?? 0;
  if (total <= MAX_MARKS_PER_PARAGRAPH) return undefined;
  const inText = { delimiters: 0, brackets: 0, angles: 0 };
  let inParagraph = { delimiters: 0, brackets: 0, angles: 0 };
  let paragraphStart = 0;
  let lineBlank = true;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\n') {
      // A blank line ends the paragraph (and with it every search the parser may make).
      if (lineBlank) {
        inParagraph = { delimiters: 0, brackets: 0, angles: 0 };
        paragraphStart = index + 1;
      }
      lineBlank = true;
      continue;
    }
    if (char !== ' ' && char !== '\t' && char !== '\r') lineBlank = false;
    const kind = KINDS[char];
    if (kind === undefined) continue;
    // An escaped mark (\* \[ \<) is text, and cheap.
    if (index > 0 && text[index - 1] === '\\' && !escapedBackslash(text, index - 1)) continue;
    inParagraph[kind] += 1;
    inText[kind] += 1;
    if (inParagraph[kind] > MAX_MARKS_PER_PARAGRAPH) return { offset: paragraphStart, marks: { what: kind, scope: 'paragraph', count: countInParagraph(text, paragraphStart, kind), limit: MAX_MARKS_PER_PARAGRAPH } };
    if (inText[kind] > MAX_MARKS_PER_TEXT) return { offset: index, marks: { what: kind, scope: 'text', count: countAll(text, kind), limit: MAX_MARKS_PER_TEXT } };
  }
  return undefined;
}

/** True when the backslash at `index` is itself escaped (an odd run of backslashes before it). */
function escapedBackslash(text: string, index: number): boolean {
  let run = 0;
  for (let position = index - 1; position >= 0 && text[position] === '\\'; position -= 1) run += 1;
  return run % 2 === 1;
}

function countInParagraph(text: string, start: number, kind: MarkdownMarks['what']): number {
  const end = text.slice(start).search(/\n[ \t\r]*\n/u);
  return countAll(end === -1 ? text.slice(start) : text.slice(start, start + end), kind);
}

function countAll(text: string, kind: MarkdownMarks['what']): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (KINDS[text[index]!] === kind && !(index > 0 && text[index - 1] === '\\' && !escapedBackslash(text, index - 1))) count += 1;
  }
  return count;
}
