import { countDiagnostics, textOf, type Diagnostic } from './diagnostics.js';
import { sayNow } from './messages/cli.js';
import { printable } from './messages/escape.js';
import type { MessageLanguage } from './messages/types.js';

/** How diagnostics are printed. */
export type ReportFormat = 'human' | 'json' | 'github';

/** Options of the human format. */
export interface HumanOptions {
  /** ANSI colours (only on a terminal). */
  color: boolean;
  /** Returns a file's text for source excerpts, or undefined to print none. */
  readSource?: (file: string) => string | undefined;
  /** The language of messages, hints and the summary (English unless given). */
  language?: MessageLanguage;
}

/** Options of every format. */
export interface FormatOptions {
  /** The language of messages and hints (English unless given). */
  language?: MessageLanguage;
}

/**
 * A source line as an excerpt shows it: a tab as `→` and a full-width space (U+3000) as `□`, so that
 * the characters YAML trips on can be seen; control characters as `?`, so that none reaches the terminal.
 */
export function visibleSourceLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\t/gu, '→').replace(/\u3000/gu, '□').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/gu, '?');
}

/** Characters of a source line shown in an excerpt. */
const EXCERPT_WIDTH = 120;

const paint = (enabled: boolean, code: string, text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * One line per problem, `path:line:column  severity  message  [rule]`, then the hint and, when sources
 * are available, the offending line with a caret; a closing count.
 */
export function formatHuman(diagnostics: readonly Diagnostic[], options: HumanOptions): string {
  const { color } = options;
  const language = options.language ?? 'en';
  const hintLabel = sayNow(language, 'hint-label');
  const hintIndent = ' '.repeat(4 + displayWidth(hintLabel) + 1);
  const lines: string[] = [];
  const cache = new Map<string, string[] | undefined>();
  for (const item of diagnostics) {
    const severity = item.severity === 'error' ? paint(color, '31;1', sayNow(language, 'severity-error')) : paint(color, '33;1', sayNow(language, 'severity-warning'));
    const { message, hint } = textOf(item, language);
    lines.push(`${paint(color, '1', `${printable(item.file)}:${item.line}:${item.column}`)}  ${severity}  ${message}  ${paint(color, '2', `[${item.rule}]`)}`);
    if (options.readSource) {
      if (!cache.has(item.file)) cache.set(item.file, options.readSource(item.file)?.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n'));
      const sourceLine = cache.get(item.file)?.[item.line - 1];
      if (sourceLine !== undefined && sourceLine.trim() !== '') {
        const gutter = String(item.line).padStart(5);
        // Control characters (NUL, ESC, …) never reach the terminal; long lines show a window around the column.
        const visible = visibleSourceLine(sourceLine);
        const start = Math.max(0, Math.min(item.column - 1 - 60, visible.length - EXCERPT_WIDTH));
        const shown = `${start > 0 ? '…' : ''}${visible.slice(start, start + EXCERPT_WIDTH)}${start + EXCERPT_WIDTH < visible.length ? '…' : ''}`;
        const caret = (start > 0 ? 1 : 0) + displayWidth(visible.slice(start, Math.max(start, item.column - 1)));
        lines.push(`${paint(color, '2', `${gutter} |`)} ${shown}`);
        lines.push(`${' '.repeat(gutter.length)} ${paint(color, '2', '|')} ${' '.repeat(caret)}${paint(color, item.severity === 'error' ? '31;1' : '33;1', '^')}`);
      }
    }
    if (hint) {
      const [firstHint, ...rest] = hint.split('\n');
      lines.push(`    ${paint(color, '36', hintLabel)} ${firstHint}`);
      for (const more of rest) lines.push(`${hintIndent}${more}`);
    }
  }
  lines.push(summarize(diagnostics, language));
  return `${lines.join('\n')}\n`;
}

/** `2 errors, 1 warning` or `no problems` (`エラー 2 件、警告 1 件` or `問題はありません`). */
export function summarize(diagnostics: readonly Diagnostic[], language: MessageLanguage = 'en'): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  return sayNow(language, 'summary', errors, warnings);
}

/** One JSON array of `{file, line, column, severity, rule, message, hint?, language}`, message and hint in the chosen language. */
export function formatJson(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const language = options.language ?? 'en';
  return `${JSON.stringify(
    diagnostics.map((item) => {
      const { file, line, column, severity, rule } = item;
      const { message, hint } = textOf(item, language);
      return { file, line, column, severity, rule, message, ...(hint ? { hint } : {}), language };
    }),
    null,
    2,
  )}\n`;
}

/** GitHub Actions workflow commands, so problems show on the pull request's diff. */
export function formatGithub(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const language = options.language ?? 'en';
  const escapeData = (text: string) => printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return diagnostics
    .map((item) => {
      const { message: text, hint } = textOf(item, language);
      const message = hint ? `${text} (${hint})` : text;
      return `::${item.severity} file=${escapeProperty(item.file)},line=${item.line},col=${item.column},title=${escapeProperty(`kokuchi ${item.rule}`)}::${escapeData(message)}\n`;
    })
    .join('');
}

/** Prints diagnostics in the chosen format. */
export function formatReport(diagnostics: readonly Diagnostic[], format: ReportFormat, options: HumanOptions): string {
  switch (format) {
    case 'json':
      return formatJson(diagnostics, options);
    case 'github':
      return formatGithub(diagnostics, options);
    default:
      return formatHuman(diagnostics, options);
  }
}

/** Columns a terminal uses for a text: East Asian wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000 ? 2 : 1;
  }
  return width;
}
