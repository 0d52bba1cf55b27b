import path from 'node:path';
import { fileText } from '../output/files.js';
import type { RenderContext } from './context.js';
import { pagePaths, relativeHref } from './urls.js';
import type { UiStrings } from './i18n.js';
import type * as PagefindModule from 'pagefind';
import { IMPORT_HOOK } from '../code-cache.js';

type Pagefind = typeof PagefindModule;

/** Folder of the search index in the output. */
export const SEARCH_INDEX_DIR = 'pagefind';

/** What `search.hbs` gets. */
export interface SearchPageView {
  heading: string;
  label: string;
  button: string;
  hint: string;
  /** Shown until site.js replaces it with the form: search needs JavaScript; the index works without. */
  fallback: { text: string; href: string; label: string };
  /** Link from the page to pagefind.js. */
  bundle: string;
  /** Link from the page to the output root (`../../`), prefixed to result paths. */
  root: string;
  /** Messages for site.js, with `{{count}}` and `{{query}}` placeholders. */
  messages: { resultsOne: string; resultsOther: string; none: string; loading: string; error: string };
}

/** `../` once per folder between `file` and the output root (`./` at the root). */
export function rootPrefix(file: string): string {
  const depth = path.posix.dirname(file) === '.' ? 0 : path.posix.dirname(file).split('/').length;
  return depth === 0 ? './' : '../'.repeat(depth);
}

function raw(strings: UiStrings, key: string): string | undefined {
  const value = strings[key];
  return typeof value === 'string' ? value : undefined;
}

/** `L/search/index.html`: a search form driven by site.js over the Pagefind index; without JavaScript it says so and links the index. */
export function renderSearchPages(context: RenderContext): void {
  const { config } = context;
  if (!config.search) return;
  for (const lang of config.languages) {
    const file = pagePaths.search(lang);
    const versions = Object.fromEntries(config.languages.map((language) => [language, pagePaths.search(language)]));
    context.emit(file, {
      template: 'search',
      lang,
      versions,
      produce: () => {
        const { t } = context.viewContext(lang);
        const strings = (t.strings.search ?? {}) as UiStrings;
        const resultsOther = raw(strings, 'results_other') ?? t('search.results', { count: 2 });
        const search: SearchPageView = {
          heading: t('search.title'),
          label: t('search.label'),
          button: t('search.button'),
          hint: t('search.hint'),
          fallback: { text: t('search.noscript'), href: relativeHref(file, pagePaths.index(lang)), label: t('search.browse') },
          bundle: relativeHref(file, pagePaths.searchIndex()),
          root: rootPrefix(file),
          messages: {
            resultsOne: raw(strings, 'results_one') ?? resultsOther,
            resultsOther,
            none: t('search.none'),
            loading: t('search.loading'),
            error: t('search.error'),
          },
        };
        return { view: { search }, page: context.pageView({ file, lang, title: search.heading, description: search.heading, versions, current: 'search' }, lang) };
      },
    });
  }
}

/** Pagefind's bundle files that kokuchi's own search page does not use (its prebuilt UIs). */
function isUnusedBundleFile(file: string): boolean {
  return /^pagefind-(ui|modular-ui|component-ui|highlight)\b/u.test(file) || file.startsWith('playground/');
}

let activeIndexes = 0;

/**
 * The pagefind package, an ES module. The CLI's bundle runs as a script (lib/code-cache.js), where
 * `import()` has no loader: there it comes from the hook the loader installs.
 */
function importPagefind(): Promise<Pagefind> {
  const hook = (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] as ((specifier: string) => Promise<unknown>) | undefined;
  return (hook ? hook('pagefind') : import('pagefind')) as Promise<Pagefind>;
}

/**
 * Indexes every article page (as already rendered in context.files) with Pagefind, one index per
 * `<html lang>`, and adds the index under `pagefind/`. Pagefind runs as a child process fed from
 * memory: nothing is read from or written to disk here. Results point at output files
 * (`ja/incidents/ex300267/index.html`) so that site.js can link them relative to the search page.
 */
export async function renderSearchIndex(context: RenderContext): Promise<void> {
  if (!context.config.search) return;
  const articles = context.pages
    .filter((page) => page.template === 'incident' && !page.unlisted)
    .map((page) => page.file)
    .sort();
  // A partial render (the dev server after an edit) lacks some articles: keep the previous index then.
  if (!context.wants(pagePaths.searchIndex()) || articles.some((file) => !context.files.has(file))) return;
  // Loaded only when an index is built: pagefind starts a service binary and is not needed otherwise.
  const pagefind = await importPagefind();
  activeIndexes += 1;
  try {
    const created = await pagefind.createIndex({ rootSelector: 'main', excludeSelectors: ['.untranslated', 'template'], keepIndexUrl: true });
    const index = created.index;
    if (!index) return reportSearchError(context, created.errors);
    for (const file of articles) {
      const html = fileText(context.files.get(file)!);
      const added = await index.addHTMLFile({ url: file, content: html });
      if (added.errors.length > 0) return reportSearchError(context, added.errors);
    }
    const output = await index.getFiles();
    if (output.errors.length > 0) return reportSearchError(context, output.errors);
    const files = [...output.files].filter((file) => !isUnusedBundleFile(file.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of files) context.emit(`${SEARCH_INDEX_DIR}/${file.path}`, { produce: () => file.content });
    await index.deleteIndex();
  } catch (error) {
    reportSearchError(context, [error instanceof Error ? error.message : String(error)]);
  } finally {
    activeIndexes -= 1;
    // Pagefind keeps one child process per Node process; stop it when no build is using it.
    if (activeIndexes === 0) await pagefind.close();
  }
}

function reportSearchError(context: RenderContext, errors: readonly string[]): void {
  context.diagnostics.report(SEARCH_INDEX_DIR, { line: 1, column: 1 }, 'search-index', errors.join('; ') || 'Pagefind gave no reason');
}

