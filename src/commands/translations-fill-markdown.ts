/**
 * `kokuchi translations --fill` for Markdown records: writes a filled text into the file of its
 * language, where the Markdown form keeps it (docs/format.md#the-markdown-form): a front-matter key
 * (`title`, `impact`, …, or an entry of a front-matter `updates:`), the prose before the first update
 * heading (the summary) or the section under an update heading (its body). A placeholder is replaced;
 * a text the file lacks is added — a front-matter key, the summary prose, or a new
 * `## <time> — <status>` section in time order. Every other byte is kept. Pure.
 * @module
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { isPlaceholder } from '../content/placeholder.js';
import { parseMarkdownSource, type MarkdownSource } from '../content/markdown-source.js';
import type { Language } from '../content/schema.js';
import { DiagnosticCollector, type Position } from '../diagnostics.js';
import { parseTime } from '../time.js';
import { fillMapSplice, type Fill } from './translations-fill-text.js';

/** What a Markdown fill needs to know besides the file. */
export interface MarkdownFillOptions {
  /** The language filled. */
  language: Language;
  /** The file's language: a plain front-matter text, the prose and the sections are in it; in a file of another language only a map's `language` key is filled. */
  fileLanguage: Language;
  /** Zone of times without one (the site's primary zone), to match update headings. */
  primaryZone: string;
  /** The heading of a new update section, e.g. `2022-03-10 09:12 JST — 調査中`. */
  heading: (epochMs: number) => string;
}

/** Where a Markdown file's front matter is: the YAML between the `---` lines, by offset; undefined when it has none. */
interface FrontMatter {
  start: number;
  end: number;
  /** Offset just after the closing line. */
  after: number;
}

function findFrontMatter(text: string): FrontMatter | undefined {
  if (!/^---[ \t]*\n/u.test(text)) return undefined;
  const start = text.indexOf('\n') + 1;
  const close = /^(---|\.\.\.)[ \t]*$/mu.exec(text.slice(start));
  if (!close) return undefined;
  const end = start + close.index;
  const lineEnd = text.indexOf('\n', end);
  return { start, end, after: lineEnd === -1 ? text.length : lineEnd + 1 };
}

function offsetOf(text: string, position: Position): number {
  let offset = 0;
  for (let line = 1; line < position.line; line += 1) offset = text.indexOf('\n', offset) + 1;
  return offset + position.column - 1;
}

const parseQuietly = (text: string): MarkdownSource | undefined => parseMarkdownSource(text, 'record.md', new DiagnosticCollector());

/** The entry of a front-matter `updates:` list at `epochMs`. */
function updateEntry(document: Document, epochMs: number, primaryZone: string): YAMLMap | undefined {
  const updates = isMap(document.contents) ? document.contents.get('updates', true) : undefined;
  if (!isSeq(updates)) return undefined;
  for (const entry of updates.items) {
    if (!isMap(entry)) continue;
    const at = entry.get('at');
    if (typeof at !== 'string') continue;
    const parsed = parseTime(at, { primaryZone });
    if (parsed.ok && parsed.instant.epochMs === epochMs) return entry;
  }
  return undefined;
}

/** The heading section of the update at `epochMs`. */
function headingAt(parsed: MarkdownSource, epochMs: number, primaryZone: string) {
  return parsed.updates.find((update) => {
    const at = parseTime(update.time.text, { primaryZone });
    return at.ok && at.instant.epochMs === epochMs;
  });
}

/** The text a Markdown file's front matter holds for a fill's key and language (undefined when it holds none). */
export function frontMatterValue(file: string, fill: Fill, options: Pick<MarkdownFillOptions, 'language' | 'fileLanguage' | 'primaryZone'>): unknown {
  const text = file.replace(/^\uFEFF/u, '').replace(/\r\n/gu, '\n');
  const found = findFrontMatter(text);
  if (!found) return undefined;
  const document = parseDocument(text.slice(found.start, found.end), { schema: 'core' });
  if (document.errors.length > 0) return undefined;
  const owner = fill.item.update ? updateEntry(document, fill.item.update.at.epochMs, options.primaryZone) : isMap(document.contents) ? document.contents : undefined;
  const value = owner?.get(fill.item.field);
  if (typeof value === 'string') return options.fileLanguage === options.language ? value : undefined;
  return isMap(value) ? value.get(options.language) : undefined;
}

/** One fill into the front matter: the new text, or undefined when the key is not there in a form it edits. */
function fillFrontMatter(text: string, fill: Fill, options: MarkdownFillOptions): string | undefined {
  const found = findFrontMatter(text);
  const quoted = JSON.stringify(fill.text);
  const line = `${fill.item.field}: ${quoted}\n`;
  const mine = options.fileLanguage === options.language;
  if (!found) {
    if (!mine) return undefined;
    // No front matter yet: an incident key opens one.
    return fill.item.update || fill.item.field === 'summary' ? undefined : `---\n${line}---\n${text === '' || text.startsWith('\n') ? '' : '\n'}${text}`;
  }
  const yamlText = text.slice(found.start, found.end);
  const document = parseDocument(yamlText, { schema: 'core' });
  if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents))) return undefined;
  const owner = fill.item.update ? updateEntry(document, fill.item.update.at.epochMs, options.primaryZone) : (document.contents as YAMLMap | null);
  const pair = owner?.items.find((candidate: Pair) => isScalar(candidate.key) && candidate.key.value === fill.item.field) as Pair<Node, Node> | undefined;
  const splice = (start: number, end: number, inserted: string) => text.slice(0, found.start + start) + inserted + text.slice(found.start + end);
  if (!pair) {
    if (!mine || fill.item.update || fill.item.field === 'summary') return undefined;
    return text.slice(0, found.end) + line + text.slice(found.end);
  }
  const value = pair.value;
  if (isScalar(value) && value.range) {
    // A plain text in a file of this language is this language's text: the placeholder is replaced.
    const [start, end] = value.range;
    if (!mine || typeof value.value !== 'string' || yamlText.slice(start, end).includes('\n')) return undefined;
    return splice(start, end, quoted);
  }
  const mapped = fillMapSplice(yamlText, pair, fill);
  return mapped ? splice(mapped.start, mapped.end, mapped.text) : undefined;
}

/** Whether the prose or section now says exactly the filled text. */
function saysIt(text: string, fill: Fill, options: MarkdownFillOptions, headings: number): boolean {
  const parsed = parseQuietly(text);
  if (!parsed || parsed.updates.length !== headings) return false;
  const place = fill.item.update ? headingAt(parsed, fill.item.update.at.epochMs, options.primaryZone)?.body : parsed.summary;
  return place?.text === fill.text.trim();
}

/** One fill into the prose: the summary, or an update's section (added in time order when the file has none). */
function fillProse(text: string, fill: Fill, options: MarkdownFillOptions): string | undefined {
  const parsed = options.fileLanguage === options.language ? parseQuietly(text) : undefined;
  if (!parsed) return undefined;
  const value = fill.text.trim().replace(/\r\n?/gu, '\n');
  const headings = parsed.updates.length;
  let result: string;
  if (!fill.item.update) {
    if (fill.item.field !== 'summary') return undefined;
    const summary = parsed.summary;
    if (summary.text !== '' && !isPlaceholder(summary.text)) return undefined;
    if (summary.text !== '') {
      const start = offsetOf(text, summary.position);
      result = text.slice(0, start) + value + text.slice(start + summary.text.length);
    } else {
      const at = findFrontMatter(text)?.after ?? 0;
      const rest = text.slice(at);
      const before = at === 0 ? '' : '\n';
      result = text.slice(0, at) + before + value + '\n' + (rest === '' || rest.startsWith('\n') ? '' : '\n') + rest;
    }
    return saysIt(result, fill, options, headings) ? result : undefined;
  }
  if (fill.item.field !== 'body') return undefined;
  const epochMs = fill.item.update.at.epochMs;
  const heading = headingAt(parsed, epochMs, options.primaryZone);
  if (heading) {
    if (heading.body.text !== '' && !isPlaceholder(heading.body.text)) return undefined;
    if (heading.body.text !== '') {
      const start = offsetOf(text, heading.body.position);
      result = text.slice(0, start) + value + text.slice(start + heading.body.text.length);
    } else {
      const lineEnd = text.indexOf('\n', offsetOf(text, heading.position));
      const at = lineEnd === -1 ? text.length : lineEnd;
      const rest = text.slice(at);
      // Into the blank lines under the heading when there are two (one stays on each side), else after it.
      if (rest.startsWith('\n\n\n')) result = text.slice(0, at + 2) + `${value}\n` + text.slice(at + 2);
      else result = text.slice(0, at) + `\n\n${value}` + (rest === '' ? '\n' : rest.startsWith('\n\n') || rest === '\n' ? '' : '\n') + rest;
    }
    return saysIt(result, fill, options, headings) ? result : undefined;
  }
  // No section for this update yet: one goes in time order (the file's order, oldest or newest first).
  const instants = parsed.updates.map((update) => {
    const at = parseTime(update.time.text, { primaryZone: options.primaryZone });
    return at.ok ? at.instant.epochMs : Number.NaN;
  });
  if (instants.some(Number.isNaN)) return undefined;
  const newestFirst = instants.length >= 2 && instants.every((value, index) => index === 0 || value < instants[index - 1]!);
  const next = parsed.updates.findIndex((_update, index) => (newestFirst ? instants[index]! < epochMs : instants[index]! > epochMs));
  const section = `## ${options.heading(epochMs)}\n\n${value}\n`;
  if (next !== -1) {
    const at = offsetOf(text, parsed.updates[next]!.position);
    result = text.slice(0, at) + section + '\n' + text.slice(at);
  } else {
    const base = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    const blank = base === '' || base.endsWith('\n\n') ? '' : '\n';
    result = base + blank + section;
  }
  return saysIt(result, fill, options, headings + 1) ? result : undefined;
}

/**
 * Writes the fills of one language's Markdown file into its text ('' for a file to create). Every byte
 * outside the filled values (and the keys, prose or sections added for them) is unchanged; line endings
 * and a byte-order mark are kept. Returns the fills it could not place (a layout it does not edit).
 */
export function applyMarkdownFills(text: string, fills: readonly Fill[], options: MarkdownFillOptions): { text: string; skipped: Fill[] } {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const raw = text.slice(bom.length);
  const crlf = raw.includes('\r\n');
  // Mixed line endings: edited texts could not keep every byte.
  if (/\r(?!\n)/u.test(raw) || (crlf && /(?<!\r)\n/u.test(raw))) return { text, skipped: [...fills] };
  let work = crlf ? raw.replace(/\r\n/gu, '\n') : raw;
  const skipped: Fill[] = [];
  for (const fill of fills) {
    const inFrontMatter = frontMatterValue(work, fill, options) !== undefined || (fill.item.field !== 'summary' && fill.item.field !== 'body');
    const next = inFrontMatter ? fillFrontMatter(work, fill, options) : fillProse(work, fill, options);
    if (next === undefined || (inFrontMatter && frontMatterValue(next, fill, options) !== fill.text)) skipped.push(fill);
    else work = next;
  }
  return { text: bom + (crlf ? work.replace(/\n/gu, '\r\n') : work), skipped };
}
