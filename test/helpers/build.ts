import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { parseHTML } from 'linkedom';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';
import { withTempContent } from './fixture.js';

/** The repository root (holds content/, templates/, bin/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * A copy of the sample site the repository shipped with, frozen as a fixture: tests never read the
 * repository's own content/, which a writer replaces with their site.
 */
export const SAMPLE_SITE = path.join(REPO_ROOT, 'test', 'fixtures', 'sample-site');
/** The sample fixture's content folder (paths in its diagnostics read `content/…` from SAMPLE_SITE). */
export const SAMPLE_CONTENT = path.join(SAMPLE_SITE, 'content');
/** The templates shipped with the repository. */
export const TEMPLATES = path.join(REPO_ROOT, 'templates');
/** The compiled CLI entry point (run `npm run compile` first; `npm test` does). */
export const CLI = path.join(REPO_ROOT, 'bin', 'kokuchi.js');

/** Output files by output-relative path (`/` separators), sorted by path. */
export type OutputTree = Map<string, Buffer>;

/** A finished build in a temporary working directory. */
export interface BuildRun {
  result: BuildResult;
  /** The temporary working directory. */
  cwd: string;
  /** Absolute path of the output folder. */
  outDir: string;
  /** Every file of the output folder after the build (empty if it was never written). */
  files: OutputTree;
  /** The text of an output file; throws if it was not built. */
  text(file: string): string;
  /** Deletes the working directory. */
  remove(): Promise<void>;
}

/** Options of a test build; paths are relative to the build's working directory unless absolute. */
export type TestBuildOptions = Partial<Omit<BuildOptions, 'cwd'>>;

/** Reads every file under `directory` (missing folder → empty map). */
export async function readTree(directory: string): Promise<OutputTree> {
  const tree: OutputTree = new Map();
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const absolute = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else tree.set(path.relative(directory, absolute).split(path.sep).join('/'), await readFile(absolute));
    }
  };
  await walk(directory);
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function runIn(cwd: string, options: TestBuildOptions, cleanup: () => Promise<void>): Promise<BuildRun> {
  const resolve = (value: string) => path.resolve(cwd, value);
  const outDir = resolve(options.outDir ?? 'dist');
  const result = await build({
    cwd,
    contentDir: resolve(options.contentDir ?? 'content'),
    templatesDir: resolve(options.templatesDir ?? TEMPLATES),
    outDir,
    drafts: options.drafts ?? false,
    strict: options.strict ?? false,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  });
  const files = await readTree(outDir);
  return {
    result,
    cwd,
    outDir,
    files,
    text(file) {
      const bytes = files.get(file);
      if (!bytes) throw new Error(`the build wrote no ${file}; it wrote ${[...files.keys()].join(', ') || 'nothing'}`);
      return bytes.toString('utf8');
    },
    remove: cleanup,
  };
}

/**
 * Writes an inline file map (paths relative to the working directory, e.g. `content/incidents/EX1.yaml`;
 * the default content/site.yaml and content/services.yaml of fixture.ts are added) into a temporary
 * directory, runs `prepare` there if given, and builds it with the repository's templates into `dist/`.
 */
export async function buildFixture(
  files: Record<string, string | Uint8Array | null>,
  options: TestBuildOptions = {},
  prepare?: (cwd: string) => Promise<void>,
): Promise<BuildRun> {
  const temp = await withTempContent(files);
  await prepare?.(temp.cwd);
  return runIn(temp.cwd, options, temp.remove);
}

/**
 * Copies the repository's templates to `<cwd>/templates` (build with `templatesDir: 'templates'`), applying
 * `edit` to the named files first: for tests of broken templates and locale files.
 */
export async function copyTemplates(cwd: string, edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const target = path.join(cwd, 'templates');
  await cp(TEMPLATES, target, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const absolute = path.join(target, file);
    const before = await readFile(absolute, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`copyTemplates: the edit of ${file} changed nothing`);
    await writeFile(absolute, after);
  }
  return target;
}

/** What a run of the compiled CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/kokuchi.js ...args` in `cwd` (needs the compiled lib/; `npm test` compiles first). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Builds the sample fixture (or another folder) into a temporary `dist/`. */
export async function buildSample(options: TestBuildOptions = {}): Promise<BuildRun> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-build-'));
  return runIn(cwd, { contentDir: SAMPLE_CONTENT, ...options }, () => rm(cwd, { recursive: true, force: true }));
}

/** Copies the sample fixture's content/ into a fresh temporary working directory (`cwd/content`). */
export async function copySampleSite(): Promise<{ cwd: string; remove(): Promise<void> }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-sample-'));
  await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  return { cwd, remove: () => rm(cwd, { recursive: true, force: true }) };
}

/** Copies a folder (e.g. content/ or templates/) into a fresh temporary directory and returns the copy's path. */
export async function copyToTemp(source: string, name = path.basename(source)): Promise<{ path: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-copy-'));
  const target = path.join(parent, name);
  await cp(source, target, { recursive: true });
  return { path: target, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** The HTML files of an output tree. */
export function htmlFiles(files: OutputTree): string[] {
  return [...files.keys()].filter((file) => file.endsWith('.html'));
}

/** The part of a parsed element the tests use (linkedom implements it; the project has no DOM lib types). */
export interface HtmlElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly outerHTML: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly parentElement: HtmlElement | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement> & Iterable<HtmlElement>;
  closest(selector: string): HtmlElement | null;
}

/** A parsed HTML page. */
export interface HtmlDocument {
  readonly documentElement: HtmlElement;
  readonly title: string;
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement> & Iterable<HtmlElement>;
  getElementById(id: string): HtmlElement | null;
}

/** Parses an HTML page with linkedom (an HTML parser, not regular expressions). */
export function parseHtml(html: string): HtmlDocument {
  return parseHTML(html).document as unknown as HtmlDocument;
}

/** Every element of `root` as an array (NodeLists are not arrays). */
export function all(root: { querySelectorAll(selector: string): ArrayLike<HtmlElement> }, selector: string): HtmlElement[] {
  return Array.from(root.querySelectorAll(selector));
}

/** Whitespace-collapsed text of an element. */
export function textOf(element: HtmlElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/gu, ' ').trim();
}

let validator: HtmlValidate | undefined;

/** The project's html-validate configuration, `.htmlvalidate.json` at the repository root. */
export async function readValidateConfig(): Promise<ConfigData> {
  return JSON.parse(await readFile(path.join(REPO_ROOT, '.htmlvalidate.json'), 'utf8')) as ConfigData;
}

/** Validates a page with html-validate and the project's configuration; returns `line:column message [rule]` per problem. */
export async function validateHtml(html: string, file: string): Promise<string[]> {
  validator ??= new HtmlValidate(await readValidateConfig());
  const report = await validator.validateString(html, file);
  return report.results.flatMap((result) => result.messages.map((message) => `${file}:${message.line}:${message.column} ${message.message} [${message.ruleId}]`));
}

/**
 * The output file a link from `fromFile` points to, or undefined for links that leave the site. Relative
 * URLs are resolved against the page; absolute URLs under `baseUrl` are mapped back to output files
 * (a trailing `/` means `index.html`, as a web server would serve it).
 */
export function resolveInternal(fromFile: string, reference: string, baseUrl: string): { file: string; fragment: string | undefined } | undefined {
  const pageUrl = new URL(fromFile, baseUrl);
  const target = new URL(reference, pageUrl);
  if (!target.href.startsWith(baseUrl)) return undefined;
  let file = decodeURIComponent(target.pathname.slice(new URL(baseUrl).pathname.length));
  if (file === '' || file.endsWith('/')) file = `${file}index.html`;
  return { file, fragment: target.hash ? decodeURIComponent(target.hash.slice(1)) : undefined };
}

/**
 * The script elements of a page that are not the site's own: allowed are external scripts from the
 * built assets/ folder (with no inline text) and JSON-LD data blocks whose text is JSON that cannot close
 * its element (no `</`). Returns one description per offending element, and one if the raw text has more
 * `<script` than there are elements (a script hidden where the parser did not see one).
 */
export function foreignScripts(file: string, html: string, document: HtmlDocument, files: OutputTree, baseUrl: string): string[] {
  const problems: string[] = [];
  const scripts = all(document, 'script');
  for (const script of scripts) {
    const text = script.textContent ?? '';
    const type = script.getAttribute('type');
    if (type === 'application/ld+json' && !script.hasAttribute('src')) {
      let json = true;
      try {
        JSON.parse(text);
      } catch {
        json = false;
      }
      if (!json || text.includes('</')) problems.push(`${file}: JSON-LD block that is not safe JSON: ${script.outerHTML.slice(0, 200)}`);
      continue;
    }
    const target = resolveInternal(file, script.getAttribute('src') ?? '', baseUrl);
    const own = Boolean(target && target.file.startsWith('assets/') && files.has(target.file)) && text.trim() === '';
    if (!own) problems.push(`${file}: ${script.outerHTML.slice(0, 200)}`);
  }
  const raw = html.split(/<script/iu).length - 1;
  if (raw !== scripts.length) problems.push(`${file}: ${raw} "<script" in the text but ${scripts.length} script elements`);
  return problems;
}
