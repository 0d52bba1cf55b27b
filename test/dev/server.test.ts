import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { runDev } from '../../src/commands/dev.js';
import type { ReloadMessage } from '../../src/dev/reload-client.js';
import { DevServerError, startDevServer, type DevServer } from '../../src/dev/server.js';
import { readTree, SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';

const RECORD = 'content/incidents/2021/EX300267.yaml';
const ARTICLE = 'ja/incidents/ex300267/index.html';
/** Written next to content/: the server must never give it out. */
const SECRET = 'kokuchi-dev-test-secret-7f3a';

/** A temporary working directory with copies of the sample content and the templates. */
async function makeSite(): Promise<{ cwd: string; remove(): Promise<void> }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-dev-'));
  await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  await cp(TEMPLATES, path.join(cwd, 'templates'), { recursive: true });
  await writeFile(path.join(cwd, 'package.json'), JSON.stringify({ name: SECRET }));
  return { cwd, remove: () => rm(cwd, { recursive: true, force: true }) };
}

/** Sends a request with the path exactly as given (fetch would normalize `..` away). */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string; location?: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path: rawPath, method: 'GET', headers, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          ...(response.headers.location ? { location: response.headers.location } : {}),
        }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`timed out: ${rawPath}`)));
    request.on('error', reject);
    request.end();
  });
}

/** The server-sent events of a dev server, read with fetch (Node 20 has no EventSource). */
interface EventStream {
  /** Resolves with the first reload event (from now on) matching `accept`; rejects after `timeoutMs`. */
  next(accept: (message: ReloadMessage) => boolean, timeoutMs?: number): Promise<ReloadMessage>;
  close(): void;
}

async function openEvents(base: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(new URL('/__kokuchi/events', base), { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/u);
  const waiters = new Set<{ accept: (message: ReloadMessage) => boolean; resolve: (message: ReloadMessage) => void }>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: reload$/mu.test(block)) continue;
          const message = JSON.parse(/^data: (.*)$/mu.exec(block)![1]!) as ReloadMessage;
          for (const waiter of waiters) {
            if (waiter.accept(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    next(accept, timeoutMs = 1000) {
      return new Promise((resolve, reject) => {
        const waiter = { accept, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching reload event within ${timeoutMs} ms`));
        }, timeoutMs);
      });
    },
    close: () => controller.abort(),
  };
}

const names = (file: string) => (message: ReloadMessage) => 'all' in message || message.files.includes(file);

async function text(base: string, pathname: string): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(new URL(pathname, base), { redirect: 'manual' });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
}

/** Polls until `check` passes (the background renderer finishes listings after the reload of the article). */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function editFile(cwd: string, file: string, edit: (text: string) => string): Promise<void> {
  const absolute = path.join(cwd, file);
  const before = await readFile(absolute, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  await writeFile(absolute, after);
}

describe('kokuchi dev', () => {
  let site: { cwd: string; remove(): Promise<void> };
  let server: DevServer;
  let events: EventStream;

  beforeAll(async () => {
    site = await makeSite();
    server = await startDevServer({
      cwd: site.cwd,
      contentDir: path.join(site.cwd, 'content'),
      templatesDir: path.join(site.cwd, 'templates'),
      port: 0,
      search: false,
      cacheDir: false,
    });
    events = await openEvents(server.url);
  }, 30_000);

  afterAll(async () => {
    events?.close();
    await server?.close();
    await site?.remove();
  });

  it('listens on an ephemeral loopback port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/u);
  });

  it('serves a built page with the reload client, and the client itself', async () => {
    const page = await text(server.url, '/ja/incidents/ex300267/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="ja"');
    expect(page.body).toContain('<script src="/__kokuchi/reload.js" defer></script>');
    const client = await text(server.url, '/__kokuchi/reload.js');
    expect(client.type).toBe('text/javascript; charset=utf-8');
    expect(client.body).toContain("new EventSource(\"/__kokuchi/events\")");
  });

  it('serves feeds, the API and assets with their content types, unchanged', async () => {
    expect((await text(server.url, '/ja/feed.xml')).type).toBe('application/xml; charset=utf-8');
    const api = await text(server.url, '/api/v1/incidents.json');
    expect(api.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(api.body)).toHaveProperty('incidents');
    const stylesheet = /href="\.\.\/(assets\/site\.[0-9a-f]+\.css)"/u.exec((await text(server.url, '/ja/')).body)![1]!;
    const css = await text(server.url, `/${stylesheet}`);
    expect(css.type).toBe('text/css; charset=utf-8');
    expect(css.body).not.toContain('__kokuchi');
  });

  it('redirects /ja to /ja/', async () => {
    const response = await rawGet(server.url, '/ja');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/ja/');
  });

  it("answers unknown paths with the site's 404 page and status 404", async () => {
    const response = await text(server.url, '/ja/incidents/no-such-incident/');
    expect(response.status).toBe(404);
    expect(response.body).toContain('<meta name="robots" content="noindex">');
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/ja/..%5c..%5cpackage.json', '/ja/../../package.json', '/..\\package.json'])(
    'never serves a file outside the output: %s is a 404',
    async (rawPath) => {
      const response = await rawGet(server.url, rawPath);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(SECRET);
    },
  );

  it('answers only requests addressed to this machine', async () => {
    const response = await rawGet(server.url, '/ja/', { Host: 'attacker.example:80' });
    expect(response.status).toBe(403);
  });

  it('re-renders an edited record and sends a reload event within a second', async () => {
    const reload = events.next(names(ARTICLE), 1000);
    const started = Date.now();
    await editFile(site.cwd, RECORD, (source) => source.replace(/^ {2}ja: 複数のオンプレミス IP がブロック対象となり.*$/mu, '  ja: 編集後のタイトル（テスト）'));
    await reload;
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await text(server.url, '/ja/incidents/ex300267/')).body).toContain('編集後のタイトル（テスト）');
    // Listings follow from the background renderer.
    await eventually(async () => expect((await text(server.url, '/ja/')).body).toContain('編集後のタイトル（テスト）'));
  });

  it('shows the error page with the positioned message while a record is broken, and the page again once fixed', async () => {
    const broken = events.next((message) => 'all' in message, 1000);
    await editFile(site.cwd, RECORD, (source) => source.replace(/^status: service-restored$/mu, 'status: servce-restored'));
    await broken;
    for (const pathname of ['/ja/incidents/ex300267/', '/en/', '/no-such-page/']) {
      const page = await text(server.url, pathname);
      expect(page.status).toBe(500);
      expect(page.body).toMatch(/content\/incidents\/2021\/EX300267\.yaml:\d+:9<\/span> {2}unknown status &quot;servce-restored&quot;; did you mean &quot;service-restored&quot;\? <span class="rule">\[unknown-status\]<\/span>/u);
      expect(page.body).toContain('<script src="/__kokuchi/reload.js" defer></script>');
    }
    // Assets are still served while the content is broken.
    expect((await text(server.url, '/ja/feed.xml')).status).toBe(200);

    const fixed = events.next((message) => 'all' in message, 1000);
    await editFile(site.cwd, RECORD, (source) => source.replace(/^status: servce-restored$/mu, 'status: service-restored'));
    await fixed;
    const page = await text(server.url, '/ja/incidents/ex300267/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('編集後のタイトル（テスト）');
  });

  it('adds and removes the pages of a record that is added and deleted', async () => {
    const file = 'content/incidents/2021/EX300999.yaml';
    const source = (await readFile(path.join(site.cwd, RECORD), 'utf8')).replace(/^id: EX300267$/mu, 'id: EX300999');
    const added = events.next(names('en/incidents/ex300999/index.html'), 1000);
    await writeFile(path.join(site.cwd, file), source);
    await added;
    expect((await text(server.url, '/en/incidents/ex300999/')).status).toBe(200);
    await eventually(async () => expect((await text(server.url, '/api/v1/incidents.json')).body).toContain('"EX300999"'));

    const removed = events.next(names('en/incidents/ex300999/index.html'), 1000);
    await rm(path.join(site.cwd, file));
    await removed;
    expect((await text(server.url, '/en/incidents/ex300999/')).status).toBe(404);
    await eventually(async () => expect((await text(server.url, '/api/v1/incidents.json')).body).not.toContain('"EX300999"'));
  });

  it('re-renders every page after a template edit', async () => {
    const reload = events.next(names(ARTICLE), 5000);
    await editFile(site.cwd, 'templates/layouts/base.hbs', (source) => source.replace('<main id="main"', '<p class="dev-test-banner">banner</p>\n<main id="main"'));
    await reload;
    for (const pathname of ['/ja/incidents/ex300267/', '/en/', '/ja/404.html']) {
      expect((await text(server.url, pathname)).body).toContain('<p class="dev-test-banner">banner</p>');
    }
  });

  it('serves exactly what a full build of the same files gives', async () => {
    const outDir = path.join(site.cwd, 'dist-check');
    const result = await build({
      cwd: site.cwd,
      contentDir: path.join(site.cwd, 'content'),
      templatesDir: path.join(site.cwd, 'templates'),
      outDir,
      baseUrl: server.url,
      drafts: false,
      strict: false,
      cacheDir: false,
    });
    expect(result.ok).toBe(true);
    const built = [...(await readTree(outDir))].filter(([file]) => !file.startsWith('pagefind/'));
    expect(built.length).toBeGreaterThan(20);
    await eventually(async () => {
      for (const [file, bytes] of built) {
        const response = await fetch(new URL(`/${file}`, server.url));
        expect(response.status, file).toBe(200);
        const served = Buffer.from(await response.arrayBuffer()).toString('utf8').replace('<script src="/__kokuchi/reload.js" defer></script>\n', '');
        expect(served, file).toBe(bytes.toString('utf8'));
      }
    });
  });
});

describe('starting kokuchi dev', () => {
  it('refuses an address other machines can reach unless allowed explicitly', async () => {
    await expect(
      startDevServer({ cwd: os.tmpdir(), contentDir: SAMPLE_CONTENT, templatesDir: TEMPLATES, host: '0.0.0.0', port: 0 }),
    ).rejects.toBeInstanceOf(DevServerError);
  });

  it('shows the errors of content that is broken from the start, and the site once fixed', async () => {
    const site = await makeSite();
    try {
      await editFile(site.cwd, RECORD, (source) => source.replace(/^service: exchange-online$/mu, 'service: exchange-onlin'));
      const server = await startDevServer({
        cwd: site.cwd,
        contentDir: path.join(site.cwd, 'content'),
        templatesDir: path.join(site.cwd, 'templates'),
        port: 0,
        search: false,
        cacheDir: false,
      });
      try {
        const page = await text(server.url, '/ja/');
        expect(page.status).toBe(500);
        expect(page.body).toContain('content/incidents/2021/EX300267.yaml:');
        const events = await openEvents(server.url);
        try {
          const fixed = events.next((message) => 'all' in message, 5000);
          await editFile(site.cwd, RECORD, (source) => source.replace(/^service: exchange-onlin$/mu, 'service: exchange-online'));
          await fixed;
          await eventually(async () => expect((await text(server.url, '/ja/')).status).toBe(200));
        } finally {
          events.close();
        }
      } finally {
        await server.close();
      }
    } finally {
      await site.remove();
    }
  });

  it('quotes no excerpt from a symbolic link or an oversized file on the error page', async () => {
    const site = await makeSite();
    try {
      await symlink('/dev/zero', path.join(site.cwd, 'content/incidents/2021/ZERO.yaml'));
      await writeFile(path.join(site.cwd, 'content/incidents/2021/HUGE.yaml'), `id: HUGE\nservice: ${'x'.repeat(5 * 1024 * 1024)}\n`);
      const server = await startDevServer({
        cwd: site.cwd,
        contentDir: path.join(site.cwd, 'content'),
        templatesDir: path.join(site.cwd, 'templates'),
        port: 0,
        search: false,
        cacheDir: false,
      });
      try {
        const page = await text(server.url, '/ja/');
        expect(page.status).toBe(500);
        expect(page.body).toContain('content/incidents/2021/HUGE.yaml:1:1');
        expect(page.body).toContain('[file-too-large]');
        expect(page.body).toContain('content/incidents/2021/ZERO.yaml:1:1');
        expect(page.body.length).toBeLessThan(100_000);
      } finally {
        await server.close();
      }
    } finally {
      await site.remove();
    }
  });

  it('stops cleanly when asked to while still starting', async () => {
    const site = await makeSite();
    try {
      let stdout = '';
      const environment = { stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: () => true }, cwd: site.cwd, env: {} };
      expect(await runDev(['--port', '0', '--no-cache'], environment, Promise.resolve())).toBe(0);
      expect(stdout).toContain('kokuchi dev: stopped');
    } finally {
      await site.remove();
    }
  });

  it('runs from the command line until stopped, printing its address', async () => {
    const site = await makeSite();
    try {
      let stdout = '';
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const environment = { stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: () => true }, cwd: site.cwd, env: {} };
      const run = runDev(['--port', '0', '--no-cache'], environment, stopped);
      await eventually(async () => expect(stdout).toMatch(/serving http:\/\/127\.0\.0\.1:\d+\//u), 20_000);
      const url = /serving (\S+)/u.exec(stdout)![1]!;
      expect((await text(url, '/ja/')).status).toBe(200);
      stop();
      expect(await run).toBe(0);
      expect(stdout).toContain('kokuchi dev: stopped');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      await site.remove();
    }
  });
});
