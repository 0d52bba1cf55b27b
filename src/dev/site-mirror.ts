import { createHash } from 'node:crypto';
import type { ContentConfiguration } from '../content/load.js';
import { compareText, DiagnosticCollector, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { ProcessedGroup } from '../load/process-group.js';
import { renderSite } from '../render/site.js';
import type { TemplateFiles } from '../render/templates.js';
import { fileInMemory } from '../output/files.js';
import type { PublishOptions } from '../load/publish.js';
import { articleFiles, evaluateGroups, fragmentsOf, isSearchIndexFile } from './render.js';

/** How the background renderer is set up, once. */
export interface MirrorOptions extends PublishOptions {
  /** Folder of the templates as shown in diagnostics. */
  templatesRoot: string;
  /** Builds the search index with the first complete render (never again: it is slow and left stale). */
  search: boolean;
}

/** What the main thread tells the background renderer. Each message carries the main thread's generation. */
export type MirrorMessage =
  /** Everything anew (start, or site.yaml/services.yaml changed): every group, the templates; renders every page. */
  | { kind: 'reset'; generation: number; configuration: ContentConfiguration | undefined; groups: [string, ProcessedGroup][]; templateFiles: TemplateFiles | undefined; valid: boolean }
  /** Some groups changed (`null`: the group is gone). `eagerFiles` are articles the main thread already rendered. */
  | { kind: 'update'; generation: number; changes: [string, ProcessedGroup | null][]; valid: boolean; eagerFiles: string[]; renderArticles: boolean }
  /** The templates folder changed: every page is rendered again. */
  | { kind: 'templates'; generation: number; templateFiles: TemplateFiles | undefined; valid: boolean };

/** What the background renderer answers, for the newest generation it has seen. */
export type MirrorResult =
  /** Output files whose bytes changed since its previous render, and files that are no longer produced. */
  | { kind: 'rendered'; generation: number; scope: RenderScope; changed: [string, Uint8Array][]; removed: string[]; diagnostics: Diagnostic[]; milliseconds: number }
  /** Templates or UI strings failed; the previous output stays. */
  | { kind: 'failed'; generation: number; diagnostics: Diagnostic[]; milliseconds: number }
  /** Nothing to render (the content has errors, or nothing changed). */
  | { kind: 'idle'; generation: number };

/** `full`: every page; `aggregates`: every page but the articles (listings, feeds, API, sitemap…). */
export type RenderScope = 'full' | 'aggregates';

const encoder = new TextEncoder();

function widest(a: RenderScope | undefined, b: RenderScope | undefined): RenderScope | undefined {
  return a === 'full' || b === 'full' ? 'full' : (a ?? b);
}

/**
 * The background renderer's copy of the site: every processed group, the templates, and a hash of every
 * output file it produced. It renders whatever depends on the whole site — listings, feeds, the API, the
 * sitemap — off the main thread, and answers with only the files whose bytes changed.
 */
export class SiteMirror {
  private configuration: ContentConfiguration | undefined;
  private readonly groups = new Map<string, ProcessedGroup>();
  private templateFiles: TemplateFiles | undefined;
  private valid = false;
  private pending: RenderScope | undefined;
  /** Scope of a render that failed: done again with the next message (which may hold the fix), not in a loop. */
  private retry: RenderScope | undefined;
  private indexed = false;
  private generation = 0;
  private readonly hashes = new Map<string, string>();

  constructor(private readonly options: MirrorOptions) {}

  /** Takes in a message from the main thread. */
  apply(message: MirrorMessage): void {
    this.generation = Math.max(this.generation, message.generation);
    this.valid = message.valid;
    this.pending = widest(this.pending, this.retry);
    this.retry = undefined;
    switch (message.kind) {
      case 'reset':
        this.configuration = message.configuration;
        this.groups.clear();
        for (const [key, group] of message.groups) this.groups.set(key, group);
        this.templateFiles = message.templateFiles;
        this.pending = 'full';
        break;
      case 'update':
        for (const [key, group] of message.changes) {
          if (group) this.groups.set(key, group);
          else this.groups.delete(key);
        }
        for (const file of message.eagerFiles) if (!this.hashes.has(file)) this.hashes.set(file, '');
        this.pending = widest(this.pending, message.renderArticles ? 'full' : 'aggregates');
        break;
      case 'templates':
        this.templateFiles = message.templateFiles;
        this.pending = 'full';
        break;
    }
  }

  /** True when a render is due and the content is valid. */
  get needsRender(): boolean {
    return this.valid && this.pending !== undefined && this.configuration !== undefined && this.templateFiles !== undefined;
  }

  /** The newest generation taken in. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Renders what is pending and diffs it against the previous output. */
  async render(): Promise<MirrorResult> {
    const generation = this.generation;
    const scope = this.pending;
    const configuration = this.configuration;
    const templateFiles = this.templateFiles;
    if (!this.needsRender || !scope || !configuration || !templateFiles) return { kind: 'idle', generation };
    this.pending = undefined;
    const started = performance.now();
    const keys = [...this.groups.keys()].sort(compareText);
    const evaluation = evaluateGroups(
      configuration,
      keys.map((key) => this.groups.get(key)!),
      new DiagnosticCollector(),
      this.options,
    );
    if (!evaluation.model) return { kind: 'idle', generation };
    const model = evaluation.model;
    const articles = articleFiles(model);
    const indexSearch = scope === 'full' && this.options.search && !this.indexed;
    const wants =
      scope === 'full' ? (indexSearch ? undefined : (file: string) => !isSearchIndexFile(file)) : (file: string) => !articles.has(file) && !isSearchIndexFile(file);
    const diagnostics = new DiagnosticCollector();
    const rendered = await renderSite(model, templateFiles, {
      templatesRoot: this.options.templatesRoot,
      diagnostics,
      fragments: fragmentsOf(this.groups.values()),
      ...(wants ? { wants } : {}),
    });
    if (!rendered) {
      this.retry = scope;
      return { kind: 'failed', generation, diagnostics: sortDiagnostics(diagnostics.items), milliseconds: performance.now() - started };
    }
    if (indexSearch) this.indexed = true;

    const produced = new Set(rendered.files.keys());
    const changed: [string, Uint8Array][] = [];
    for (const [file, content] of rendered.files) {
      // Let each page's text go as soon as it is encoded: a complete render of a large site is hundreds of MB.
      rendered.files.delete(file);
      const data = fileInMemory(content);
      const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
      const hash = createHash('sha1').update(bytes).digest('base64');
      if (this.hashes.get(file) === hash) continue;
      this.hashes.set(file, hash);
      changed.push([file, bytes]);
    }
    const removed: string[] = [];
    for (const file of this.hashes.keys()) {
      if (produced.has(file) || isSearchIndexFile(file)) continue;
      if (scope === 'aggregates' && articles.has(file)) continue;
      removed.push(file);
    }
    for (const file of removed) this.hashes.delete(file);
    return {
      kind: 'rendered',
      generation,
      scope,
      changed,
      removed,
      diagnostics: sortDiagnostics(diagnostics.items),
      milliseconds: performance.now() - started,
    };
  }
}
