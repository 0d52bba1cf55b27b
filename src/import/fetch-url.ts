/**
 * Fetches an import's file from a URL, politely: a time limit for the whole exchange, a size limit,
 * `If-None-Match` / `If-Modified-Since` from what the last successful fetch of the URL saw (so that a
 * scheduled job costs the service a 304 when nothing changed), redirects followed only to https, and
 * `http://` only for loopback addresses (tests, local mirrors). The time and size limits are those of
 * the shared transport (./http.ts).
 * @module
 */
import { exchange, isLoopbackHost } from './http.js';

/** What a fetch remembers of a URL for the next one. */
export interface FetchValidators {
  etag?: string;
  lastModified?: string;
}

/** Limits and validators of one fetch. */
export interface FetchOptions {
  /** Milliseconds for the whole exchange, body included (default 30 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 20 MiB). */
  maxBytes?: number;
  /** Validators remembered from the last fetch of this URL. */
  validators?: FetchValidators;
  /** Most redirects followed (default 5). */
  maxRedirects?: number;
}

/** The outcome of a fetch. */
export type FetchResult =
  | { kind: 'fetched'; bytes: Uint8Array; validators: FetchValidators; url: string }
  | { kind: 'not-modified' }
  | { kind: 'failed'; problem: string };

/** Default limits. */
export const FETCH_DEFAULTS = { timeoutMs: 30_000, maxBytes: 20 * 1024 * 1024, maxRedirects: 5 } as const;

/** True for the text of a URL (as opposed to a file path). */
export function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//iu.test(text);
}

/** Why a URL may not be fetched, or undefined when it may: https anywhere, http only on loopback. */
export function refuseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'it is not a valid URL';
  }
  if (url.username || url.password) return 'URLs with a user name or password are not fetched';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'only https:// URLs are fetched (http:// only for 127.0.0.1, ::1 and localhost)';
  return `${url.protocol.replace(/:$/u, '')}: URLs are not fetched; use https://`;
}

/** Fetches `url` within the limits; never throws for network or HTTP problems. */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  // One deadline for the whole exchange, redirects included.
  const limits = { deadline: performance.now() + timeoutMs, maxBytes };
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'kokuchi (static status site generator)' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const refused = refuseUrl(current);
    if (refused) return { kind: 'failed', problem: redirects === 0 ? refused : `it redirects to ${current}, and ${refused}` };
    const answer = await exchange(current, { headers, redirect: 'manual' }, limits, (response) => response.ok);
    if (answer.kind === 'timed-out') return { kind: 'failed', problem: `no complete answer within ${timeoutMs / 1000} s` };
    if (answer.kind === 'too-large') {
      return { kind: 'failed', problem: answer.declared === undefined ? `the file is over the limit of ${maxBytes} bytes` : `the file is ${answer.declared} bytes, over the limit of ${maxBytes}` };
    }
    if (answer.kind !== 'answered') return { kind: 'failed', problem: describeNetworkError(answer.error) };
    const { response } = answer;
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      const location = response.headers.get('location');
      if (!location) return { kind: 'failed', problem: `the server answered ${response.status} without a Location` };
      if (redirects >= maxRedirects) return { kind: 'failed', problem: `more than ${maxRedirects} redirects` };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch (error) {
        return { kind: 'failed', problem: describeNetworkError(error) };
      }
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.hostname) && new URL(current).protocol === 'http:')) {
        return { kind: 'failed', problem: `it redirects to ${next.href}, and redirects are followed only to https://` };
      }
      current = next.href;
      continue;
    }
    if (response.status === 304) return { kind: 'not-modified' };
    if (!response.ok) return { kind: 'failed', problem: describeStatus(response) };
    const validators: FetchValidators = {};
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    return { kind: 'fetched', bytes: answer.body, validators, url: current };
  }
}

function describeStatus(response: Response): string {
  if (response.status === 429) {
    const after = response.headers.get('retry-after');
    return `the service asks to slow down (429)${after ? `; try again after ${/^\d+$/u.test(after.trim()) ? `${after.trim()} s` : after.trim()}` : ''}`;
  }
  if (response.status === 401 || response.status === 403) return `the server refuses access (${response.status}); kokuchi fetches only public status pages`;
  if (response.status === 404) return 'there is no such file (404)';
  return `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name cannot be resolved';
  if (code === 'UND_ERR_SOCKET' || /terminated|other side closed/iu.test(String((error as Error)?.message))) return 'the connection closed before the whole file arrived';
  return cause instanceof Error ? cause.message : String(cause);
}
