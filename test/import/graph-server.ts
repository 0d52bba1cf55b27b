import { createHash, createVerify, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

/** What the loopback server does for one scenario. */
export type Scenario = 'ok' | 'token-401' | 'graph-401' | 'graph-403' | 'stall' | 'truncated' | 'throttled' | 'foreign-next-link' | 'empty' | 'gzip' | 'gzip-truncated';

/** One request the server saw (never with the secret: the form is checked, not kept). */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
}

export const TENANT = '00000000-1111-2222-3333-444444444444';
export const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const SECRET = 'Kq8~s3cr3t.VALUE-never-printed';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.loopback-token';

/** A serviceHealthIssue as Graph sends it (facts and shape only). */
export function graphIssue(id: string, service: string, minute: number): Record<string, unknown> {
  const at = (offset: number) => new Date(Date.UTC(2024, 2, 4, 8, minute + offset)).toISOString().replace('.000Z', 'Z');
  return {
    startDateTime: at(0),
    endDateTime: null,
    lastModifiedDateTime: at(20),
    title: `Users of ${service} see errors`,
    id,
    impactDescription: `Users may see errors in ${service}.`,
    classification: 'incident',
    origin: 'microsoft',
    status: 'investigating',
    service,
    feature: 'Access',
    featureGroup: 'Features',
    isResolved: false,
    highImpact: null,
    details: [],
    posts: [{ createdDateTime: at(10), postType: 'regular', description: { contentType: 'html', content: `<b>Title</b>: Users of ${service} see errors<br><br><b>Current status</b>: We are looking into it.` } }],
  };
}

const PAGES = [[graphIssue('EX820001', 'Exchange Online', 0)], [graphIssue('EX820002', 'Exchange Online', 5)], [graphIssue('SP820003', 'SharePoint Online', 9)]];

/**
 * An in-process server on 127.0.0.1 that speaks the Microsoft identity platform's token endpoint and
 * Graph's issues endpoint: three pages, a 429 with Retry-After before page 2, and the failures of
 * each scenario.
 */
export async function startGraphServer(scenario: Scenario, options: { certificatePem?: string } = {}): Promise<{ origin: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  let throttledOnce = false;
  const stalled: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', origin);
      seen.push({ method: request.method ?? '', path: `${url.pathname}${url.search}`, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(body);
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        response.end(text);
      };
      if (request.method === 'POST' && url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const credential = form.get('client_assertion') ? validAssertion(form.get('client_assertion')!, `${origin}${url.pathname}`, options.certificatePem) && form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' : form.get('client_secret') === SECRET;
        const valid = form.get('grant_type') === 'client_credentials' && form.get('client_id') === CLIENT && credential && form.get('scope') === `${origin}/.default`;
        if (!valid || scenario === 'token-401') return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
        return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN });
      }
      if (request.method === 'GET' && url.pathname === '/v1.0/admin/serviceAnnouncement/issues') {
        if (request.headers.authorization !== `Bearer ${TOKEN}` || scenario === 'graph-401') return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
        if (scenario === 'graph-403') return json(403, { error: { code: 'UnknownError', message: '' } });
        if (scenario === 'empty') return json(200, { '@odata.context': `${origin}/v1.0/$metadata#admin/serviceAnnouncement/issues`, value: [] });
        const page = Number(url.searchParams.get('$skiptoken') ?? '1');
        if (page === 2 && (scenario === 'throttled' || !throttledOnce)) {
          throttledOnce = true;
          return json(429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } }, { 'retry-after': scenario === 'throttled' ? '0' : '1' });
        }
        if (page === 2 && scenario === 'stall') {
          stalled.push(response);
          return undefined;
        }
        const next = page < PAGES.length ? { '@odata.nextLink': scenario === 'foreign-next-link' ? `http://127.0.0.1:9/v1.0/admin/serviceAnnouncement/issues?$skiptoken=${page + 1}` : `${origin}/v1.0/admin/serviceAnnouncement/issues?$skiptoken=${page + 1}` } : {};
        const body = JSON.stringify({ '@odata.context': `${origin}/v1.0/$metadata#admin/serviceAnnouncement/issues`, value: PAGES[page - 1], ...next });
        if (scenario === 'gzip' || scenario === 'gzip-truncated') {
          // As Graph does when asked (Accept-Encoding: gzip): Content-Length is the compressed length.
          const compressed = gzipSync(body);
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': compressed.byteLength });
          if (page === 3 && scenario === 'gzip-truncated') {
            response.write(compressed.subarray(0, Math.floor(compressed.byteLength / 2)));
            setTimeout(() => response.socket?.destroy(), 20);
            return undefined;
          }
          return response.end(compressed);
        }
        if (page === 3 && scenario === 'truncated') {
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          response.write(body.slice(0, Math.floor(body.length / 2)));
          setTimeout(() => response.socket?.destroy(), 20);
          return undefined;
        }
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        return response.end(body);
      }
      return json(404, { error: { code: 'NotFound', message: 'no such endpoint' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of stalled) response.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Checks a client assertion as the identity platform does: RS256 signature by the registered certificate, its thumbprint, audience, issuer and lifetime. */
function validAssertion(jwt: string, audience: string, certificatePem: string | undefined): boolean {
  if (!certificatePem) return false;
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return false;
  const certificate = new X509Certificate(certificatePem);
  const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string; x5t?: string };
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: string; iss?: string; sub?: string; exp?: number; nbf?: number };
  const signed = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(certificate.publicKey, Buffer.from(signature, 'base64url'));
  const now = Date.now() / 1000;
  return signed && head.alg === 'RS256' && head.x5t === createHash('sha1').update(certificate.raw).digest('base64url') && claims.aud === audience && claims.iss === CLIENT && claims.sub === CLIENT && (claims.exp ?? 0) > now && (claims.nbf ?? Infinity) <= now + 60;
}
