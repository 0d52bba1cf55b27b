import path from 'node:path';
import { build } from '../build.js';
import { defaultTemplatesDir } from '../paths.js';
import { EXIT, parseOptions, printDiagnostics, readFormat, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { countDiagnostics } from '../diagnostics.js';

const HELP = `Usage: kokuchi build [options]

Checks the content, then builds the site. On any error nothing is written and the
previous output stays exactly as it was.

Options:
  --content DIR     content folder (default: content)
  --templates DIR   templates folder (default: templates/ beside the content
                    folder if there is one, else kokuchi's own)
  --out DIR         output folder (default: dist)
  --base-url URL    override base_url from content/site.yaml
  --drafts          include records marked draft: true
  --strict          treat warnings as errors
  --format FORMAT   how problems are printed: human (default), json or github
  --no-cache        ignore and do not write the build cache (node_modules/.cache/kokuchi)
  --cache-dir DIR   keep the build cache in DIR
  --workers N       worker threads for parsing and Markdown (default: 1, none)
  --no-search       skip the search index and search pages (overrides site.yaml)
  --timings         print how long each stage took and how many files were made
`;

/** `kokuchi build`: check, render, write atomically, print one summary line. */
export async function runBuild(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    content: { type: 'string', default: 'content' },
    templates: { type: 'string' },
    out: { type: 'string', default: 'dist' },
    'base-url': { type: 'string' },
    drafts: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    format: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    workers: { type: 'string' },
    timings: { type: 'boolean', default: false },
    'no-search': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) usageError(phrase('unexpected-argument', positionals[0]!));
  const format = readFormat(values.format);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) usageError(phrase('bad-workers', values.workers!));
  const resolve = (value: string) => path.resolve(environment.cwd, value);
  const started = performance.now();
  const result = await build({
    cwd: environment.cwd,
    contentDir: resolve(values.content),
    templatesDir: values.templates === undefined ? defaultTemplatesDir(resolve(values.content)) : resolve(values.templates),
    outDir: resolve(values.out),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    drafts: values.drafts,
    strict: values.strict,
    ...(values['no-cache'] ? { cacheDir: false as const } : values['cache-dir'] !== undefined ? { cacheDir: resolve(values['cache-dir']) } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(values['no-search'] ? { search: false } : {}),
  });
  if (values.timings) {
    const rows = Object.entries(result.timings).map(([name, ms]) => `  ${name.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms`);
    // How many files the render made; the others were kept from the previous build.
    if (result.stats) rows.push(`  ${'made'.padEnd(18)} ${String(result.stats.made.length).padStart(6)} files`);
    environment.stderr.write(`timings:\n${rows.join('\n')}\n`);
  }
  // A build is not the place to read hundreds of translation warnings; `check` lists them all.
  printDiagnostics(result.diagnostics, format, environment, { maxWarnings: 20 });
  if (!result.ok || !result.stats) {
    const { errors } = countDiagnostics(result.diagnostics);
    environment.stderr.write(`${sayIn(environment, phrase('build-failed', errors, values.out))}\n`);
    return result.configurationError ? EXIT.usage : EXIT.content;
  }
  const { languages, pages, incidents } = result.stats;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const outDisplay = `${path.relative(environment.cwd, resolve(values.out)) || '.'}/`;
  environment.stdout.write(`${sayIn(environment, phrase('built', languages, pages, incidents, seconds, outDisplay))}\n`);
  return EXIT.ok;
}
