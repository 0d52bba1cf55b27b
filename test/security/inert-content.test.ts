import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, htmlFiles, parseHtml, type BuildRun, type HtmlDocument } from '../helpers/build.js';
import { collapse, elementsWithText, hostileMarkdown, hostileText, unsafeMarkup, xmlAttributeProblems } from '../fixtures/hostile/hostile.js';

/** Every plain-text field a writer controls, with the hostile text it gets. */
const TEXT = {
  siteTitleJa: hostileText('site title ja'),
  siteTitleEn: hostileText('site title en'),
  siteDescriptionEn: hostileText('site description en'),
  serviceJa: hostileText('service ja'),
  serviceEn: hostileText('service en'),
  titleJa: hostileText('title ja'),
  titleEn: hostileText('title en'),
  author: hostileText('author'),
  tag: hostileText('tag'),
  linkTitle: hostileText('link title'),
  updateTitle: hostileText('update title'),
  markdownTitle: hostileText('markdown title'),
};

const q = (text: string) => JSON.stringify(text);
const block = (markdown: string, spaces: number) => `|\n${markdown.split('\n').map((line) => (line ? `${' '.repeat(spaces)}${line}` : '')).join('\n')}`;

const FILES = {
  'content/site.yaml': [
    `title: {ja: ${q(TEXT.siteTitleJa)}, en: ${q(TEXT.siteTitleEn)}}`,
    `description: {ja: ${q(TEXT.siteDescriptionEn)}, en: ${q(TEXT.siteDescriptionEn)}}`,
    'base_url: https://example.com/',
    '',
  ].join('\n'),
  'content/services.yaml': `evil: {ja: ${q(TEXT.serviceJa)}, en: ${q(TEXT.serviceEn)}}\nexchange-online: {ja: Exchange Online, en: Exchange Online}\n`,
  'content/incidents/EX1.yaml': [
    'id: EX1',
    'service: evil',
    `title: {ja: ${q(TEXT.titleJa)}, en: ${q(TEXT.titleEn)}}`,
    `author: ${q(TEXT.author)}`,
    `tags: [${q(TEXT.tag)}]`,
    'start: 2021-11-25 21:33 JST',
    'end: 2021-11-26 01:00 JST',
    'links:',
    `  - title: ${q(TEXT.linkTitle)}`,
    '    url: "https://example.org/?q=\\"><script>alert(1)</script>"',
    `impact: {en: ${q(hostileMarkdown('impact'))}}`,
    `summary:\n  en: ${block(hostileMarkdown('summary'), 4)}\n  ja: ${block(hostileMarkdown('summary ja'), 4)}`,
    `root_cause: {en: ${q(hostileMarkdown('root cause'))}}`,
    'updates:',
    '  - at: 2021-11-25 22:00 JST',
    '    status: investigating',
    `    title: ${q(TEXT.updateTitle)}`,
    `    body: {en: ${q(hostileMarkdown('update body'))}, ja: ${q(hostileMarkdown('update body ja'))}}`,
    `    more_info: {en: ${q(hostileMarkdown('more info'))}}`,
    '',
  ].join('\n'),
  'content/incidents/EX2.en.md': [
    '---',
    'service: exchange-online',
    `title: ${q(TEXT.markdownTitle)}`,
    'start: 2021-11-25 21:33 JST',
    '---',
    '',
    hostileMarkdown('md summary'),
    '## 2021-11-25 13:00 UTC — Investigating',
    '',
    hostileMarkdown('md update'),
  ].join('\n'),
};

describe('hostile text in every field a writer controls', () => {
  let run: BuildRun;
  const parsed = new Map<string, HtmlDocument>();
  const page = (file: string) => {
    let document = parsed.get(file);
    if (!document) parsed.set(file, (document = parseHtml(run.text(file))));
    return document;
  };

  beforeAll(async () => {
    run = await buildFixture(FILES);
  });
  afterAll(() => run.remove());

  it('still builds the site', () => {
    expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(run.result.ok).toBe(true);
    expect(htmlFiles(run.files).length).toBeGreaterThan(6);
  });

  it('puts no foreign script, event handler, style, frame or dangerous URL on any page', () => {
    const problems = htmlFiles(run.files).flatMap((file) => unsafeMarkup(file, run.text(file), page(file), run.files));
    expect(problems).toEqual([]);
  });

  it('shows every plain-text field literally, template syntax included', () => {
    const expectText = (file: string, text: string, selector?: string) => {
      const found = selector ? all(page(file), selector).filter((element) => collapse(element.textContent ?? '') === collapse(text)) : elementsWithText(page(file), text);
      expect(found.length, `${file}: no element shows ${text}`).toBeGreaterThan(0);
    };
    const en = 'en/incidents/ex1/index.html';
    const ja = 'ja/incidents/ex1/index.html';
    expectText(en, TEXT.titleEn, 'h1');
    expectText(ja, TEXT.titleJa, 'h1');
    expectText(en, TEXT.serviceEn);
    expectText(ja, TEXT.serviceJa);
    expectText(en, TEXT.author);
    expectText(en, TEXT.tag);
    expectText(en, TEXT.linkTitle, 'a');
    expectText(en, TEXT.updateTitle);
    expectText('en/incidents/ex2/index.html', TEXT.markdownTitle, 'h1');
    expectText(en, TEXT.siteTitleEn);
    expectText(ja, TEXT.siteTitleJa);
    expect(page(en).title).toContain(collapse(TEXT.titleEn));
    expect(page('en/index.html').querySelector('meta[name="description"]')?.getAttribute('content')).toBe(TEXT.siteDescriptionEn);
  });

  it('shows template syntax inside Markdown literally', () => {
    const text = collapse(page('en/incidents/ex1/index.html').querySelector('main')?.textContent ?? '');
    for (const label of ['summary', 'impact', 'root cause', 'update body', 'more info']) {
      expect(text).toContain(`${label}: {{x}} {{{x}}} {{> p}} {{#each x}}{{this}}{{/each}} {{count}} $t(nav.main) $t(status.investigating) {{- x}}`);
    }
    expect(collapse(page('en/incidents/ex2/index.html').querySelector('main')?.textContent ?? '')).toContain('md update: {{x}} {{{x}}} {{> p}}');
  });

  it('keeps the text of links and images whose URLs were removed', () => {
    const text = collapse(page('en/incidents/ex1/index.html').querySelector('main')?.textContent ?? '');
    for (let index = 0; index < 5; index += 1) {
      expect(text).toContain(`summary link ${index}`);
      expect(text).toContain(`summary image ${index}`);
    }
  });

  it('escapes markup inside attributes', () => {
    const link = all(page('en/incidents/ex1/index.html'), 'main a[href^="https://example.org/"]');
    expect(link.map((element) => element.getAttribute('href'))).toEqual(['https://example.org/?q="><script>alert(1)</script>']);
    for (const meta of all(page('en/incidents/ex1/index.html'), 'meta')) expect(meta.parentElement?.tagName).toBe('HEAD');
  });

  it('writes XML files that are well-formed, with no raw "<" in any attribute value', () => {
    const xml = [...run.files.keys()].filter((file) => file.endsWith('.xml'));
    expect(xml.length).toBeGreaterThan(0);
    for (const file of xml) expect(XMLValidator.validate(run.text(file)), file).toBe(true);
    expect(xml.flatMap((file) => xmlAttributeProblems(file, run.text(file)))).toEqual([]);
  });

  it('writes JSON files that parse, with the hostile title as a plain string', () => {
    const json = [...run.files.keys()].filter((file) => file.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    const texts = json.map((file) => JSON.stringify(JSON.parse(run.text(file)) as unknown));
    expect(texts.some((text) => text.includes(JSON.stringify(TEXT.titleEn)))).toBe(true);
  });
});
