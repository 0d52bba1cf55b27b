import { describe, expect, it } from 'vitest';
import { contentTypeOf, hostHeaderName, isLoopbackHost, resolveRequestPath } from '../../src/dev/request-path.js';

const output = new Set(['index.html', 'ja/index.html', 'ja/incidents/ex1/index.html', 'ja/feed.xml', 'assets/site.abc.css', '404.html', 'ja/障害/index.html']);
const has = (key: string) => output.has(key);

describe('resolveRequestPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/ja/', 'ja/index.html'],
    ['/ja/index.html', 'ja/index.html'],
    ['/ja/incidents/ex1/', 'ja/incidents/ex1/index.html'],
    ['/ja/feed.xml?x=1', 'ja/feed.xml'],
    ['/assets/site.abc.css#top', 'assets/site.abc.css'],
    ['/ja/%E9%9A%9C%E5%AE%B3/', 'ja/障害/index.html'],
  ])('maps %s to the output file %s', (url, key) => {
    expect(resolveRequestPath(url, has)).toEqual({ kind: 'file', key });
  });

  it('redirects a folder asked for without its slash, keeping the query', () => {
    expect(resolveRequestPath('/ja', has)).toEqual({ kind: 'redirect', location: '/ja/' });
    expect(resolveRequestPath('/ja/incidents/ex1?lang=en', has)).toEqual({ kind: 'redirect', location: '/ja/incidents/ex1/?lang=en' });
  });

  it('reports paths that name nothing in the output as not found', () => {
    expect(resolveRequestPath('/ja/missing/', has)).toEqual({ kind: 'missing', reason: 'not-found' });
    expect(resolveRequestPath('/package.json', has)).toEqual({ kind: 'missing', reason: 'not-found' });
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/ja/..%5c..%5cpackage.json',
    '/ja/../../package.json',
    '/ja/./index.html',
    '/ja\\..\\package.json',
    '/ja/%00index.html',
    '//example.com/',
    '/ja//index.html',
    '/%E9%9A%9C%E5',
    'ja/index.html',
    'http://example.com/ja/',
  ])('refuses the unsafe path %s whatever the output holds', (url) => {
    const everything = () => true;
    expect(resolveRequestPath(url, everything)).toEqual({ kind: 'missing', reason: 'unsafe' });
  });

  it('decodes only once, so a doubly encoded dot-dot stays a plain name', () => {
    const seen: string[] = [];
    resolveRequestPath('/%252e%252e/package.json', (key) => {
      seen.push(key);
      return false;
    });
    expect(seen).toContain('%2e%2e/package.json');
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['ja/index.html', 'text/html; charset=utf-8'],
    ['assets/site.abc.css', 'text/css; charset=utf-8'],
    ['assets/site.abc.js', 'text/javascript; charset=utf-8'],
    ['pagefind/pagefind.js', 'text/javascript; charset=utf-8'],
    ['api/v1/incidents.json', 'application/json; charset=utf-8'],
    ['ja/feed.xml', 'application/xml; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
    ['pagefind/wasm.unknown.pagefind', 'application/octet-stream'],
    ['pagefind/index/ja_abc.pf_index', 'application/octet-stream'],
    ['pagefind/pagefind-entry.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s', (key, type) => {
    expect(contentTypeOf(key)).toBe(type);
  });
});

describe('loopback hosts', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '192.168.1.10', '::', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io', ''])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('reads the host name of a Host header', () => {
    expect(hostHeaderName('127.0.0.1:4321')).toBe('127.0.0.1');
    expect(hostHeaderName('[::1]:4321')).toBe('::1');
    expect(hostHeaderName('Example.com')).toBe('example.com');
  });
});
