import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, buildSample, parseHtml, resolveInternal, textOf, type BuildRun } from '../helpers/build.js';
import { CORPUS_ENGLISH_WORD, CORPUS_JAPANESE_WORD, CORPUS_SEARCH_INDEX, corpusIncidents, generateCorpus } from '../helpers/generate-corpus.js';
import { openSearchIndex, type IndexSearcher } from '../helpers/pagefind-search.js';

describe('the search index of the sample content', () => {
  let run: BuildRun;
  let ja: IndexSearcher;
  let en: IndexSearcher;
  beforeAll(async () => {
    run = await buildSample();
    expect(run.result.ok).toBe(true);
    ja = await openSearchIndex(run.files, 'ja');
    en = await openSearchIndex(run.files, 'en');
  });
  afterAll(async () => {
    await ja.close();
    await en.close();
    await run.remove();
  });

  // Each word sits inside an unspaced Japanese sentence of one article only.
  const JAPANESE: [query: string, article: string, sentence: string][] = [
    ['許可リスト', 'ja/incidents/ex300267/index.html', 'ブロックされた IP アドレスを許可リストに追加してもらうことで'],
    ['再送', 'ja/incidents/ex300267/index.html', '送信に失敗したメールがあれば再送することをおすすめします'],
    ['タイムアウト', 'ja/incidents/tm300512/index.html', '履歴の取得要求の一部がタイムアウトしていました'],
    ['検索結果', 'ja/incidents/mo1180412/index.html', 'Microsoft 365 の検索結果に反映されるまで'],
  ];
  for (const [query, article, sentence] of JAPANESE) {
    it(`finds 「${query}」 from the middle of 「${sentence}」 in the Japanese article`, async () => {
      expect(run.text(article)).toContain(sentence);
      const hits = await ja.search(query);
      expect(hits.map((hit) => hit.url)).toEqual([article]);
      expect(hits[0]!.excerpt).toContain('<mark>');
    });
  }

  it('finds English words in the English articles only', async () => {
    expect((await en.search('anti-spam')).map((hit) => hit.url)).toEqual(['en/incidents/ex300267/index.html']);
    expect((await en.search('spinner')).map((hit) => hit.url)).toEqual(['en/incidents/tm300512/index.html']);
    expect((await en.search('backlog')).map((hit) => hit.url)).toContain('en/incidents/mo1180412/index.html');
    const japaneseHits = await ja.search('Teams');
    expect(japaneseHits.length).toBeGreaterThan(0);
    expect(japaneseHits.every((hit) => hit.url.startsWith('ja/'))).toBe(true);
  });

  it('titles each result with the article’s heading', async () => {
    const [hit] = await en.search('anti-spam');
    expect(hit!.title).toBe(textOf(parseHtml(run.text('en/incidents/ex300267/index.html')).querySelector('h1')));
  });

  it('indexes articles only, not listings, search or 404 pages', async () => {
    const hits = await ja.search('障害情報');
    expect(hits.every((hit) => /^ja\/incidents\/[^/]+\/index\.html$/u.test(hit.url))).toBe(true);
    const entry = JSON.parse(run.text('pagefind/pagefind-entry.json'));
    expect(entry.languages.ja.page_count).toBe(3);
    expect(entry.languages.en.page_count).toBe(3);
  });

  it('ships only what the search page uses (no prebuilt Pagefind UI)', () => {
    const files = [...run.files.keys()].filter((file) => file.startsWith('pagefind/'));
    expect(files).toContain('pagefind/pagefind.js');
    expect(files.some((file) => /pagefind-(ui|modular-ui|component-ui|highlight)/u.test(file))).toBe(false);
  });

  it('is byte-identical across two builds', async () => {
    const again = await buildSample();
    try {
      const index = (files: BuildRun['files']) => [...files].filter(([file]) => file.startsWith('pagefind/'));
      const first = index(run.files);
      const second = index(again.files);
      expect(second.map(([file]) => file)).toEqual(first.map(([file]) => file));
      for (const [file, bytes] of first) expect(Buffer.compare(bytes, again.files.get(file)!), file).toBe(0);
    } finally {
      await again.remove();
    }
  });
});

describe('the search pages', () => {
  let run: BuildRun;
  beforeAll(async () => {
    run = await buildSample();
  });
  afterAll(() => run.remove());

  for (const lang of ['ja', 'en']) {
    it(`${lang}: say that search needs JavaScript, link the index, and keep the form hidden until site.js shows it`, () => {
      const file = `${lang}/search/index.html`;
      const document = parseHtml(run.text(file));
      expect(document.documentElement.getAttribute('lang')).toBe(lang);
      const fallback = document.querySelector('[data-search-fallback]')!;
      expect(fallback.hasAttribute('hidden')).toBe(false);
      expect(textOf(fallback)).toContain('JavaScript');
      expect(resolveInternal(file, fallback.querySelector('a')!.getAttribute('href')!, 'https://example.com/')!.file).toBe(`${lang}/index.html`);
      expect(document.querySelector('form[data-search-form]')!.hasAttribute('hidden')).toBe(true);
      expect(document.querySelector('label[for="search-input"]')).not.toBeNull();

      const root = document.querySelector('[data-search]')!;
      expect(resolveInternal(file, root.getAttribute('data-bundle')!, 'https://example.com/')!.file).toBe('pagefind/pagefind.js');
      expect(run.files.has('pagefind/pagefind.js')).toBe(true);
      // Result paths are output files; the page's root prefix turns them into working relative links.
      expect(resolveInternal(file, `${root.getAttribute('data-root')}${lang}/incidents/ex300267/index.html`, 'https://example.com/')!.file).toBe(`${lang}/incidents/ex300267/index.html`);
      expect(all(document, '.site-nav a[aria-current="page"]').map((link) => link.getAttribute('href'))).toEqual(['index.html']);
    });
  }

  it('carry no inline script: only site.js by src and JSON-LD data blocks', () => {
    for (const [file] of run.files) {
      if (!file.endsWith('.html')) continue;
      for (const script of all(parseHtml(run.text(file)), 'script')) {
        if (script.getAttribute('type') === 'application/ld+json') continue;
        expect(script.getAttribute('src'), file).toMatch(/assets\/site\.[0-9a-f]{10}\.js$/u);
        expect(textOf(script)).toBe('');
      }
    }
  });
});

describe('the search index of 45 generated incidents', () => {
  it('finds the one article with a Japanese word inside an unspaced sentence, and an English word', async () => {
    const run = await buildFixture(generateCorpus());
    const ja = await openSearchIndex(run.files, 'ja');
    const en = await openSearchIndex(run.files, 'en');
    try {
      const slug = corpusIncidents()[CORPUS_SEARCH_INDEX]!.slug;
      expect((await ja.search(CORPUS_JAPANESE_WORD)).map((hit) => hit.url)).toEqual([`ja/incidents/${slug}/index.html`]);
      expect((await en.search(CORPUS_ENGLISH_WORD)).map((hit) => hit.url)).toEqual([`en/incidents/${slug}/index.html`]);
      expect(JSON.parse(run.text('pagefind/pagefind-entry.json')).languages.ja.page_count).toBe(45);
    } finally {
      await ja.close();
      await en.close();
      await run.remove();
    }
  });
});
