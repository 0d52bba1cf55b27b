/**
 * The transport under kokuchi's two HTTP clients (a Statuspage or Google URL, Microsoft Graph): one
 * request and its whole body within a deadline, an optional stall timeout and a size limit, and which
 * hosts may be reached over plain http. It never throws for the network: it says how the exchange
 * ended, and each client puts that in its own words. Redirects, validators, tokens, retries and paging
 * are the clients' own.
 * @module
 */

/** True for a loopback host (localhost, ::1 with or without brackets, 127.x.x.x): the only hosts reached over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/gu, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/u.test(host);
}

/**
 * The length of the body as read, as the response declares it in Content-Length; undefined when it
 * declares none, or when the body is compressed (fetch decodes it, and Content-Length is then the
 * compressed length: the size limit is checked while reading, a cut-off stream fails to decode).
 */
export function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return undefined;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return Number.isFinite(length) ? length : undefined;
}

/** The time and size limits of one exchange. */
export interface ExchangeLimits {
  /** The `performance.now()` instant by which the exchange must be over (shared by the requests of one fetch or sync). */
  deadline: number;
  /** Milliseconds the server may send nothing before the exchange fails (default: only the deadline counts). */
  stallMs?: number;
  /** The largest body read, in bytes; a larger Content-Length is refused before reading. */
  maxBytes: number;
}

/** How one exchange ended. */
export type Exchange =
  /** An answer; `body` is empty when it was not wanted. */
  | { kind: 'answered'; response: Response; body: Uint8Array }
  /** The stall timeout or the deadline ran out first. */
  | { kind: 'timed-out'; by: 'stall' | 'deadline' }
  /** The body is over the limit: declared so in Content-Length, or found so while reading. */
  | { kind: 'too-large'; declared?: number }
  /** The request failed before any answer (refused, unresolved, reset). */
  | { kind: 'no-answer'; error: unknown }
  /** The body broke off on the way. */
  | { kind: 'cut-off'; error: unknown };

/** Sends one request and reads its body within the limits; a response `wantsBody` declines is discarded unread. */
export async function exchange(url: string | URL, init: RequestInit, limits: ExchangeLimits, wantsBody: (response: Response) => boolean = () => true): Promise<Exchange> {
  if (limits.deadline - performance.now() <= 0) return { kind: 'timed-out', by: 'deadline' };
  const stallMs = limits.stallMs ?? Number.POSITIVE_INFINITY;
  const controller = new AbortController();
  let expired: 'stall' | 'deadline' | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Restarted before the request and before every read: a stall counts from the last bytes received.
  const arm = () => {
    clearTimeout(timer);
    const wait = Math.min(stallMs, limits.deadline - performance.now());
    timer = setTimeout(() => {
      expired = wait === stallMs ? 'stall' : 'deadline';
      controller.abort();
    }, Math.max(0, wait));
  };
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      return expired ? { kind: 'timed-out', by: expired } : { kind: 'no-answer', error };
    }
    try {
      if (!wantsBody(response)) {
        await response.body?.cancel();
        return { kind: 'answered', response, body: new Uint8Array() };
      }
      const declared = declaredLength(response);
      if (declared !== undefined && declared > limits.maxBytes) {
        await response.body?.cancel();
        return { kind: 'too-large', declared };
      }
      const body = await readLimited(response, limits.maxBytes, arm);
      return body ? { kind: 'answered', response, body } : { kind: 'too-large' };
    } catch (error) {
      return expired ? { kind: 'timed-out', by: expired } : { kind: 'cut-off', error };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The whole body, or undefined as soon as it grows past `maxBytes` (the rest is not read); throws when it breaks off. */
async function readLimited(response: Response, maxBytes: number, beforeRead: () => void): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    beforeRead();
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
