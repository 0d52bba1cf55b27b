import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, foreignScripts, htmlFiles, parseHtml, textOf, validateHtml, type BuildRun, type HtmlDocument } from '../helpers/build.js';
import { lines } from '../helpers/fixture.js';

const BASE = 'https://example.com/';

/** Markdown that tries every trick a writer (or a pasted notice) could bring. */
const HOSTILE_MARKDOWN = [
  '<script>alert(1)</script>',
  '',
  'Text before <img src=x onerror=alert(1)> and after.',
  '',
  '[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( javascript:alert(1))',
  '',
  '<a href="javascript:alert(1)">raw link</a> <a href="&#106;avascript:alert(1)">entity link</a>',
  '',
  '<style>body { display: none }</style>',
  '',
  '<iframe src="https://attacker.example/"></iframe>',
  '',
  '<div style="color:red" onclick="alert(1)" onmouseover="alert(1)">styled</div>',
  '',
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">svg</a></svg>',
  '',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '',
  '![hostile picture](javascript:alert(1))',
];

const indent = (text: readonly string[], spaces: number) => text.map((line) => (line ? `${' '.repeat(spaces)}${line}` : '')).join('\n');

const TITLE = '{{#each}}{{this}}{{/each}} {{{raw}}} {{t "x"}} <b>bold</b>';
const SERVICE_JA = '{{{raw}}} サービス';
const SERVICE_EN = '{{t "x"}} service {{#each}}{{this}}{{/each}}';

/** An inline site with hostile text in every writer-controlled place. */
const FIXTURE = {
  'content/services.yaml': lines(`evil: {ja: ${JSON.stringify(SERVICE_JA)}, en: ${JSON.stringify(SERVICE_EN)}}`, 'exchange-online: {ja: Exchange Online, en: Exchange Online}'),
  'content/incidents/EX1.yaml': [
    'id: EX1',
    'service: evil',
    `title: {en: ${JSON.stringify(TITLE)}, ja: ${JSON.stringify(TITLE)}}`,
    'impact: "<script>alert(1)</script>\\" onmouseover=\\"alert(1)"',
    'author: "<script>alert(1)</script>{{author}}"',
    'tags: ["{{this}}", "<b>tag</b>"]',
    'start: 2021-11-25 21:33 JST',
    'end: 2021-11-26 01:00 JST',
    'links:',
    '  - title: "<img src=x onerror=alert(1)>{{title}}"',
    '    url: "https://example.org/?q=\\"><script>alert(1)</script>"',
    'summary:',
    '  en: |',
    indent(HOSTILE_MARKDOWN, 4),
    'updates:',
    '  - at: 2021-11-25 22:00 JST',
    '    status: investigating',
    `    title: ${JSON.stringify(TITLE)}`,
    '    body: |',
    indent(HOSTILE_MARKDOWN, 6),
    '    current_status: |',
    indent(HOSTILE_MARKDOWN, 6),
    '',
  ].join('\n'),
  'content/incidents/EX2.en.md': [
    '---',
    'service: exchange-online',
    `title: ${JSON.stringify(TITLE)}`,
    'start: 2021-11-25 21:33 JST',
    '---',
    '',
    ...HOSTILE_MARKDOWN,
    '',
    '## 2021-11-25 13:00 UTC — Investigating',
    '',
    ...HOSTILE_MARKDOWN,
    '',
  ].join('\n'),
};

/**
 * True for a URL that would run code, the way browsers read it (control characters and spaces ignored,
 * any case). `data:` counts everywhere but on `<link>` (a site may use `data:,` as an empty favicon).
 */
function isScriptUrl(value: string, tagName: string): boolean {
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020]/gu, '').toLowerCase();
  return /^(javascript|vbscript):/u.test(compact) || (tagName !== 'LINK' && compact.startsWith('data:'));
}

describe('content with scripts, event handlers, styles and template syntax', () => {
  let run: BuildRun;
  const documents = new Map<string, HtmlDocument>();
  const document = (file: string) => {
    let parsed = documents.get(file);
    if (!parsed) documents.set(file, (parsed = parseHtml(run.text(file))));
    return parsed;
  };
  const pages = () => htmlFiles(run.files);

  beforeAll(async () => {
    run = await buildFixture(FIXTURE);
  });
  afterAll(() => run.remove());

  it('still builds', () => {
    expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(run.result.ok).toBe(true);
    for (const lang of ['ja', 'en']) {
      expect(run.files.has(`${lang}/incidents/ex1/index.html`)).toBe(true);
      expect(run.files.has(`${lang}/incidents/ex2/index.html`)).toBe(true);
    }
  });

  it('puts no script element on any page except the site\'s own script files and JSON-LD data', () => {
    const problems = pages().flatMap((file) => foreignScripts(file, run.text(file), document(file), run.files, BASE));
    expect(problems).toEqual([]);
  });

  it('puts no event-handler attribute, style attribute or script URL on any element', () => {
    const found: string[] = [];
    for (const file of pages()) {
      for (const element of all(document(file), '*')) {
        for (const { name, value } of Array.from(element.attributes)) {
          if (/^on/iu.test(name)) found.push(`${file}: <${element.tagName.toLowerCase()} ${name}>`);
          if (name.toLowerCase() === 'style') found.push(`${file}: <${element.tagName.toLowerCase()} style>`);
          if (isScriptUrl(value, element.tagName)) found.push(`${file}: <${element.tagName.toLowerCase()} ${name}="${value}">`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('puts no style, iframe, object or embed element on any page, and no form in an article', () => {
    for (const file of pages()) {
      expect(all(document(file), 'style, iframe, object, embed, main article form, main article button').map((element) => element.tagName), file).toEqual([]);
    }
  });

  it('turns an image whose URL was removed into its alt text', () => {
    for (const file of pages()) {
      for (const image of all(document(file), 'img')) expect(image.getAttribute('src'), `${file}: ${image.outerHTML}`).toMatch(/^https?:/u);
    }
    expect(textOf(document('en/incidents/ex1/index.html').querySelector('main'))).toContain('hostile picture');
  });

  it('keeps the text around removed markup', () => {
    const summary = textOf(document('en/incidents/ex1/index.html').querySelector('main'));
    expect(summary).toContain('Text before');
    expect(summary).toContain('and after.');
    expect(summary).toContain('raw link');
  });

  it('shows template syntax in titles and service names as literal text', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const id of ['ex1', 'ex2']) {
        const page = document(`${lang}/incidents/${id}/index.html`);
        expect(textOf(page.querySelector('h1'))).toBe(TITLE);
        expect(page.title).toContain(TITLE);
        expect(page.querySelector('h1 b')).toBeNull();
      }
      const page = document(`${lang}/incidents/ex1/index.html`);
      const serviceName = lang === 'ja' ? SERVICE_JA : SERVICE_EN;
      expect(all(page, 'main *').some((element) => textOf(element) === serviceName)).toBe(true);
      expect(all(page, 'main *').some((element) => textOf(element) === TITLE && element.tagName !== 'H1')).toBe(true);
      const listing = document(`${lang}/index.html`);
      expect(all(listing, 'main a').filter((link) => textOf(link) === TITLE)).toHaveLength(2);
    }
    expect(run.text('en/incidents/ex1/index.html')).toContain('{{t &quot;x&quot;}}');
  });

  it('escapes hostile values inside attributes', () => {
    const page = document('en/incidents/ex1/index.html');
    const description = page.querySelector('meta[name="description"]');
    expect(description?.hasAttribute('onmouseover')).toBe(false);
    const link = all(page, 'main a[href^="https://example.org/"]');
    expect(link).toHaveLength(1);
    expect(link[0]!.getAttribute('href')).toBe('https://example.org/?q="><script>alert(1)</script>');
    expect(textOf(link[0])).toBe('<img src=x onerror=alert(1)>{{title}}');
  });

  it('gives pages that still pass html-validate', async () => {
    const problems: string[] = [];
    for (const file of pages()) problems.push(...(await validateHtml(run.text(file), file)));
    expect(problems).toEqual([]);
  });
});

describe('a record link with a script URL', () => {
  it('fails the build with a positioned error', async () => {
    const run = await buildFixture({
      'content/incidents/EX1.yaml': lines(
        'id: EX1',
        'service: exchange-online',
        'title: A title',
        'start: 2021-11-25 21:33 JST',
        'links:',
        '  - title: click',
        '    url: "javascript:alert(1)"',
        'updates:',
        '  - at: 2021-11-25 22:00 JST',
        '    status: investigating',
      ),
    });
    try {
      expect(run.result.ok).toBe(false);
      expect(run.result.diagnostics).toContainEqual(expect.objectContaining({ file: 'content/incidents/EX1.yaml', line: 7, rule: 'link-scheme', severity: 'error' }));
      expect(run.files.size).toBe(0);
    } finally {
      await run.remove();
    }
  });
});

describe('the templates', () => {
  it('print raw HTML only for the page content, JSON-LD, sanitized Markdown and the pictures kokuchi draws', async () => {
    const { readTree, TEMPLATES } = await import('../helpers/build.js');
    // `picture` and `svg` are SVG made by src/render (timeline-svg.ts, history.ts), every text in them escaped.
    const allowed = new Set(['{{{content}}}', '{{{page.jsonLd}}}', '{{{html}}}', '{{{picture}}}', '{{{svg}}}']);
    const raw: string[] = [];
    for (const [file, bytes] of await readTree(TEMPLATES)) {
      if (!file.endsWith('.hbs')) continue;
      for (const match of bytes.toString('utf8').matchAll(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/gu)) {
        if (!allowed.has(match[0].replace(/\s+/gu, ''))) raw.push(`${file}: ${match[0]}`);
      }
    }
    expect(raw).toEqual([]);
  });
});
