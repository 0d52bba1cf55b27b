import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { renderBuildingPage, renderErrorPage } from '../../src/dev/error-page.js';
import { CLIENT_PATH, injectReloadClient, reloadEvent } from '../../src/dev/reload-client.js';
import { isIgnoredName } from '../../src/dev/watcher.js';

const broken: Diagnostic = {
  file: 'content/incidents/2021/<EX1>.yaml',
  line: 3,
  column: 9,
  severity: 'error',
  rule: 'unknown-status',
  message: 'unknown status "<script>alert(1)</script>"',
  hint: 'see docs/format.md#statuses & fix it',
  texts: {
    en: { message: 'unknown status "<script>alert(1)</script>"', hint: 'see docs/format.md#statuses & fix it' },
    ja: { message: '状態「<script>alert(1)</script>」が見つかりません', hint: 'docs/format.md#statuses を見て直す & 保存' },
  },
};

describe('the error page', () => {
  it('lists each problem as file:line:column, message and rule, escaped', () => {
    const html = renderErrorPage([broken]);
    expect(html).toContain('content/incidents/2021/&lt;EX1&gt;.yaml:3:9');
    expect(html).toContain('unknown status &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(html).toContain('[unknown-status]');
    expect(html).toContain('see docs/format.md#statuses &amp; fix it');
    expect(html).not.toContain('<script>alert');
  });

  it('shows the offending line with a caret under the column', () => {
    const html = renderErrorPage([broken], { readSource: () => 'id: EX1\nservice: exchange-online\nstatus: <b>x</b>\n' });
    expect(html).toContain('    3 | status: &lt;b&gt;x&lt;/b&gt;\n      |         ^');
  });

  it('loads the reload client so that fixing the file brings the page back', () => {
    expect(renderErrorPage([broken])).toContain(`<script src="${CLIENT_PATH}" defer></script>`);
  });

  it('counts errors in its heading and lists warnings after them', () => {
    const warning: Diagnostic = { ...broken, severity: 'warning', rule: 'missing-translation', message: 'no Japanese title', texts: { en: { message: 'no Japanese title' }, ja: { message: '日本語のタイトルがありません' } } };
    const html = renderErrorPage([warning, broken, { ...broken, line: 9 }]);
    expect(html).toContain('<h1>2 errors: the site cannot be built</h1>');
    expect(html.indexOf('no Japanese title')).toBeGreaterThan(html.indexOf(':9:9'));
  });
});

describe('the error page in Japanese', () => {
  it('says its heading, the messages, the hints and the building page in Japanese, escaped', () => {
    const html = renderErrorPage([broken], { language: 'ja', readSource: () => 'id: EX1\n\tservice: x\nstatus: \u3000x\n' });
    expect(html).toContain('<html lang="ja" data-kokuchi-dev>');
    expect(html).toContain('<h1>エラーが 1 件あるため、サイトをビルドできません</h1>');
    expect(html).toContain('状態「&lt;script&gt;alert(1)&lt;/script&gt;」が見つかりません');
    expect(html).toContain('<p class="hint">ヒント: docs/format.md#statuses を見て直す &amp; 保存</p>');
    expect(html).toContain('    3 | status: □x');
    expect(html).not.toContain('the site cannot be built');
    expect(renderBuildingPage('ja')).toContain('サイトをビルドしています…');
    expect(renderBuildingPage()).toContain('Building the site…');
  });
});

describe('the reload client', () => {
  it('goes into the head of a page', () => {
    expect(injectReloadClient('<html><head><title>x</title></head><body></body></html>')).toBe(
      `<html><head><title>x</title><script src="${CLIENT_PATH}" defer></script>\n</head><body></body></html>`,
    );
  });

  it('goes before the end of the body when there is no head, and at the end otherwise', () => {
    expect(injectReloadClient('<p>x</p></BODY>')).toBe(`<p>x</p><script src="${CLIENT_PATH}" defer></script>\n</BODY>`);
    expect(injectReloadClient('<p>x</p>')).toBe(`<p>x</p>\n<script src="${CLIENT_PATH}" defer></script>\n`);
  });

  it('is told which files changed in a server-sent event', () => {
    expect(reloadEvent({ files: ['ja/index.html'] })).toBe('event: reload\ndata: {"files":["ja/index.html"]}\n\n');
    expect(reloadEvent({ all: true })).toBe('event: reload\ndata: {"all":true}\n\n');
  });
});

describe('the watcher', () => {
  it.each(['.EX1.yaml.swp', 'EX1.yaml~', '4913', '#EX1.yaml#', 'EX1.yaml.swp', '.DS_Store'])('ignores the editor file %s', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });

  it.each(['EX1.yaml', 'EX1.ja.md', 'base.hbs', 'site.css'])('watches %s', (name) => {
    expect(isIgnoredName(name)).toBe(false);
  });
});
