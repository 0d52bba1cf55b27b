import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OutputTree } from './build.js';

/** One search hit: the path Pagefind stored (an output file) and its title. */
export interface SearchHit {
  url: string;
  title: string;
  excerpt: string;
}

/** Runs queries against a built Pagefind index, in Node, offline. */
export interface IndexSearcher {
  search(query: string): Promise<SearchHit[]>;
  close(): Promise<void>;
}

interface PagefindModule {
  search(query: string): Promise<{ results: { data(): Promise<{ raw_url?: string; url: string; meta: Record<string, string>; excerpt: string }> }[] }>;
  init(): Promise<void>;
  destroy(): Promise<void>;
}

let loads = 0;

/**
 * Loads the site's own `pagefind/pagefind.js` (the browser bundle) in Node the way a search page of
 * language `lang` would: files are copied to a temp folder and `fetch` of `file:` URLs reads them;
 * a minimal `document` tells Pagefind the page language. Nothing touches the network.
 */
export async function openSearchIndex(files: OutputTree, lang: string): Promise<IndexSearcher> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-pagefind-'));
  for (const [file, bytes] of files) {
    if (!file.startsWith('pagefind/')) continue;
    const target = path.join(directory, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  const globals = globalThis as { fetch: typeof fetch; document?: unknown };
  const previousFetch = globals.fetch;
  const previousDocument = globals.document;
  globals.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) return new Response(await readFile(fileURLToPath(url)));
    return previousFetch(input, init);
  }) as typeof fetch;
  globals.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
  // A fresh module instance per index: the query string makes the URL unique.
  loads += 1;
  const pagefind = (await import(`${pathToFileURL(path.join(directory, 'pagefind', 'pagefind.js')).href}?load=${loads}`)) as PagefindModule;
  // Pagefind reads the page language once, when it initialises.
  await pagefind.init();
  return {
    async search(query) {
      const response = await pagefind.search(query);
      const data = await Promise.all(response.results.map((result) => result.data()));
      return data.map((item) => ({ url: item.raw_url ?? item.url, title: item.meta.title ?? '', excerpt: item.excerpt }));
    },
    async close() {
      await pagefind.destroy();
      globals.fetch = previousFetch;
      globals.document = previousDocument;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
