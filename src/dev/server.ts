import { LIB_ROOT } from '../paths.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { toDisplayPath } from '../content/load.js';
import { phrase, say, type Phrase } from '../messages/cli.js';
import type { MessageLanguage } from '../messages/types.js';
import { DiagnosticCollector, diagnosticOf, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { SiteModel } from '../model.js';
import { readTemplateFiles, type TemplateFiles } from '../render/templates.js';
import { ContentState, excerptText, type SiteChange } from './content-state.js';
import { DEV_PAGE_CSP, renderBuildingPage, renderErrorPage } from './error-page.js';
import { CLIENT_PATH, EVENTS_PATH, injectReloadClient, RELOAD_CLIENT, reloadEvent, type ReloadMessage } from './reload-client.js';
import { articleFiles, articleFilesOf, renderIncidentArticles, type DevFiles } from './render.js';
import { contentTypeOf, hostHeaderName, isLoopbackHost, resolveRequestPath } from './request-path.js';
import type { MirrorMessage, MirrorOptions, MirrorResult, SiteDelta } from './site-mirror.js';
import { watchSources, type ChangeBatch, type SourceWatcher } from './watcher.js';
import { Fragments } from '../render/fragments.js';

/** Where the dev server's messages go. */
export interface DevLog {
  /** One line of progress (start, each rebuild). */
  info(line: string): void;
  /** Problems (content errors, failures), possibly several lines. */
  problem(text: string): void;
}

/** Options of `kokuchi dev` and of startDevServer. */
export interface DevServerOptions {
  /** Working directory; paths in messages are shown relative to it. */
  cwd: string;
  contentDir: string;
  templatesDir: string;
  /** Port to listen on; 0 picks a free one. Default 4321. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Must be true to listen on an address other machines can reach (the CLI sets it for an explicit --host). */
  allowNonLoopback?: boolean;
  /** Includes records marked `draft: true`. */
  drafts?: boolean;
  /** Builds the search index with the first complete build (default true); it is not refreshed after edits. */
  search?: boolean;
  /** Quiet time after the last file event before rebuilding. Default 50 ms. */
  debounceMs?: number;
  /** Cache folder for the first load, or `false`; default as `kokuchi build`. */
  cacheDir?: string | false;
  /** Worker threads for the loads; default 1 (none; see defaultWorkerCount). */
  workers?: number;
  log?: DevLog;
  /** Stops the server, also while it is still starting (startDevServer then rejects with DevServerStopped). */
  signal?: AbortSignal;
  /** The language of the error page and its messages (English unless given). */
  language?: MessageLanguage;
  /** Formats diagnostics for the log (e.g. report.ts's human format); `readSource` gives excerpts safely. */
  formatDiagnostics?: (diagnostics: readonly Diagnostic[], readSource: (file: string) => string | undefined) => string;
}

/** A running dev server. */
export interface DevServer {
  /** Its address, e.g. `http://127.0.0.1:4321/`. */
  url: string;
  /** Stops watching, rendering and serving; resolves when everything is closed. */
  close(): Promise<void>;
}

/** A problem starting the server that the user can fix (address refused or in use). */
export class DevServerError extends Error {}

/** The server was stopped (options.signal) before it had started. */
export class DevServerStopped extends Error {}

/** The background renderer failed (`lost`: it is gone and kokuchi dev must be restarted). */
type Crash = { kind: 'crashed'; generation: number; message: string; lost?: boolean };

/** Above this many changed incidents, the articles are left to the background renderer. */
const EAGER_LIMIT = 24;

/**
 * Builds the site into memory, serves it, watches content/ and templates/ and rebuilds what a change
 * touches: the changed incidents' articles at once on this thread (then a reload event), everything
 * that lists incidents in the background renderer (then another reload event for those pages).
 * Resolves once the first build is served.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const session = new DevSession(options);
  const stop = () => void session.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    if (options.signal?.aborted) throw new DevServerStopped('stopped before starting');
    await session.start();
  } catch (error) {
    options.signal?.removeEventListener('abort', stop);
    await session.close();
    throw error;
  }
  return {
    url: session.url,
    close: () => {
      options.signal?.removeEventListener('abort', stop);
      return session.close();
    },
  };
}

function silentLog(): DevLog {
  return { info() {}, problem() {} };
}

/** The background renderer's script; when running from TypeScript sources (tests), the compiled copy in lib/. */
function workerScript(): URL {
  return new URL('dev/render-worker.js', LIB_ROOT);
}

function isInside(directory: string, file: string): boolean {
  const relative = path.relative(directory, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** An error's message for the writer: its text without the stack frames (kokuchi has no debug switch that would show them). */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return withoutStack(text);
}

/** Drops the `    at …` lines of a stack trace (the background renderer sends `error.stack`). */
export function withoutStack(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+at /u.test(line))
    .join('\n');
}

function milliseconds(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

class DevSession {
  url = '';
  private readonly log: DevLog;
  private readonly host: string;
  private readonly templatesRoot: string;
  private readonly files: DevFiles = new Map();
  /** True once a complete build has been merged into `files`. */
  private ready = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private server: http.Server | undefined;
  private worker: Worker | undefined;
  private watcher: SourceWatcher | undefined;
  private content: ContentState | undefined;
  private templateFiles: TemplateFiles | undefined;
  private model: SiteModel | undefined;
  private baseUrl = '';
  private contentDiagnostics: Diagnostic[] = [];
  private templateDiagnostics: Diagnostic[] = [];
  private eagerDiagnostics: Diagnostic[] = [];
  private backgroundDiagnostics: Diagnostic[] = [];
  private generation = 0;
  /** Article file → generation of its last change on this thread; older background results must not undo it. */
  private readonly articleGeneration = new Map<string, number>();
  private readonly clients = new Set<http.ServerResponse>();
  private heartbeat: NodeJS.Timeout | undefined;
  private waiting: ChangeBatch = new Map();
  private rebuilding: Promise<void> | undefined;
  private backgroundAnswered: (() => void) | undefined;

  constructor(private readonly options: DevServerOptions) {
    this.log = options.log ?? silentLog();
    this.host = options.host ?? '127.0.0.1';
    this.templatesRoot = this.display(options.templatesDir);
  }

  /** A phrase in the language of the run (English unless options.language says otherwise). */
  private say(found: Phrase): string {
    return say(found, this.options.language ?? 'en');
  }

  private display(absolute: string): string {
    return toDisplayPath(path.relative(this.options.cwd, absolute) || '.');
  }

  private get publish() {
    return { drafts: this.options.drafts ?? false, baseUrl: this.baseUrl };
  }

  async start(): Promise<void> {
    const started = performance.now();
    if (!isLoopbackHost(this.host) && !this.options.allowNonLoopback) {
      throw new DevServerError(`refusing to listen on ${this.host}: other machines could read the preview (drafts included); pass --host explicitly to allow it`);
    }
    await this.listen();
    this.log.info(`kokuchi dev: ${this.say(phrase('dev-building', this.url))}`);

    this.content = await ContentState.load({
      cwd: this.options.cwd,
      contentDir: this.options.contentDir,
      ...this.publish,
      ...(this.options.cacheDir !== undefined ? { cacheDir: this.options.cacheDir } : {}),
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
    });
    await this.readTemplates();
    this.evaluate();
    this.throwIfStopped();

    const mirrorOptions: MirrorOptions = { templatesRoot: this.templatesRoot, search: this.options.search ?? true };
    this.worker = new Worker(workerScript(), { workerData: mirrorOptions });
    this.worker.on('message', (result: MirrorResult | Crash) => this.onBackground(result));
    this.worker.on('error', (error) => this.onBackgroundLost(messageOf(error)));
    this.worker.on('exit', (code) => this.onBackgroundLost(this.say(phrase('dev-renderer-exited', code))));
    const answered = new Promise<void>((resolve) => (this.backgroundAnswered = resolve));
    this.postChange(this.content.takeChange(), { templates: true, renderArticles: true });
    await answered;
    this.throwIfStopped();

    this.watcher = watchSources([this.options.contentDir, this.options.templatesDir], (batch) => this.enqueue(batch), {
      debounceMs: this.options.debounceMs ?? 50,
      onError: (error) => this.log.problem(`kokuchi dev: ${this.say(phrase('dev-watch-failed', messageOf(error)))}\n`),
    });
    await this.watcher.ready;
    this.throwIfStopped();
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': ping\n\n');
    }, 15_000);
    this.heartbeat.unref();

    await this.warmUp();
    const incidents = this.model?.incidents.length ?? 0;
    let bytes = 0;
    for (const content of this.files.values()) bytes += typeof content === 'string' ? content.length : content.byteLength;
    const errors = this.errors().length;
    const megabytes = (bytes / 1024 / 1024).toFixed(1);
    this.log.info(`kokuchi dev: ${this.say(phrase('dev-started', incidents, errors, this.files.size, megabytes, milliseconds(performance.now() - started)))}`);
    if (this.hasErrors()) this.reportErrors();
  }

  private throwIfStopped(): void {
    if (this.closed) throw new DevServerStopped('stopped while starting');
  }

  /** Renders one article and drops it, so that the first edit does not pay for compiling templates and warming up. */
  private async warmUp(): Promise<void> {
    const incident = this.model?.incidents[0];
    if (!this.model || !incident || !this.templateFiles) return;
    await renderIncidentArticles(this.model, [incident], this.templateFiles, {
      templatesRoot: this.templatesRoot,
      fragments: new Fragments(),
      diagnostics: new DiagnosticCollector(),
    }).catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const server = http.createServer((request, response) => this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') reject(new DevServerError(`port ${this.options.port ?? 4321} is already in use on ${this.host}; pass --port with another port (0 picks a free one)`));
        else if (error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') reject(new DevServerError(`cannot listen on ${this.host}:${this.options.port ?? 4321} (${error.code})`));
        else reject(error);
      });
      server.listen(this.options.port ?? 4321, this.host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}/`;
    this.baseUrl = this.url;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.watcher?.close();
    await this.rebuilding?.catch(() => undefined);
    await this.worker?.terminate();
    this.backgroundAnswered?.();
    for (const client of this.clients) client.end();
    this.clients.clear();
    const server = this.server;
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  // ── Content and rendering ──────────────────────────────────────────────────────────────────────────

  private async readTemplates(): Promise<void> {
    this.templateFiles = await readTemplateFiles(this.options.templatesDir).catch(() => undefined);
    const collector = new DiagnosticCollector();
    if (!this.templateFiles) {
      collector.report(this.templatesRoot, { line: 1, column: 1 }, 'missing-template', { kind: 'folder', folder: this.templatesRoot });
    }
    this.templateDiagnostics = collector.items;
  }

  private evaluate(): void {
    this.contentDiagnostics = this.content!.diagnostics;
    this.model = this.content!.model;
  }

  private get valid(): boolean {
    return Boolean(this.model && this.templateFiles);
  }

  private post(message: MirrorMessage): void {
    this.worker?.postMessage(message);
  }

  /** Tells the background renderer what changed: the published site (when the content has no errors), the templates. */
  private postChange(change: SiteChange | undefined, options: { templates: boolean; renderArticles: boolean; eagerFiles?: string[] }): void {
    this.post({
      generation: this.generation,
      valid: this.valid,
      ...(change ? { site: this.siteDelta(change) } : {}),
      ...(options.templates ? { templates: { files: this.templateFiles } } : {}),
      eagerFiles: options.eagerFiles ?? [],
      renderArticles: options.renderArticles,
    });
  }

  /** The published model as changed: every incident's place, the changed incidents with their Markdown's HTML. */
  private siteDelta(change: SiteChange): SiteDelta {
    const model = this.model!;
    const content = this.content!;
    return {
      config: model.config,
      services: model.services,
      order: model.incidents.map((incident) => incident.slug),
      incidents: change.changed,
      fragments: change.changed.flatMap((incident) => content.fragmentsOf(incident)),
    };
  }

  private enqueue(batch: ChangeBatch): void {
    for (const [file, event] of batch) this.waiting.set(file, event);
    if (this.rebuilding || this.closed) return;
    this.rebuilding = (async () => {
      while (this.waiting.size > 0 && !this.closed) {
        const next = this.waiting;
        this.waiting = new Map();
        try {
          await this.rebuild(next);
        } catch (error) {
          this.log.problem(`kokuchi dev: ${this.say(phrase('dev-rebuild-failed', messageOf(error)))}\n`);
        }
      }
      this.rebuilding = undefined;
    })();
  }

  /** One rebuild: load what changed, render the changed incidents' articles, hand the rest to the background. */
  private async rebuild(batch: ChangeBatch): Promise<void> {
    const started = performance.now();
    const content = this.content!;
    const incidentsDir = path.join(this.options.contentDir, 'incidents');
    const templatePaths: string[] = [];
    const contentPaths: string[] = [];
    let rescan = false;
    for (const [file, event] of batch) {
      if (isInside(this.options.templatesDir, file)) templatePaths.push(file);
      else if (content.isConfigurationPath(file)) rescan = true;
      else if (event === 'addDir' || event === 'unlinkDir') rescan ||= isInside(incidentsDir, file);
      else if (content.isContentFile(file)) contentPaths.push(file);
    }
    if (templatePaths.length === 0 && contentPaths.length === 0 && !rescan) return;

    const signature = this.errorSignature();
    this.generation += 1;
    const generation = this.generation;
    // site.yaml or services.yaml decide every group, and a folder that came or went is walked: the whole folder is read.
    const contentChanged = rescan ? await content.reload() : contentPaths.length > 0 ? await content.reload(contentPaths) : false;
    const templatesChanged = templatePaths.length > 0;
    if (templatesChanged) {
      await this.readTemplates();
      this.eagerDiagnostics = [];
    }
    this.evaluate();
    if (!contentChanged && !rescan && !templatesChanged) return;

    const change = contentChanged || rescan ? content.takeChange() : undefined;
    const reloadFiles: string[] = [];
    let eagerFiles: string[] = [];
    let articlesInBackground = rescan;
    if (change && !rescan && !templatesChanged && this.valid) {
      if (change.changed.length + change.removed.length > EAGER_LIMIT) articlesInBackground = true;
      else if (change.changed.length + change.removed.length > 0) {
        const rendered = await this.renderChangedArticles(change, generation);
        eagerFiles = rendered.files;
        reloadFiles.push(...rendered.changed);
      }
    }

    // The reload goes out before the background renderer hears of the change.
    const errorsChanged = this.errorSignature() !== signature;
    if (errorsChanged) this.broadcast({ all: true });
    else if (reloadFiles.length > 0) this.broadcast({ files: reloadFiles });

    if (contentChanged || rescan || templatesChanged) this.postChange(change, { templates: templatesChanged, renderArticles: articlesInBackground, eagerFiles });

    const changed = [...batch.keys()].filter((file) => templatePaths.includes(file) || contentPaths.includes(file) || rescan).map((file) => this.display(file));
    if (this.hasErrors()) {
      this.log.info(this.say(phrase('dev-edit-errors', clock(), changed, this.errors().length)));
      if (errorsChanged) this.reportErrors();
    } else if (eagerFiles.length > 0 || reloadFiles.length > 0) {
      this.log.info(this.say(phrase('dev-edit-pages', clock(), changed, reloadFiles.length, milliseconds(performance.now() - started))));
    } else {
      this.log.info(this.say(phrase('dev-edit-background', clock(), changed)));
    }
  }

  /** Renders the changed incidents' articles on this thread (they depend on nothing else), merges them and drops those of removed incidents. */
  private async renderChangedArticles(change: SiteChange, generation: number): Promise<{ files: string[]; changed: string[] }> {
    const model = this.model!;
    const diagnostics = new DiagnosticCollector();
    const rendered =
      change.changed.length === 0
        ? new Map()
        : await renderIncidentArticles(model, change.changed, this.templateFiles!, {
            templatesRoot: this.templatesRoot,
            fragments: this.content!.fragments,
            diagnostics,
          });
    if (!rendered) {
      this.eagerDiagnostics = sortDiagnostics(diagnostics.items);
      return { files: [], changed: [] };
    }
    this.eagerDiagnostics = [];
    const changed: string[] = [];
    for (const [file, content] of rendered) {
      this.files.set(file, content);
      this.articleGeneration.set(file, generation);
      changed.push(file);
    }
    if (change.removed.length > 0) {
      const current = articleFiles(model);
      for (const slug of change.removed) {
        for (const file of articleFilesOf(model, slug)) {
          if (current.has(file)) continue;
          this.articleGeneration.set(file, generation);
          if (this.files.delete(file)) changed.push(file);
        }
      }
    }
    return { files: [...rendered.keys()], changed };
  }

  /** The background renderer is gone (a crash, or out of memory): say so in the browser and the terminal. */
  private onBackgroundLost(reason: string): void {
    if (this.closed || this.worker === undefined) return;
    this.worker = undefined;
    this.onBackground({ kind: 'crashed', generation: this.generation, message: reason, lost: true });
  }

  /** Merges what the background renderer produced, then reloads the pages it changed. */
  private onBackground(result: MirrorResult | Crash): void {
    if (this.closed) return;
    const signature = this.errorSignature();
    const first = !this.ready;
    const merged: string[] = [];
    switch (result.kind) {
      case 'rendered': {
        const newer = (file: string) => (this.articleGeneration.get(file) ?? -1) > result.generation;
        for (const [file, bytes] of result.changed) {
          if (newer(file)) continue;
          this.files.set(file, bytes);
          merged.push(file);
        }
        for (const file of result.removed) {
          if (newer(file)) continue;
          if (this.files.delete(file)) merged.push(file);
        }
        this.backgroundDiagnostics = result.diagnostics;
        this.ready = true;
        break;
      }
      case 'failed':
        this.backgroundDiagnostics = result.diagnostics;
        break;
      case 'idle':
        this.backgroundDiagnostics = [];
        break;
      case 'crashed':
        this.backgroundDiagnostics = [
          diagnosticOf(this.templatesRoot, { line: 1, column: 1 }, 'internal-error', undefined, result.message.split('\n')[0] ?? ''),
        ];
        this.log.problem(`kokuchi dev: ${this.say(phrase('dev-renderer-crashed', withoutStack(result.message)))}\n${result.lost ? `${this.say(phrase('dev-restart'))}\n` : ''}`);
        break;
    }
    const answered = this.backgroundAnswered;
    this.backgroundAnswered = undefined;
    const errorsChanged = this.errorSignature() !== signature;
    if ((result.kind === 'rendered' && first) || errorsChanged) this.broadcast({ all: true });
    else if (merged.length > 0) this.broadcast({ files: merged });
    if (answered) {
      answered();
      return;
    }
    if (result.kind === 'rendered' && merged.length > 0) {
      this.log.info(this.say(phrase('dev-background-updated', clock(), merged.length, milliseconds(result.milliseconds))));
    } else if (errorsChanged && this.hasErrors()) {
      this.reportErrors();
    }
  }

  private shownDiagnostics(): Diagnostic[] {
    return sortDiagnostics([...this.templateDiagnostics, ...this.contentDiagnostics, ...this.eagerDiagnostics, ...this.backgroundDiagnostics]);
  }

  private errors(): Diagnostic[] {
    const lists = [this.templateDiagnostics, this.contentDiagnostics, this.eagerDiagnostics, this.backgroundDiagnostics];
    return sortDiagnostics(lists.flatMap((list) => list.filter((item) => item.severity === 'error')));
  }

  private hasErrors(): boolean {
    return this.errors().length > 0;
  }

  private errorSignature(): string {
    return JSON.stringify(this.errors());
  }

  private reportErrors(): void {
    const errors = this.errors();
    const readSource = (file: string) => this.readSource(file);
    this.log.problem(
      this.options.formatDiagnostics
        ? this.options.formatDiagnostics(errors, readSource)
        : errors.map((item) => `${item.file}:${item.line}:${item.column}  ${item.message}  [${item.rule}]\n`).join(''),
    );
  }

  /**
   * A file's text for excerpts under problems: templates as last read (in memory), and records,
   * site.yaml or services.yaml from disk when they are regular files of a sane size. Nothing else is
   * read: a diagnostic may name a symbolic link to /dev/zero or a 50 MB file.
   */
  private readSource(file: string): string | undefined {
    const text = this.content?.contentText(file);
    if (text !== undefined) return text;
    const prefix = `${this.templatesRoot}/`;
    if (file.startsWith(prefix)) {
      const bytes = this.templateFiles?.get(file.slice(prefix.length));
      return bytes ? excerptText(bytes) : undefined;
    }
    return undefined;
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────────────

  private broadcast(message: ReloadMessage): void {
    const event = reloadEvent(message);
    for (const client of this.clients) client.write(event);
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    // A page elsewhere could make the browser ask for this server under its own name (DNS rebinding).
    if (!this.options.allowNonLoopback && !isLoopbackHost(hostHeaderName(request.headers.host ?? ''))) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('kokuchi dev answers only requests addressed to this machine (localhost)\n');
      return;
    }
    const url = request.url ?? '/';
    const pathname = url.replace(/[?#].*$/su, '');
    if (pathname === EVENTS_PATH) return this.openEvents(request, response);
    if (pathname === CLIENT_PATH) return this.send(request, response, 200, 'text/javascript; charset=utf-8', RELOAD_CLIENT);

    const target = resolveRequestPath(url, (key) => this.files.has(key));
    if (target.kind === 'redirect') {
      response.writeHead(302, { Location: target.location }).end();
      return;
    }
    const html = target.kind === 'missing' || target.key.endsWith('.html');
    if (html && this.hasErrors()) {
      response.setHeader('Content-Security-Policy', DEV_PAGE_CSP);
      return this.send(request, response, 500, 'text/html; charset=utf-8', renderErrorPage(this.shownDiagnostics(), { readSource: (file) => this.readSource(file), language: this.options.language ?? 'en' }));
    }
    if (html && !this.ready) {
      response.setHeader('Content-Security-Policy', DEV_PAGE_CSP);
      return this.send(request, response, 503, 'text/html; charset=utf-8', renderBuildingPage(this.options.language ?? 'en'));
    }
    if (target.kind === 'file') {
      const content = this.files.get(target.key)!;
      return this.send(request, response, 200, contentTypeOf(target.key), html ? injectReloadClient(toText(content)) : content);
    }
    const notFound = this.files.get('404.html');
    if (notFound !== undefined) return this.send(request, response, 404, 'text/html; charset=utf-8', injectReloadClient(toText(notFound)));
    this.send(request, response, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  private send(request: http.IncomingMessage, response: http.ServerResponse, status: number, type: string, body: string | Uint8Array): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.byteLength });
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }

  private openEvents(request: http.IncomingMessage, response: http.ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    response.write('retry: 1000\n: connected\n\n');
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }
}

const decoder = new TextDecoder();

function toText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : decoder.decode(content);
}
