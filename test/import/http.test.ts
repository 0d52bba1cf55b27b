import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, isLoopbackHost } from '../../src/import/http.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('exchange', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/trickle') {
        // A byte every 100 ms: never a stall of 600 ms, but longer than a 1.5 s deadline in all.
        response.writeHead(200);
        const timer = setInterval(() => response.write('.'), 100);
        response.on('close', () => clearInterval(timer));
        return;
      }
      response.writeHead(200, { 'content-length': '5' }).end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the whole body, or discards it unread when not wanted', async () => {
    const read = await exchange(`${base}/`, {}, { deadline: performance.now() + 5000, maxBytes: 100 });
    expect(read.kind === 'answered' && new TextDecoder().decode(read.body)).toBe('hello');
    const unread = await exchange(`${base}/`, {}, { deadline: performance.now() + 5000, maxBytes: 100 }, () => false);
    expect(unread.kind === 'answered' && unread.body.byteLength).toBe(0);
  });

  it('tells the deadline from a stall, and a declared length over the limit', async () => {
    expect(await exchange(`${base}/trickle`, {}, { deadline: performance.now() + 1500, stallMs: 600, maxBytes: 100 })).toEqual({ kind: 'timed-out', by: 'deadline' });
    expect(await exchange(`${base}/trickle`, {}, { deadline: performance.now() + 5000, stallMs: 50, maxBytes: 100 })).toEqual({ kind: 'timed-out', by: 'stall' });
    expect(await exchange(`${base}/`, {}, { deadline: performance.now() + 5000, maxBytes: 4 })).toEqual({ kind: 'too-large', declared: 5 });
    expect(await exchange(`${base}/`, {}, { deadline: performance.now() - 1, maxBytes: 100 })).toEqual({ kind: 'timed-out', by: 'deadline' });
  });
});
