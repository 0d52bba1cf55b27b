import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, buildSample, htmlFiles, parseHtml, resolveInternal, textOf, validateHtml, type BuildRun } from '../helpers/build.js';
import { editLines, YAML_RECORD } from '../helpers/fixture.js';

const BASE = 'https://example.com/';

let run: BuildRun;
beforeAll(async () => {
  run = await buildSample();
  expect(run.result.ok).toBe(true);
});
afterAll(() => run.remove());

const meta = (html: string, key: string) => {
  const document = parseHtml(html);
  return all(document, `meta[property="${key}"], meta[name="${key}"]`).map((element) => element.getAttribute('content'));
};

describe('article metadata', () => {
  it('gives a meaningful description, Open Graph tags and a Twitter card in each language', () => {
    const ja = run.text('ja/incidents/ex300267/index.html');
    expect(meta(ja, 'description')).toEqual(['EX300267：一部のオンプレミス IP アドレス経由で送信しているユーザーが、メールを送信できませんでした。']);
    expect(meta(ja, 'og:type')).toEqual(['article']);
    expect(meta(ja, 'og:title')[0]).toContain('複数のオンプレミス IP がブロック対象となり');
    expect(meta(ja, 'og:description')).toEqual(meta(ja, 'description'));
    expect(meta(ja, 'og:url')).toEqual([`${BASE}ja/incidents/ex300267/`]);
    expect(meta(ja, 'og:locale')).toEqual(['ja_JP']);
    expect(meta(ja, 'og:locale:alternate')).toEqual(['en_US']);
    expect(meta(ja, 'twitter:card')).toEqual(['summary']);
    const en = run.text('en/incidents/ex300267/index.html');
    expect(meta(en, 'og:locale')).toEqual(['en_US']);
    expect(meta(en, 'og:locale:alternate')).toEqual(['ja_JP']);
    expect(meta(en, 'description')[0]).toBe("EX300267: Users sending through some on-premises IP addresses couldn't send email.");
  });

  it('gives listings website metadata and a description', () => {
    const html = run.text('en/index.html');
    expect(meta(html, 'og:type')).toEqual(['website']);
    expect(meta(html, 'description')[0]).toContain('A sample site');
  });

  it('describes the article in JSON-LD with its instants and language', () => {
    const script = parseHtml(run.text('en/incidents/ex300267/index.html')).querySelector('script[type="application/ld+json"]')!;
    const data = JSON.parse(script.textContent!);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      url: `${BASE}en/incidents/ex300267/`,
      inLanguage: 'en',
      identifier: 'EX300267',
      datePublished: '2021-11-27T01:00:00Z',
      dateModified: '2021-12-01T20:14:00Z',
      headline: 'Blocks on several on-premises IP addresses stop some users from sending mail',
    });
    expect(parseHtml(run.text('en/index.html')).querySelector('script[type="application/ld+json"]')).toBeNull();
  });

  it('keeps JSON-LD inert: a title that tries to close the script comes out as \\u003c escapes', async () => {
    const title = '</script><script>alert(1)</script><!-- & -->';
    const fixture = await buildFixture({ 'content/incidents/EX1.yaml': editLines(YAML_RECORD, { 3: `title: {en: ${JSON.stringify(title)}, ja: 危険なタイトル}` }) });
    try {
      const html = fixture.text('en/incidents/ex1/index.html');
      const head = html.slice(0, html.indexOf('</head>'));
      const block = head.slice(head.indexOf('<script type="application/ld+json">'));
      const text = block.slice('<script type="application/ld+json">'.length, block.indexOf('</script>'));
      expect(text).not.toMatch(/[<>]/u);
      expect(text).toContain('\\u003c/script\\u003e');
      expect(JSON.parse(text).headline).toBe(title);
      // Only the layout's own scripts exist in the document.
      expect(all(parseHtml(html), 'script').map((script) => script.getAttribute('type') ?? script.getAttribute('src')?.replace(/[0-9a-f]{10}/u, 'HASH'))).toEqual([
        '../../../assets/site.HASH.js',
        'application/ld+json',
      ]);
    } finally {
      await fixture.remove();
    }
  });
});

describe('404 pages', () => {
  it('exist in each language and at the root, not indexed, with absolute links that lead to built pages', () => {
    for (const [file, langs] of [
      ['ja/404.html', ['ja']],
      ['en/404.html', ['en']],
      ['404.html', ['ja', 'en']],
    ] as const) {
      const document = parseHtml(run.text(file));
      expect(meta(run.text(file), 'robots')).toEqual(['noindex']);
      expect(all(document, 'section.not-found-language').map((section) => section.getAttribute('lang'))).toEqual([...langs]);
      for (const link of all(document, 'main a')) {
        const href = link.getAttribute('href')!;
        expect(href.startsWith(BASE), `${file}: ${href}`).toBe(true);
        expect(run.files.has(resolveInternal(file, href, BASE)!.file)).toBe(true);
      }
      expect(document.querySelector('link[rel="stylesheet"]')!.getAttribute('href')).toMatch(/^https:\/\/example\.com\/assets\/site\.[0-9a-f]{10}\.css$/u);
    }
    expect(textOf(parseHtml(run.text('404.html')).querySelector('h1'))).toBe('ページが見つかりません / Page not found');
  });
});

describe('page structure', () => {
  it('every page has the landmarks, a working skip link, one h1 and no skipped heading level', () => {
    for (const file of htmlFiles(run.files)) {
      const document = parseHtml(run.text(file));
      expect(document.querySelector('header.site-header'), file).not.toBeNull();
      expect(document.querySelector('nav'), file).not.toBeNull();
      expect(document.querySelector('footer'), file).not.toBeNull();
      const skip = document.querySelector('a.skip-link')!;
      expect(document.getElementById(skip.getAttribute('href')!.slice(1))?.tagName.toLowerCase(), file).toBe('main');
      const levels = all(document, 'main h1, main h2, main h3, main h4, main h5, main h6').map((heading) => Number(heading.tagName.slice(1)));
      expect(levels[0], file).toBe(1);
      expect(levels.filter((level) => level === 1), file).toHaveLength(1);
      for (let index = 1; index < levels.length; index += 1) expect(levels[index]! - levels[index - 1]!, `${file}: h${levels[index - 1]} → h${levels[index]}`).toBeLessThanOrEqual(1);
    }
  });

  it('every page kind passes html-validate', async () => {
    const pages = [
      'index.html',
      'ja/index.html',
      'en/services/exchange-online/index.html',
      'ja/2021/index.html',
      'ja/search/index.html',
      'en/search/index.html',
      '404.html',
      'en/404.html',
      'ja/incidents/ex300267/index.html',
      'en/incidents/mo1180412/index.html',
    ];
    const problems: string[] = [];
    for (const file of pages) problems.push(...(await validateHtml(run.text(file), file)));
    expect(problems).toEqual([]);
  });

  it('links the site feeds visibly in the footer', () => {
    const file = 'ja/incidents/ex300267/index.html';
    const links = all(parseHtml(run.text(file)), '.site-feeds a').map((link) => resolveInternal(file, link.getAttribute('href')!, BASE)!.file);
    expect(links).toEqual(['ja/feed.xml', 'ja/rss.xml', 'ja/feed.json']);
  });
});

/** Runs the built site.js against a page parsed by linkedom, with an in-memory localStorage. */
function runScript(html: string, stored: Record<string, string> = {}) {
  const { window, document } = parseHTML(html);
  const storage = new Map(Object.entries(stored));
  const localStorage = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
  Object.defineProperty(window, 'localStorage', { value: localStorage, configurable: true });
  Object.defineProperty(window, 'location', { value: { search: '' }, configurable: true });
  const script = [...run.files.keys()].find((file) => /^assets\/site\.[0-9a-f]{10}\.js$/u.test(file))!;
  new Function('window', 'document', run.text(script))(window, document);
  return { window, document, storage };
}

describe('site.js', () => {
  const article = () => run.text('en/incidents/ex300267/index.html');

  it('keeps the time-zone control inert in a <template> when JavaScript is off', () => {
    const document = parseHtml(article());
    expect(document.querySelector('button')).toBeNull();
    expect(document.getElementById('local-time-control')!.tagName.toLowerCase()).toBe('template');
    expect(parseHtml(run.text('en/index.html')).getElementById('local-time-control')).toBeNull();
  });

  it('shows every time in the reader’s zone on request, remembers it, and switches back', () => {
    const { window, document, storage } = runScript(article());
    const button = document.querySelector('main .local-time button')!;
    const times = [...document.querySelectorAll('main time[datetime]')];
    const original = times.map((time) => time.textContent);
    expect(button.getAttribute('aria-pressed')).toBe('false');

    button.dispatchEvent(new window.Event('click'));
    const format = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    expect(times.map((time) => time.textContent)).toEqual(times.map((time) => format.format(new Date(time.getAttribute('datetime')!))));
    expect(times[0]!.getAttribute('title')).toBe(original[0]);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.textContent).toBe('Show times in JST and UTC');
    expect(document.querySelector('main .local-time [role="status"]')!.textContent).toContain(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(storage.get('kokuchi:local-times')).toBe('on');

    button.dispatchEvent(new window.Event('click'));
    expect(times.map((time) => time.textContent)).toEqual(original);
    expect(storage.get('kokuchi:local-times')).toBe('off');
  });

  it('applies a remembered choice when the page loads', () => {
    const { document } = runScript(article(), { 'kokuchi:local-times': 'on' });
    const time = document.querySelector('main time[datetime="2021-12-01T20:14:00Z"]')!;
    expect(time.getAttribute('title')).toBe('Thursday, December 2, 2021, 5:14 AM JST (December 1, 8:14 PM UTC)');
  });

  it('swaps the search page’s no-JavaScript note for the form', () => {
    const { document } = runScript(run.text('ja/search/index.html'));
    expect(document.querySelector('[data-search-fallback]')!.hasAttribute('hidden')).toBe(true);
    expect(document.querySelector('form[data-search-form]')!.hasAttribute('hidden')).toBe(false);
  });
});
