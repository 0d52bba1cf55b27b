import { countDiagnostics, textOf, type Diagnostic } from '../diagnostics.js';
import type { MessageLanguage } from '../messages/types.js';
import { escapeHtml } from '../render/escape.js';
import { visibleSourceLine } from '../report.js';
import { CLIENT_PATH } from './reload-client.js';

/** Options of the error page. */
export interface ErrorPageOptions {
  /** A file's text, for the offending line under each problem; undefined when not available. */
  readSource?: (file: string) => string | undefined;
  /** Warnings shown at most (the rest are counted). */
  maxWarnings?: number;
  /** The language of the page and its messages (English unless given). */
  language?: MessageLanguage;
}

/** The page's own words in each language. */
const WORDS = {
  en: {
    heading: (errors: number) => `${errors} error${errors === 1 ? '' : 's'}: the site cannot be built`,
    intro: '<p>Fix the files below and save: this page reloads by itself. <span lang="ja">下のファイルを直して保存すると、このページは自動で再読み込みされます。</span></p>',
    warnings: (count: number) => `${count} warning${count === 1 ? '' : 's'}`,
    more: (count: number) => `<p>… and ${count} more: run <code>kokuchi check</code> to see them all.</p>`,
    hint: 'hint:',
    buildingTitle: 'kokuchi: building…',
    building: '<h1 style="color:inherit">Building the site…</h1>\n<p>This page reloads by itself when the build is done.</p>',
  },
  ja: {
    heading: (errors: number) => `エラーが ${errors} 件あるため、サイトをビルドできません`,
    intro: '<p>下のファイルを直して保存すると、このページは自動で再読み込みされます。 <span lang="en">Fix the files below and save: this page reloads by itself.</span></p>',
    warnings: (count: number) => `警告 ${count} 件`,
    more: (count: number) => `<p>…ほかに ${count} 件あります。すべて見るには <code>kokuchi check</code> を実行してください。</p>`,
    hint: 'ヒント:',
    buildingTitle: 'kokuchi: ビルド中…',
    building: '<h1 style="color:inherit">サイトをビルドしています…</h1>\n<p>ビルドが終わると、このページは自動で再読み込みされます。</p>',
  },
} as const;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fff;color:#1b1b1b}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.4rem;color:#a4262c;margin:0 0 .25rem}
ol{padding:0;list-style:none}
li{border-left:4px solid #a4262c;background:#fdf3f4;margin:0 0 1rem;padding:.5rem .75rem}
li.warning{border-color:#8a6d00;background:#fff9e6}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{margin:.4rem 0 0;overflow-x:auto;white-space:pre}
.place{font-weight:600}.rule{color:#555}.hint{margin:.25rem 0 0;color:#333}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}li{background:#3a1d1f}li.warning{background:#3a3219}.rule,.hint{color:#bbb}h1{color:#ff8a8f}}`;

/** The Content-Security-Policy sent with the dev server's own pages. */
export const DEV_PAGE_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function page(title: string, body: string, language: MessageLanguage): string {
  return `<!doctype html>
<html lang="${language}" data-kokuchi-dev>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script src="${CLIENT_PATH}" defer></script>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function item(diagnostic: Diagnostic, readSource: ErrorPageOptions['readSource'], language: MessageLanguage): string {
  const place = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  const { message, hint } = textOf(diagnostic, language);
  const parts = [
    `<li class="${diagnostic.severity}"><code><span class="place">${escapeHtml(place)}</span>  ${escapeHtml(message)} <span class="rule">[${escapeHtml(diagnostic.rule)}]</span></code>`,
  ];
  const line = readSource?.(diagnostic.file)?.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n').split('\n')[diagnostic.line - 1];
  if (line !== undefined && line.trim() !== '') {
    const gutter = String(diagnostic.line).padStart(5);
    const shown = visibleSourceLine(line);
    const caret = `${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min(shown.length, diagnostic.column - 1)))}^`;
    parts.push(`<pre>${escapeHtml(`${gutter} | ${shown}\n${caret}`)}</pre>`);
  }
  if (hint) parts.push(`<p class="hint">${WORDS[language].hint} ${escapeHtml(hint)}</p>`);
  parts.push('</li>');
  return parts.join('\n');
}

/**
 * The page shown in place of every page while the content (or a template) has errors: one entry per
 * problem as `file:line:column  message [rule]`, with the offending line and the hint, every text
 * escaped. It loads the reload client, so fixing the file brings the real page back by itself. Pure.
 */
export function renderErrorPage(diagnostics: readonly Diagnostic[], options: ErrorPageOptions = {}): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
  const maxWarnings = options.maxWarnings ?? 50;
  const language = options.language ?? 'en';
  const words = WORDS[language];
  const { errors: errorCount } = countDiagnostics(diagnostics);
  const heading = words.heading(errorCount);
  const body = [
    `<h1>${escapeHtml(heading)}</h1>`,
    words.intro,
    `<ol>\n${errors.map((diagnostic) => item(diagnostic, options.readSource, language)).join('\n')}\n</ol>`,
  ];
  if (warnings.length > 0) {
    body.push(`<h2>${words.warnings(warnings.length)}</h2>`);
    body.push(`<ol>\n${warnings.slice(0, maxWarnings).map((diagnostic) => item(diagnostic, options.readSource, language)).join('\n')}\n</ol>`);
    if (warnings.length > maxWarnings) body.push(words.more(warnings.length - maxWarnings));
  }
  return page(`kokuchi: ${heading}`, body.join('\n'), language);
}

/** The page shown while the first build is still running; it reloads when the build is done. Pure. */
export function renderBuildingPage(language: MessageLanguage = 'en'): string {
  return page(WORDS[language].buildingTitle, WORDS[language].building, language);
}
