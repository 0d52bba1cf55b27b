import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { all, htmlFiles, parseHtml, readTree, resolveInternal, validateHtml, type HtmlDocument, type OutputTree } from '../helpers/build.js';
import { contentTypeOf, resolveRequest, startStaticServer, type StaticServer } from './static-server.js';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');

/** Attributes of HTML elements that reference another resource. */
const REFERENCE_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data', 'data-bundle'];

/** A GET of a raw request path (not normalised the way `fetch` and browsers normalise URLs). */
function getRaw(port: number, rawPath: string): Promise<{ status: number; type: string | undefined; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], location: response.headers.location }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the loopback static server used by the browser tests', () => {
  let directory: string;
  let server: StaticServer;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-server-'));
    await mkdir(path.join(directory, 'site', 'ja'), { recursive: true });
    await writeFile(path.join(directory, 'site', 'ja', 'index.html'), '<p>ja</p>');
    await writeFile(path.join(directory, 'site', '404.html'), '<p>missing</p>');
    await writeFile(path.join(directory, 'secret.txt'), 'outside the site');
    server = await startStaticServer(path.join(directory, 'site'), '/status/');
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves index.html for folders and redirects a folder without its slash', async () => {
    expect(await getRaw(server.port, '/status/ja/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await getRaw(server.port, '/status/ja')).toMatchObject({ status: 301, location: '/status/ja/' });
    expect(await getRaw(server.port, '/status')).toMatchObject({ status: 301, location: '/status/' });
  });

  it('answers anything else with the root 404.html and status 404, also outside the prefix', async () => {
    expect(await getRaw(server.port, '/status/en/')).toMatchObject({ status: 404, type: 'text/html; charset=utf-8' });
    expect(await getRaw(server.port, '/ja/')).toMatchObject({ status: 404 });
  });

  it('never serves a file outside the folder, however the path is written', async () => {
    for (const raw of ['/status/../secret.txt', '/status/%2e%2e/secret.txt', '/status/ja%2f..%2f..%2fsecret.txt', '/status/..%5csecret.txt', '/status/%00']) {
      expect((await getRaw(server.port, raw)).status, raw).not.toBe(200);
    }
    expect(await resolveRequest(path.join(directory, 'site'), '/status/', '/status/ja%2f..%2f..%2fsecret.txt')).toEqual({ kind: 'forbidden' });
  });

  it('sends the content types browsers need, WebAssembly included', () => {
    expect(contentTypeOf('a/site.0123.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('pagefind/pagefind.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x/module.wasm')).toBe('application/wasm');
    expect(contentTypeOf('en/feed.xml')).toBe('application/xml; charset=utf-8');
    expect(contentTypeOf('api/v1/incidents.json')).toBe('application/json; charset=utf-8');
  });
});

describe('the build served under /status/', () => {
  let files: OutputTree;
  const documents = new Map<string, HtmlDocument>();
  const text = (file: string) => files.get(file)!.toString('utf8');
  const document = (file: string) => {
    let parsed = documents.get(file);
    if (!parsed) documents.set(file, (parsed = parseHtml(text(file))));
    return parsed;
  };

  beforeAll(async () => {
    files = await readTree(siteDir);
  });

  it('was built with only the sample content\'s expected warning', () => {
    expect(inject('buildDiagnostics')).toEqual([expect.stringMatching(/MO1180412\.yaml:76 missing-translation warning$/u)]);
    expect(htmlFiles(files).length).toBeGreaterThan(20);
  });

  it('passes html-validate (.htmlvalidate.json) on every page', async () => {
    const problems: string[] = [];
    for (const file of htmlFiles(files)) problems.push(...(await validateHtml(text(file), file)));
    expect(problems).toEqual([]);
  });

  it('has no internal link, asset or fragment in any page that leads nowhere', () => {
    const broken: string[] = [];
    let checked = 0;
    let fragments = 0;
    for (const file of htmlFiles(files)) {
      for (const element of all(document(file), REFERENCE_ATTRIBUTES.map((name) => `[${name}]`).join(', '))) {
        for (const name of REFERENCE_ATTRIBUTES) {
          const value = element.getAttribute(name);
          if (value === null) continue;
          const target = resolveInternal(file, value, siteUrl);
          if (!target) continue;
          checked += 1;
          if (!files.has(target.file)) {
            broken.push(`${file}: ${name}="${value}" → ${target.file} was not built`);
            continue;
          }
          if (target.fragment !== undefined && target.file.endsWith('.html')) {
            fragments += 1;
            if (!document(target.file).getElementById(target.fragment)) broken.push(`${file}: ${name}="${value}" → no id "${target.fragment}" in ${target.file}`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
    // Guards against a checker that silently checks nothing.
    expect(checked).toBeGreaterThan(htmlFiles(files).length * 4);
    expect(fragments).toBeGreaterThan(htmlFiles(files).length);
  });

  it('has every site URL in feeds, sitemap, robots.txt and the API under /status/ and naming a built file', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of [...files.keys()].filter((name) => /\.(xml|json|txt)$/u.test(name) && !name.startsWith('pagefind/'))) {
      for (const url of text(file).match(/https?:\/\/127\.0\.0\.1:\d+[^\s"'<>\\]*/gu) ?? []) {
        const clean = url.replace(/&amp;/gu, '&');
        checked += 1;
        if (!clean.startsWith(siteUrl)) broken.push(`${file}: ${clean} is not under ${siteUrl}`);
        else if (!files.has(resolveInternal(file, clean, siteUrl)!.file)) broken.push(`${file}: ${clean} names no built file`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('answers every internal link target with 200 over HTTP', async () => {
    const targets = new Set<string>();
    for (const file of htmlFiles(files)) {
      for (const element of all(document(file), 'a[href], link[href], script[src]')) {
        const value = element.getAttribute('href') ?? element.getAttribute('src')!;
        if (!resolveInternal(file, value, siteUrl)) continue;
        const url = new URL(value, new URL(file, siteUrl));
        url.hash = '';
        targets.add(url.href);
      }
    }
    expect(targets.size).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const url of targets) {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) failures.push(`${response.status} ${url}`);
    }
    expect(failures).toEqual([]);
  });
});
