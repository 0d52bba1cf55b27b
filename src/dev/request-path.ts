/** What a request path names in the dev server's in-memory output. */
export type RequestTarget =
  /** An output file, by its key in the file map (`ja/index.html`). */
  | { kind: 'file'; key: string }
  /** A folder requested without its trailing slash (`/ja`): redirect to `location` (`/ja/`). */
  | { kind: 'redirect'; location: string }
  /** Nothing in the output, or a path that could name something outside it; answered with the 404 page. */
  | { kind: 'missing'; reason: 'not-found' | 'unsafe' };

/**
 * Maps a request target (`req.url`) to an output file. The path is decoded exactly once; paths with
 * `.` or `..` segments, empty segments, NUL, backslashes or encoded slashes and backslashes are refused
 * outright, whatever `has` would say. Folders map to their `index.html`. Only keys for which `has` is
 * true are ever returned, so nothing outside the build is reachable. Pure.
 */
export function resolveRequestPath(url: string, has: (key: string) => boolean): RequestTarget {
  const unsafe: RequestTarget = { kind: 'missing', reason: 'unsafe' };
  const queryAt = url.search(/[?#]/u);
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt).replace(/#.*$/su, '');
  if (!rawPath.startsWith('/')) return unsafe;
  if (/%2f|%5c|%00|\\/iu.test(rawPath)) return unsafe;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return unsafe;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return unsafe;
  const segments = decoded.slice(1).split('/');
  for (const [index, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return unsafe;
    if (segment === '' && index < segments.length - 1) return unsafe;
  }
  const joined = segments.join('/');
  const key = joined === '' || joined.endsWith('/') ? `${joined}index.html` : joined;
  if (has(key)) return { kind: 'file', key };
  if (!key.endsWith('index.html') && has(`${key}/index.html`)) return { kind: 'redirect', location: `${rawPath}/${query}` };
  return { kind: 'missing', reason: 'not-found' };
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
};

/** The Content-Type of an output file, by extension; Pagefind's index files and anything unknown are binary. */
export function contentTypeOf(key: string): string {
  const extension = /\.([a-z0-9]+)$/iu.exec(key)?.[1]?.toLowerCase();
  return (extension && TYPES[extension]) || 'application/octet-stream';
}

/** True for names and addresses that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/u, '$1');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || name === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/u.test(name) || name === '::ffff:127.0.0.1';
}

/** The host name of a Host header (`127.0.0.1:4321` → `127.0.0.1`, `[::1]:80` → `::1`), lower-cased. */
export function hostHeaderName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']') === -1 ? undefined : trimmed.indexOf(']'));
  return trimmed.replace(/:\d*$/u, '');
}
