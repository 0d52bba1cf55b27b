import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl, refuseUrl } from '../../src/import/fetch-url.js';
import { REPO_ROOT } from '../helpers/build.js';
import { runMain, temporaryWorkspace } from '../helpers/workspace.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/statuspage/incidents.json');
const ETAG = '"v1-incidents"';

let server: Server;
let base: string;
const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
let body: Buffer;

/** A Statuspage-like server on 127.0.0.1 that also misbehaves on purpose, one path per failure. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  seen.push({ url: request.url ?? '', headers: request.headers });
  switch (request.url) {
    case '/api/v2/incidents.json':
      if (request.headers['if-none-match'] === ETAG) {
        response.writeHead(304, { etag: ETAG }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', etag: ETAG, 'last-modified': 'Wed, 06 Mar 2024 17:40:03 GMT' }).end(body);
      return;
    case '/moved':
      response.writeHead(301, { location: '/api/v2/incidents.json' }).end();
      return;
    case '/to-plain-http':
      response.writeHead(302, { location: 'http://10.0.0.1/api/v2/incidents.json' }).end();
      return;
    case '/slow-redirect':
      setTimeout(() => response.writeHead(302, { location: '/slow-redirect' }).end(), 120);
      return;
    case '/loop':
      response.writeHead(302, { location: '/loop' }).end();
      return;
    case '/busy':
      response.writeHead(429, { 'retry-after': '120' }).end('slow down');
      return;
    case '/private':
      response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    case '/stall':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"incidents": [');
      return; // never ends
    case '/truncated':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      response.end(body.subarray(0, 100));
      response.socket?.destroy();
      return;
    case '/large':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(Buffer.alloc(4096, 0x20));
      return;
    case '/declared-large':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      response.end(Buffer.alloc(4096, 0x20));
      return;
    default:
      response.writeHead(404).end();
  }
}

beforeAll(async () => {
  body = await readFile(FIXTURE);
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchUrl', () => {
  it('refuses plain http except on loopback, and other schemes, before connecting', () => {
    expect(refuseUrl('http://status.example.com/api/v2/incidents.json')).toMatch(/only https/u);
    expect(refuseUrl('ftp://127.0.0.1/x')).toMatch(/not fetched/u);
    expect(refuseUrl('https://user:secret@status.example.com/')).toMatch(/user name or password/u);
    expect(refuseUrl('http://127.0.0.1:8080/x')).toBeUndefined();
    expect(refuseUrl('http://[::1]/x')).toBeUndefined();
  });

  it('follows a redirect on loopback but never one to plain http elsewhere', async () => {
    const moved = await fetchUrl(`${base}/moved`);
    expect(moved.kind).toBe('fetched');
    const refused = await fetchUrl(`${base}/to-plain-http`);
    expect(refused).toEqual({ kind: 'failed', problem: 'it redirects to http://10.0.0.1/api/v2/incidents.json, and redirects are followed only to https://' });
    expect(await fetchUrl(`${base}/loop`)).toEqual({ kind: 'failed', problem: 'more than 5 redirects' });
  });

  it('reports 429 with its Retry-After, 401, a stall, a truncated body and a body over the limit', async () => {
    expect(await fetchUrl(`${base}/busy`)).toEqual({ kind: 'failed', problem: 'the service asks to slow down (429); try again after 120 s' });
    expect((await fetchUrl(`${base}/private`)) as object).toEqual({ kind: 'failed', problem: 'the server refuses access (401); kokuchi fetches only public status pages' });
    expect(await fetchUrl(`${base}/stall`, { timeoutMs: 300 })).toEqual({ kind: 'failed', problem: 'no complete answer within 0.3 s' });
    expect(await fetchUrl(`${base}/truncated`)).toEqual({ kind: 'failed', problem: 'the connection closed before the whole file arrived' });
    expect(await fetchUrl(`${base}/large`, { maxBytes: 1000 })).toEqual({ kind: 'failed', problem: 'the file is over the limit of 1000 bytes' });
    expect(await fetchUrl(`${base}/declared-large`, { maxBytes: 1000 })).toEqual({ kind: 'failed', problem: 'the file is 4096 bytes, over the limit of 1000' });
  });

  it('gives up on a redirect chain when the time for the whole exchange runs out', async () => {
    expect(await fetchUrl(`${base}/slow-redirect`, { timeoutMs: 300 })).toEqual({ kind: 'failed', problem: 'no complete answer within 0.3 s' });
  });
});

async function workspace(): Promise<string> {
  const cwd = await temporaryWorkspace('fetch');
  await mkdir(path.join(cwd, 'content/incidents'), { recursive: true });
  await writeFile(path.join(cwd, 'content/site.yaml'), 'title: {ja: テスト, en: Test}\nbase_url: https://status.example.com/\n');
  await writeFile(path.join(cwd, 'content/services.yaml'), 'messaging: {en: Messaging}\nvoice: {en: Voice}\n');
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args);

describe('kokuchi import statuspage URL', () => {
  it('imports from the URL, remembers the ETag, and costs a 304 when nothing changed', async () => {
    const cwd = await workspace();
    const url = `${base}/api/v2/incidents.json`;
    const first = await run(cwd, 'import', 'statuspage', url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 files created');
    const state = JSON.parse(await readFile(path.join(cwd, '.kokuchi-fetch.json'), 'utf8'));
    expect(state[url]).toEqual({ etag: ETAG, lastModified: 'Wed, 06 Mar 2024 17:40:03 GMT' });

    const second = await run(cwd, 'import', 'statuspage', url);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('has not changed since the last import (304); nothing was written');
    expect(seen.at(-1)!.headers['if-none-match']).toBe(ETAG);
    expect(seen.at(-1)!.headers['if-modified-since']).toBe('Wed, 06 Mar 2024 17:40:03 GMT');
  });

  it('fails with one message and writes nothing when the fetch fails', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'statuspage', `${base}/stall`, '--timeout', '0.3');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot fetch ${base}/stall: no complete answer within 0.3 s`);
    expect(result.stderr).toContain('nothing was written');
    await expect(readFile(path.join(cwd, '.kokuchi-fetch.json'))).rejects.toThrow();
  });

  it('never fetches for Microsoft 365', async () => {
    const cwd = await workspace();
    await copyFile(FIXTURE, path.join(cwd, 'x.json'));
    const result = await run(cwd, 'import', 'm365', `${base}/api/v2/incidents.json`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kokuchi never connects to Microsoft');
  });
});
