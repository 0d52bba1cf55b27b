
/** Output paths (relative to the output folder, `/` separators) of every kind of page. */
export const pagePaths = {
  home: () => 'index.html',
  index: (lang: string, page = 1) => (page === 1 ? `${lang}/index.html` : `${lang}/page/${page}/index.html`),
  incident: (lang: string, slug: string) => `${lang}/incidents/${slug}/index.html`,
  service: (lang: string, key: string, page = 1) => (page === 1 ? `${lang}/services/${key}/index.html` : `${lang}/services/${key}/page/${page}/index.html`),
  year: (lang: string, year: number, page = 1) => (page === 1 ? `${lang}/${year}/index.html` : `${lang}/${year}/page/${page}/index.html`),
  search: (lang: string) => `${lang}/search/index.html`,
  notFound: (lang?: string) => (lang ? `${lang}/404.html` : '404.html'),
  atom: (lang: string) => `${lang}/feed.xml`,
  rss: (lang: string) => `${lang}/rss.xml`,
  jsonFeed: (lang: string) => `${lang}/feed.json`,
  serviceAtom: (lang: string, key: string) => `${lang}/services/${key}/feed.xml`,
  apiIncidents: () => 'api/v1/incidents.json',
  apiIncident: (id: string) => `api/v1/incidents/${id}.json`,
  apiBoard: () => 'api/v1/board.json',
  siteBadge: (lang: string) => `badges/${lang}/site.svg`,
  serviceBadge: (lang: string, key: string) => `badges/${lang}/services/${key}.svg`,
  faviconSvg: () => 'favicon.svg',
  faviconIco: () => 'favicon.ico',
  sitemap: () => 'sitemap.xml',
  robots: () => 'robots.txt',
  searchIndex: () => 'pagefind/pagefind.js',
};

/** The files an incident's own pages will be (one article per language and its API record), known from its id alone. */
export function incidentFiles(id: string, languages: readonly string[]): string[] {
  return [...languages.map((lang) => pagePaths.incident(lang, id.toLowerCase())), pagePaths.apiIncident(id)];
}

/**
 * A link from one output file to another, relative so that the site works from any folder or subpath.
 * Links name `index.html` explicitly so that pages opened from disk (file://) navigate too.
 */
export function relativeHref(fromFile: string, toFile: string, fragment?: string): string {
  // Output paths are already normal (no `.`, `..` or doubled slashes), so a segment walk is enough;
  // path.posix.relative would resolve both against the working directory on every call.
  const from = fromFile.split('/');
  from.pop();
  const to = toFile.split('/');
  let shared = 0;
  while (shared < from.length && shared < to.length - 1 && from[shared] === to[shared]) shared += 1;
  const relative = `${'../'.repeat(from.length - shared)}${to.slice(shared).join('/')}`;
  return fragment ? `${relative}#${fragment}` : relative;
}

/** Paths that encodeURIComponent leaves as they are, segment by segment (the usual case). */
const URL_SAFE_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/u;

/** The absolute URL of an output file under the site's base URL, with `index.html` dropped (the URL a server gives it). */
export function absoluteUrl(baseUrl: string, file: string): string {
  const pretty = file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
  return `${baseUrl}${URL_SAFE_PATH.test(pretty) ? pretty : pretty.split('/').map(encodeURIComponent).join('/')}`;
}

/** The path part of the base URL, e.g. `/status/` for https://example.github.io/status/. */
export function basePath(baseUrl: string): string {
  return new URL(baseUrl).pathname;
}
