import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compareText, type DiagnosticCollector } from '../diagnostics.js';
import type { Language } from '../model.js';

/** The templates folder as read from disk: relative path → text (templates, locales) or bytes (assets). */
export type TemplateFiles = Map<string, Uint8Array>;

/** Page templates a build renders; each may be overridden per language (`templates/ja/incident.hbs`). */
export const PAGE_TEMPLATES = ['home', 'index', 'incident', 'listing', 'search', 'not-found'] as const;
export type PageTemplate = (typeof PAGE_TEMPLATES)[number];

/** Compiled templates for every language. */
export interface TemplateSet {
  /** Renders a page template and wraps it in the layout. */
  render(template: PageTemplate, lang: Language, view: object, page: object): string;
  /** True when the templates folder has this page template. */
  has(template: PageTemplate, lang: Language): boolean;
}

/** Thrown while rendering when a template refers to something the view does not have. */
export class TemplateRenderError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads every file under the templates folder (sorted, symlinks ignored). */
export async function readTemplateFiles(directory: string): Promise<TemplateFiles> {
  const files: TemplateFiles = new Map();
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) files.set(path.relative(directory, absolute).split(path.sep).join('/'), await readFile(absolute));
    }
  };
  await walk(directory);
  return files;
}

const decoder = new TextDecoder();

/** A compiled template before it is bound to an environment (Handlebars' template specification object). */
type TemplateSpec = object;

/** The parts of Handlebars' compiler that `Handlebars.compile` runs, which its types do not declare. */
const compiler = Handlebars as unknown as {
  Compiler: new () => { compile(ast: hbs.AST.Program, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): TemplateSpec };
  template(spec: TemplateSpec): HandlebarsTemplateDelegate;
};

/** Compiles a parsed template as `Handlebars.compile` does (strict, no partial indenting), into a specification any environment can use. */
function compileSpec(ast: hbs.AST.Program): TemplateSpec {
  const options = { strict: true, preventIndent: true, data: true };
  const environment = new compiler.Compiler().compile(ast, options);
  return new compiler.JavaScriptCompiler().compile(environment, options, undefined, true);
}

/** A template of `env`, compiled (by `spec`) when first run, as `Handlebars.compile` does. */
function lazyTemplate(env: typeof Handlebars, spec: () => TemplateSpec): HandlebarsTemplateDelegate {
  let template: HandlebarsTemplateDelegate | undefined;
  return function run(this: unknown, context: unknown, options?: Handlebars.RuntimeOptions) {
    template ??= (env as unknown as typeof compiler).template(spec());
    return template.call(this, context, options);
  };
}

/**
 * Compiles layouts, partials and page templates once per build, one Handlebars environment per language so
 * that language-specific files override shared ones. Syntax errors are reported with their position.
 */
export function compileTemplates(
  files: TemplateFiles,
  languages: readonly Language[],
  options: { displayRoot: string; diagnostics: DiagnosticCollector },
): TemplateSet | undefined {
  // The dev server renders a few pages per edit from the same files: reuse the compiled set (Handlebars
  // compiles lazily, so a fresh set would compile every template again). Failures are never cached.
  const key = `${languages.join(',')}\u0000${options.displayRoot}`;
  const cached = compiledSets.get(files)?.get(key);
  if (cached) return cached;
  const set = compileTemplatesNow(files, languages, options);
  if (set) {
    const perFiles = compiledSets.get(files) ?? new Map<string, TemplateSet>();
    perFiles.set(key, set);
    compiledSets.set(files, perFiles);
  }
  return set;
}

const compiledSets = new WeakMap<TemplateFiles, Map<string, TemplateSet>>();

function compileTemplatesNow(
  files: TemplateFiles,
  languages: readonly Language[],
  options: { displayRoot: string; diagnostics: DiagnosticCollector },
): TemplateSet | undefined {
  const { displayRoot, diagnostics } = options;
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const sourceOf = new Map<string, string>();
  let ok = true;

  /** Per template: its syntax tree once parsed (false: it does not parse), until it is compiled. */
  const syntaxChecked = new Map<string, hbs.AST.Program | false>();
  // Each template is compiled once for every language (the languages' environments differ only in their partials).
  const specs = new Map<string, TemplateSpec>();
  const specOf = (relative: string): TemplateSpec => {
    let spec = specs.get(relative);
    if (!spec) specs.set(relative, (spec = compileSpec(syntaxChecked.get(relative) as hbs.AST.Program)));
    return spec;
  };
  const compile = (relative: string, env: typeof Handlebars, lang: Language): HandlebarsTemplateDelegate | undefined => {
    const cacheKey = `${lang}:${relative}`;
    const existing = compiled.get(cacheKey);
    if (existing) return existing;
    if (syntaxChecked.get(relative) === false) return undefined;
    const bytes = files.get(relative);
    if (!bytes) return undefined;
    // Partials lose their final newline so that inline uses (`<dd>{{> time}}</dd>`) stay on one line.
    const decoded = decoder.decode(bytes);
    const text = relative.includes('partials/') ? decoded.replace(/\n$/u, '') : decoded;
    try {
      if (!syntaxChecked.has(relative)) syntaxChecked.set(relative, Handlebars.parse(text));
    } catch (error) {
      syntaxChecked.set(relative, false);
      const message = error instanceof Error ? error.message : String(error);
      const line = Number(/on line (\d+)/u.exec(message)?.[1] ?? 1);
      diagnostics.report(`${displayRoot}/${relative}`, { line, column: 1 }, 'template-syntax', message.split('\n').pop() ?? message);
      ok = false;
      return undefined;
    }
    const template = lazyTemplate(env, () => specOf(relative));
    compiled.set(cacheKey, template);
    sourceOf.set(relative, `${displayRoot}/${relative}`);
    return template;
  };

  const environments = new Map<Language, { env: typeof Handlebars; layout: string; pages: Map<PageTemplate, string> }>();
  for (const lang of languages) {
    const env = Handlebars.create();
    const partialNames = new Set<string>();
    for (const relative of files.keys()) {
      const match = /^(?:(ja|en)\/)?partials\/(.+)\.hbs$/u.exec(relative);
      if (match && (!match[1] || match[1] === lang)) partialNames.add(match[2]!);
    }
    for (const name of [...partialNames].sort(compareText)) {
      const chosen = files.has(`${lang}/partials/${name}.hbs`) ? `${lang}/partials/${name}.hbs` : `partials/${name}.hbs`;
      const template = compile(chosen, env, lang);
      if (template) env.registerPartial(name, template);
    }
    const layout = files.has(`${lang}/layouts/base.hbs`) ? `${lang}/layouts/base.hbs` : 'layouts/base.hbs';
    if (!files.has(layout)) {
      diagnostics.report(`${displayRoot}/layouts/base.hbs`, { line: 1, column: 1 }, 'missing-template', { kind: 'base-layout' });
      ok = false;
    } else compile(layout, env, lang);
    const pages = new Map<PageTemplate, string>();
    for (const name of PAGE_TEMPLATES) {
      const chosen = files.has(`${lang}/${name}.hbs`) ? `${lang}/${name}.hbs` : `${name}.hbs`;
      if (files.has(chosen) && compile(chosen, env, lang)) pages.set(name, chosen);
    }
    environments.set(lang, { env, layout, pages });
  }
  if (!ok) return undefined;

  const run = (relative: string, lang: Language, data: object): string => {
    const template = compiled.get(`${lang}:${relative}`)!;
    try {
      return template(data, { allowProtoPropertiesByDefault: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = / - (\d+):(\d+)$/u.exec(message);
      throw new TemplateRenderError(
        sourceOf.get(relative) ?? relative,
        Number(position?.[1] ?? 1),
        Number(position?.[2] ?? 0) + 1,
        message.replace(/ - \d+:\d+$/u, '').replace('[object Object]', 'the view'),
      );
    }
  };

  return {
    has: (template, lang) => Boolean(environments.get(lang)?.pages.has(template)),
    render(template, lang, view, page) {
      const environment = environments.get(lang)!;
      const relative = environment.pages.get(template);
      if (!relative) throw new TemplateRenderError(`${displayRoot}/${template}.hbs`, 1, 1, `the template ${template}.hbs is missing`);
      const content = run(relative, lang, { ...view, page });
      return run(environment.layout, lang, { page, content });
    },
  };
}
