/**
 * Microsoft Graph service health, live: an app-only token through the OAuth 2.0 client-credentials
 * flow, then every page of `/v1.0/admin/serviceAnnouncement/issues`. Bounded in every direction:
 * retries on 429/503 (honouring Retry-After), a stall timeout per read, a total time limit, a size
 * limit per response and a page limit (the timeouts and the size limit are the shared transport's,
 * ../http.ts). All or nothing: the result holds every issue or one problem.
 * The client secret is sent only in the token request body and never appears in a problem.
 *
 * The token request is a direct POST rather than MSAL for Node: MSAL refuses authorities that are
 * not https (`authority_uri_insecure`) and looks authorities up on login.microsoftonline.com, so it
 * cannot be tested against a loopback server.
 * @module
 */
import type { EndpointProblem } from '../../messages/cli-commands.js';
import type { GraphProblem } from '../../messages/import-m365.js';
import { declaredLength, exchange, isLoopbackHost } from '../http.js';
import { clientAssertion, type ClientCertificate } from './certificate.js';

/** The national clouds: Graph endpoint and sign-in authority host. */
export const GRAPH_CLOUDS = {
  global: { graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  usgov: { graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  'usgov-dod': { graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
} as const;
/** A national cloud's name for `--cloud`. */
export type GraphCloud = keyof typeof GRAPH_CLOUDS;

/** The path of the issues collection under the Graph endpoint. */
export const ISSUES_PATH = '/v1.0/admin/serviceAnnouncement/issues';

/** What a sync needs; the limits have defaults. */
export interface GraphSyncOptions {
  tenantId: string;
  clientId: string;
  /** The client secret; empty when a certificate is used. */
  clientSecret: string;
  /** A certificate credential instead of the secret. */
  certificate?: ClientCertificate;
  /** Graph endpoint origin, e.g. https://graph.microsoft.com. */
  graphEndpoint: string;
  /** Sign-in authority origin, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** Only issues modified at or after this instant (server-side `$filter`). */
  sinceIso?: string;
  /** Only issues of this service (server-side `$filter`). */
  service?: string;
  /** A request that sends nothing for this long fails (default 30 s). */
  stallTimeoutMs?: number;
  /** The whole sync fails when it takes longer (default 300 s). */
  timeLimitMs?: number;
  /** Attempts per request on 429/503 (default 5). */
  maxAttempts?: number;
  /** Most pages followed (default 1,000). */
  maxPages?: number;
  /** Largest response body (default 64 MiB). */
  maxBytes?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** Every issue of every page, or the one problem that stopped the sync. */
export type GraphSyncResult = { ok: true; issues: unknown[]; pages: number; requestUrl: string } | { ok: false; problem: GraphProblem };

/** Checks an endpoint option: an origin (no path, query, fragment or credentials), https unless loopback. What is wrong when it is not. */
export function checkEndpoint(text: string): { ok: true; origin: string } | { ok: false; reason: EndpointProblem } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'not-https' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, reason: 'http-not-loopback' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.search || url.hash) return { ok: false, reason: 'query' };
  if (url.pathname !== '/' && url.pathname !== '') return { ok: false, reason: 'path' };
  return { ok: true, origin: url.origin };
}

class SyncFailure extends Error {
  constructor(readonly problem: GraphProblem) {
    super(problem.kind);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fetches every issue: the token first, then each page; fails as a whole on the first problem. */
export async function syncGraphIssues(options: GraphSyncOptions): Promise<GraphSyncResult> {
  const limits = {
    stall: options.stallTimeoutMs ?? 30_000,
    total: options.timeLimitMs ?? 300_000,
    attempts: options.maxAttempts ?? 5,
    pages: options.maxPages ?? 1000,
    bytes: options.maxBytes ?? 64 * 1024 * 1024,
  };
  const sleep = options.sleep ?? defaultSleep;
  const deadline = performance.now() + limits.total;
  const scrub = (text: string) => (options.clientSecret ? text.split(options.clientSecret).join('***') : text);

  /** One request with retries; the body as text. */
  const request = async (url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> => {
    const host = url.host;
    for (let attempt = 1; ; attempt += 1) {
      const response = await once(url, init, host);
      if ((response.status === 429 || response.status === 503) && attempt < limits.attempts) {
        const wait = retryAfterMs(response.retryAfter, attempt);
        if (performance.now() + wait > deadline) throw new SyncFailure({ kind: 'time-limit', host, seconds: limits.total / 1000 });
        await sleep(wait);
        continue;
      }
      if (response.status === 429 || response.status === 503) throw new SyncFailure({ kind: 'throttled', host, attempts: attempt });
      return response;
    }
  };

  const once = async (url: URL, init: { method: string; headers: Record<string, string>; body?: string }, host: string): Promise<{ status: number; text: string; retryAfter: string | null }> => {
    const answer = await exchange(url, { ...init, redirect: 'error' }, { deadline, stallMs: limits.stall, maxBytes: limits.bytes });
    switch (answer.kind) {
      case 'timed-out':
        throw new SyncFailure(answer.by === 'stall' ? { kind: 'timeout', host, seconds: limits.stall / 1000 } : { kind: 'time-limit', host, seconds: limits.total / 1000 });
      case 'too-large':
        throw new SyncFailure({ kind: 'too-large', host, limit: `${Math.round(limits.bytes / 1024 / 1024)} MiB` });
      case 'no-answer':
        throw new SyncFailure({ kind: 'network', host, detail: scrub(networkDetail(answer.error)) });
      case 'cut-off':
        throw new SyncFailure({ kind: 'truncated', host });
    }
    const { response, body } = answer;
    // A body that differs from its declared length was cut off on the way.
    const declared = declaredLength(response);
    if (declared !== undefined && declared !== body.byteLength) throw new SyncFailure({ kind: 'truncated', host });
    return { status: response.status, text: new TextDecoder().decode(body), retryAfter: response.headers.get('retry-after') };
  };

  const parse = (text: string, host: string): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      throw new SyncFailure({ kind: 'bad-json', host, reason: 'not-object' });
    } catch (error) {
      if (error instanceof SyncFailure) throw error;
      // A body that stops in the middle of the JSON was cut off on the way.
      if (/end of (JSON|data)|Unterminated/iu.test(String(error))) throw new SyncFailure({ kind: 'truncated', host });
      throw new SyncFailure({ kind: 'bad-json', host, reason: 'unparsable' });
    }
  };

  const failure = (status: number, host: string, body: string): SyncFailure => {
    let detail: string | undefined;
    try {
      const parsed = JSON.parse(body) as { error?: string | { code?: string }; error_codes?: number[] };
      const code = typeof parsed.error === 'string' ? parsed.error : parsed.error?.code;
      const aadsts = parsed.error_codes?.[0];
      detail = [code, aadsts !== undefined ? `AADSTS${aadsts}` : undefined].filter(Boolean).join(', ') || undefined;
    } catch {
      detail = undefined;
    }
    const safe = detail ? { detail: scrub(detail).slice(0, 120) } : {};
    if (status === 401 || (status === 400 && /invalid_client|unauthorized_client|invalid_grant/u.test(detail ?? ''))) return new SyncFailure({ kind: 'unauthorized', status, host, ...safe });
    if (status === 403) return new SyncFailure({ kind: 'forbidden', status, host, ...safe });
    return new SyncFailure({ kind: 'http', status, host, ...safe });
  };

  try {
    const tokenUrl = new URL(`/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`, options.authorityHost);
    const credential: Record<string, string> = options.certificate
      ? { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion(options.certificate, options.clientId, tokenUrl.href, Date.now()) }
      : { client_secret: options.clientSecret };
    const form = new URLSearchParams({ client_id: options.clientId, ...credential, scope: `${options.graphEndpoint}/.default`, grant_type: 'client_credentials' });
    const token = await request(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
    if (token.status !== 200) throw failure(token.status, tokenUrl.host, token.text);
    const accessToken = parse(token.text, tokenUrl.host).access_token;
    if (typeof accessToken !== 'string' || accessToken === '') throw new SyncFailure({ kind: 'bad-json', host: tokenUrl.host, reason: 'no-access-token' });

    const first = new URL(ISSUES_PATH, options.graphEndpoint);
    const filters: string[] = [];
    if (options.sinceIso) filters.push(`lastModifiedDateTime ge ${options.sinceIso}`);
    if (options.service) filters.push(`service eq '${options.service.replace(/'/gu, "''")}'`);
    if (filters.length > 0) first.searchParams.set('$filter', filters.join(' and '));
    const origin = first.origin;
    const issues: unknown[] = [];
    let next: URL | undefined = first;
    let pages = 0;
    while (next) {
      if (pages >= limits.pages) throw new SyncFailure({ kind: 'too-many-pages', host: next.host, limit: limits.pages });
      const page = await request(next, { method: 'GET', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
      if (page.status !== 200) throw failure(page.status, next.host, page.text);
      const body = parse(page.text, next.host);
      if (!Array.isArray(body.value)) throw new SyncFailure({ kind: 'bad-json', host: next.host, reason: 'no-value-array' });
      issues.push(...(body.value as unknown[]));
      pages += 1;
      const link = body['@odata.nextLink'];
      if (link === undefined || link === null) {
        next = undefined;
      } else {
        let url: URL;
        try {
          url = new URL(String(link), origin);
        } catch {
          throw new SyncFailure({ kind: 'bad-json', host: next.host, reason: 'next-link-not-url' });
        }
        // The token goes only to the Graph endpoint that was asked for.
        if (url.origin !== origin) throw new SyncFailure({ kind: 'bad-json', host: next.host, reason: 'next-link-foreign', otherHost: url.host });
        next = url;
      }
    }
    return { ok: true, issues, pages, requestUrl: `${first.origin}${first.pathname}` };
  } catch (error) {
    if (error instanceof SyncFailure) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** How long to wait before retrying: Retry-After in seconds (or an HTTP date), else 1, 2, 4 … seconds; at most a minute. */
function retryAfterMs(header: string | null, attempt: number): number {
  if (header !== null && /^\s*\d+(\.\d+)?\s*$/u.test(header)) return Math.min(60_000, Number(header) * 1000);
  if (header !== null) {
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.min(60_000, Math.max(0, date - Date.now()));
  }
  return Math.min(60_000, 1000 * 2 ** (attempt - 1));
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
