import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Content types by file extension, as a static host such as GitHub Pages sends them. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  // Pagefind's index chunks and its (gzipped) WebAssembly are opaque bytes to the browser.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

/** The content type a file is served with (unknown extensions: application/octet-stream). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** What a request path means for a folder served under a prefix. */
export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * Maps a URL path to a file inside `root` for a site served under `prefix` (e.g. `/status/`):
 * folders are served by their index.html (a folder asked for without its trailing slash is redirected,
 * as static hosts do), and nothing outside `root` is ever reached, however the path is encoded.
 */
export async function resolveRequest(root: string, prefix: string, urlPath: string): Promise<Resolution> {
  if (`${urlPath}/` === prefix) return { kind: 'redirect', location: prefix };
  if (!urlPath.startsWith(prefix)) return { kind: 'not-found' };
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return { kind: 'forbidden' };
  }
  if (relative.includes('\0') || relative.includes('\\')) return { kind: 'forbidden' };
  const base = path.resolve(root);
  const file = path.resolve(base, ...relative.split('/'));
  if (file !== base && !file.startsWith(base + path.sep)) return { kind: 'forbidden' };
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: `${urlPath}/` };
    const index = path.join(file, 'index.html');
    return (await stat(index).catch(() => undefined))?.isFile() ? { kind: 'file', file: index } : { kind: 'not-found' };
  }
  return info?.isFile() ? { kind: 'file', file } : { kind: 'not-found' };
}

/** A running loopback server. */
export interface StaticServer {
  /** The site's address, ending in the prefix: `http://127.0.0.1:<port>/status/`. */
  url: string;
  /** The port the server listens on. */
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

function send(response: ServerResponse, request: IncomingMessage, status: number, file: string): void {
  response.writeHead(status, { 'content-type': contentTypeOf(file), 'cache-control': 'no-store' });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}

async function handle(root: string, prefix: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const resolution = await resolveRequest(root, prefix, urlPath);
  switch (resolution.kind) {
    case 'file':
      send(response, request, 200, resolution.file);
      return;
    case 'redirect':
      response.writeHead(301, { location: resolution.location }).end();
      return;
    case 'forbidden':
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n');
      return;
    case 'not-found': {
      const notFound = path.join(root, '404.html');
      if ((await stat(notFound).catch(() => undefined))?.isFile()) send(response, request, 404, notFound);
      else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  }
}

/**
 * Serves the folder `root` on 127.0.0.1 (an ephemeral port) under `prefix`, the way a static host
 * serves a project site: index.html for folders, the root 404.html with status 404 for anything else.
 * The folder may be filled after the server starts (the port is needed for the build's base URL).
 */
export async function startStaticServer(root: string, prefix = '/status/'): Promise<StaticServer> {
  const server = createServer((request, response) => {
    handle(root, prefix, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
