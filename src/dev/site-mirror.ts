import { createHash } from 'node:crypto';
import { DiagnosticCollector, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Incident, Service, SiteConfig, SiteModel } from '../model.js';
import { Fragments } from '../render/fragments.js';
import { renderSite } from '../render/site.js';
import type { TemplateFiles } from '../render/templates.js';
import { fileInMemory } from '../output/files.js';
import { articleFiles, isSearchIndexFile } from './render.js';

/** How the background renderer is set up, once. */
export interface MirrorOptions {
  /** Folder of the templates as shown in diagnostics. */
  templatesRoot: string;
  /** Builds the search index with the first complete render (never again: it is slow and left stale). */
  search: boolean;
}

/** The published site as changed since the previous message: the main thread's model, in parts. */
export interface SiteDelta {
  config: SiteConfig;
  services: Map<string, Service>;
  /** The slug of every published incident, in the model's order. */
  order: string[];
  /** Incidents that are new or changed, with the HTML of their Markdown. */
  incidents: Incident[];
  fragments: [string, string][];
}

/** What the main thread tells the background renderer. Each message carries the main thread's generation. */
export interface MirrorMessage {
  generation: number;
  /** True when the content has no errors and the templates were read. */
  valid: boolean;
  /** The published site, when it changed (absent while the content has errors). */
  site?: SiteDelta;
  /** The templates, when they changed (or at the start): every page is rendered again. */
  templates?: { files: TemplateFiles | undefined };
  /** Articles the main thread already rendered. */
  eagerFiles: string[];
  /** True when the changed incidents' articles are the background's to render (every page is then rendered). */
  renderArticles: boolean;
}

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
  private site: Omit<SiteDelta, 'incidents' | 'fragments'> | undefined;
  private readonly incidents = new Map<string, Incident>();
  private readonly fragments = new Fragments();
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
    if (message.templates) {
      this.templateFiles = message.templates.files;
      this.pending = 'full';
    }
    if (message.site) {
      const { incidents, fragments, ...site } = message.site;
      this.site = site;
      for (const incident of incidents) this.incidents.set(incident.slug, incident);
      const published = new Set(site.order);
      for (const slug of this.incidents.keys()) if (!published.has(slug)) this.incidents.delete(slug);
      this.fragments.add(fragments);
    }
    for (const file of message.eagerFiles) if (!this.hashes.has(file)) this.hashes.set(file, '');
    if (message.site || !message.templates) this.pending = widest(this.pending, message.renderArticles ? 'full' : 'aggregates');
  }

  /** True when a render is due and the content is valid. */
  get needsRender(): boolean {
    return this.valid && this.pending !== undefined && this.site !== undefined && this.templateFiles !== undefined;
  }

  /** The newest generation taken in. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Renders what is pending and diffs it against the previous output. */
  async render(): Promise<MirrorResult> {
    const generation = this.generation;
    const scope = this.pending;
    const site = this.site;
    const templateFiles = this.templateFiles;
    if (!this.needsRender || !scope || !site || !templateFiles) return { kind: 'idle', generation };
    this.pending = undefined;
    const started = performance.now();
    const model: SiteModel = { config: site.config, services: site.services, incidents: site.order.map((slug) => this.incidents.get(slug)!) };
    const articles = articleFiles(model);
    const indexSearch = scope === 'full' && this.options.search && !this.indexed;
    const wants =
      scope === 'full' ? (indexSearch ? undefined : (file: string) => !isSearchIndexFile(file)) : (file: string) => !articles.has(file) && !isSearchIndexFile(file);
    const diagnostics = new DiagnosticCollector();
    const rendered = await renderSite(model, templateFiles, {
      templatesRoot: this.options.templatesRoot,
      diagnostics,
      fragments: this.fragments,
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
