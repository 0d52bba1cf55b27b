import { countDiagnostics, type Diagnostic } from '../diagnostics.js';
import { escapeHtml } from '../render/escape.js';
import { CLIENT_PATH } from './reload-client.js';

/** Options of the error page. */
export interface ErrorPageOptions {
  /** A file's text, for the offending line under each problem; undefined when not available. */
  readSource?: (file: string) => string | undefined;
  /** Warnings shown at most (the rest are counted). */
  maxWarnings?: number;
}

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

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en" data-kokuchi-dev>
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

function item(diagnostic: Diagnostic, readSource: ErrorPageOptions['readSource']): string {
  const place = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  const parts = [
    `<li class="${diagnostic.severity}"><code><span class="place">${escapeHtml(place)}</span>  ${escapeHtml(diagnostic.message)} <span class="rule">[${escapeHtml(diagnostic.rule)}]</span></code>`,
  ];
  const line = readSource?.(diagnostic.file)?.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n').split('\n')[diagnostic.line - 1];
  if (line !== undefined && line.trim() !== '') {
    const gutter = String(diagnostic.line).padStart(5);
    const shown = line.replace(/\t/gu, ' ');
    const caret = `${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min(shown.length, diagnostic.column - 1)))}^`;
    parts.push(`<pre>${escapeHtml(`${gutter} | ${shown}\n${caret}`)}</pre>`);
  }
  if (diagnostic.hint) parts.push(`<p class="hint">hint: ${escapeHtml(diagnostic.hint)}</p>`);
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
  const { errors: errorCount } = countDiagnostics(diagnostics);
  const heading = `${errorCount} error${errorCount === 1 ? '' : 's'}: the site cannot be built`;
  const body = [
    `<h1>${escapeHtml(heading)}</h1>`,
    '<p>Fix the files below and save: this page reloads by itself. <span lang="ja">下のファイルを直して保存すると、このページは自動で再読み込みされます。</span></p>',
    `<ol>\n${errors.map((diagnostic) => item(diagnostic, options.readSource)).join('\n')}\n</ol>`,
  ];
  if (warnings.length > 0) {
    body.push(`<h2>${warnings.length} warning${warnings.length === 1 ? '' : 's'}</h2>`);
    body.push(`<ol>\n${warnings.slice(0, maxWarnings).map((diagnostic) => item(diagnostic, options.readSource)).join('\n')}\n</ol>`);
    if (warnings.length > maxWarnings) body.push(`<p>… and ${warnings.length - maxWarnings} more: run <code>kokuchi check</code> to see them all.</p>`);
  }
  return page(`kokuchi: ${heading}`, body.join('\n'));
}

/** The page shown while the first build is still running; it reloads when the build is done. Pure. */
export function renderBuildingPage(): string {
  return page('kokuchi: building…', '<h1 style="color:inherit">Building the site…</h1>\n<p>This page reloads by itself when the build is done.</p>');
}
