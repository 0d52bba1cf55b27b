import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, parseOptions, readFormat, usageError, type CliEnvironment } from './options.js';
import { readContent, toDisplayPath } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { countDiagnostics, diagnosticOf, type Diagnostic } from '../diagnostics.js';
import { fetchUrl, isUrl, type FetchValidators } from '../import/fetch-url.js';
import { IMPORT_SOURCES, planImport, type ImportPlan, type ImportSource } from '../import/plan.js';
import { formatReport, type ReportFormat } from '../report.js';

const HELP = `Usage: kokuchi import m365 FILE.json [options]
       kokuchi import statuspage FILE.json|URL [options]
       kokuchi import google-cloud FILE.json|URL [options]

Imports incidents into content/incidents/: Microsoft 365 service health issues
saved from Microsoft Graph, a Statuspage page's incidents.json (or summary.json,
incidents/unresolved.json, scheduled-maintenances.json, one incident), or the
incidents.json of the Google Cloud or Google Workspace status dashboard.
Importing again merges: translations and everything else you added are kept,
new updates are added and changed official English text is updated.
See docs/import.md for how to save the JSON.

Options:
  --service-map FILE   YAML map from a service name (component, product) to a services.yaml key
  --service KEY        service of Statuspage incidents that name no component
  --id-prefix PREFIX   prefix of record ids (default SP- for Statuspage, GC- for Google Cloud)
  --fetch-state FILE   where ETag / Last-Modified of fetched URLs are kept (default .kokuchi-fetch.json)
  --timeout SECONDS    time limit of a fetch (default 30)
  --dry-run            print what would change and write nothing
  --content DIR        content folder (default: content)
  --format FORMAT      how problems are printed: human (default), json or github
`;


/** `kokuchi import SOURCE FILE|URL`: read or fetch the file, plan the merge, check it, then write (unless --dry-run). */
export async function runImport(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    'service-map': { type: 'string' },
    service: { type: 'string' },
    'id-prefix': { type: 'string' },
    'fetch-state': { type: 'string', default: '.kokuchi-fetch.json' },
    timeout: { type: 'string', default: '30' },
    'dry-run': { type: 'boolean', default: false },
    content: { type: 'string', default: 'content' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  const [source, file, ...extra] = positionals;
  if (source === undefined) usageError(`name the source to import from: kokuchi import m365 FILE.json`);
  if (!(IMPORT_SOURCES as readonly string[]).includes(source)) usageError(`unknown source "${source}"; kokuchi can import: ${IMPORT_SOURCES.join(', ')}`);
  const sourceName = source as ImportSource;
  if (file === undefined) usageError(sourceName === 'm365' ? 'name the saved Graph response: kokuchi import m365 FILE.json' : `name the saved file or its URL: kokuchi import ${sourceName} FILE.json|URL`);
  if (extra.length > 0) usageError(`unexpected argument "${extra[0]}"`);
  if (sourceName === 'm365' && (values['id-prefix'] !== undefined || values.service !== undefined)) usageError('--id-prefix and --service are for statuspage and google-cloud; Microsoft 365 ids are kept as they are');
  const format = readFormat(values.format);
  const { cwd } = environment;
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) usageError(`--timeout must be a number of seconds, not "${values.timeout}"`);

  let fetched: { url: string; validators: FetchValidators; statePath: string; state: Record<string, FetchValidators> } | undefined;
  let graph: RawSource;
  if (isUrl(file)) {
    if (sourceName === 'm365') usageError('kokuchi never connects to Microsoft: save the Graph response into a file and import the file (docs/import.md)');
    const statePath = path.resolve(cwd, values['fetch-state']);
    const state = await readFetchState(statePath);
    const result = await fetchUrl(file, { timeoutMs: timeout * 1000, ...(state[file] ? { validators: state[file] } : {}) });
    if (result.kind === 'not-modified') {
      environment.stderr.write(`${file} has not changed since the last import (304); nothing was written\n`);
      return EXIT.ok;
    }
    if (result.kind === 'failed') {
      report([diagnosticOf(file, { line: 1, column: 1 }, 'import-fetch', undefined, file, result.problem)], format, undefined, environment);
      environment.stderr.write('import failed with 1 error; nothing was written\n');
      return EXIT.content;
    }
    graph = { path: file, bytes: result.bytes };
    fetched = { url: file, validators: result.validators, statePath, state };
  } else {
    graph = await readInput(file, cwd);
  }
  const serviceMap = values['service-map'] === undefined ? undefined : await readInput(values['service-map'], cwd);
  const contentDir = path.resolve(cwd, values.content);
  const snapshot = await readContent(contentDir, cwd);
  const plan = planImport(sourceName, { graph, ...(serviceMap ? { serviceMap } : {}), snapshot }, {
    ...(values['id-prefix'] !== undefined ? { idPrefix: values['id-prefix'] } : {}),
    ...(values.service !== undefined ? { service: values.service } : {}),
  });

  report(plan.diagnostics, format, plan, environment);
  if (!plan.ok) {
    const { errors } = countDiagnostics(plan.diagnostics);
    environment.stderr.write(`import failed with ${errors} error${errors === 1 ? '' : 's'}; nothing was written\n`);
    return plan.configurationError ? EXIT.usage : EXIT.content;
  }

  // Change lines go with the report: on stdout for people, on stderr when stdout carries JSON or annotations.
  const out = format === 'human' ? environment.stdout : environment.stderr;
  for (const note of plan.notes) out.write(`${values['dry-run'] ? conditional(note) : note}\n`);
  for (const entry of plan.missingTranslations) {
    out.write(`${entry.id}: ${entry.count} place${entry.count === 1 ? '' : 's'} still without Japanese text; add "ja:" next to each "en:" in ${entry.path} (kokuchi check lists them)\n`);
  }
  const created = plan.writes.filter((write) => write.created).length;
  const updated = plan.writes.length - created;
  const noun = sourceName === 'm365' ? 'issue' : 'incident';
  const summary = `${plan.issueCount} ${noun}${plan.issueCount === 1 ? '' : 's'} from ${graph.path}: ${created} file${created === 1 ? '' : 's'} to create, ${updated} to update`;
  if (values['dry-run']) {
    out.write(`dry run: ${summary}; nothing was written\n`);
    return EXIT.ok;
  }
  for (const write of plan.writes) await writeAtomically(path.resolve(cwd, write.path), write.text);
  // Remembered only once the import is written: a failed import fetches the whole file again next time.
  if (fetched && (fetched.validators.etag || fetched.validators.lastModified)) {
    await writeAtomically(fetched.statePath, `${JSON.stringify({ ...fetched.state, [fetched.url]: fetched.validators }, null, 2)}\n`);
  }
  out.write(`imported ${summary.replace(' to create, ', ' created, ').replace(/ to update$/u, ' updated')}\n`);
  return EXIT.ok;
}

async function readInput(file: string, cwd: string): Promise<RawSource> {
  const absolute = path.resolve(cwd, file);
  try {
    return { path: toDisplayPath(path.relative(cwd, absolute) || file), bytes: await readFile(absolute) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return usageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error)}`);
  }
}

function report(diagnostics: readonly Diagnostic[], format: ReportFormat, plan: ImportPlan | undefined, environment: CliEnvironment): void {
  if (diagnostics.length === 0 && format !== 'json') return;
  const text = formatReport(diagnostics, format, {
    color: Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR,
    // Quote the planned text of files not written yet; others from disk.
    readSource: (file) => plan?.texts.get(file) ?? readSourceSync(path.resolve(environment.cwd, file)),
  });
  (format === 'human' ? environment.stderr : environment.stdout).write(text);
}

/** The validators remembered per URL; a missing or unreadable file remembers nothing. */
async function readFetchState(file: string): Promise<Record<string, FetchValidators>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, FetchValidators>) : {};
  } catch {
    return {};
  }
}

function readSourceSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so that an interrupted import never leaves half a record. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, file);
}

const CONDITIONAL: Record<string, string> = { created: 'would create', updated: 'would update', added: 'would add', kept: 'would keep' };

/** A change note as a dry run says it: "updated …" → "would update …". */
function conditional(note: string): string {
  const [verb = '', ...rest] = note.split(' ');
  const replacement = CONDITIONAL[verb];
  return replacement ? [replacement, ...rest].join(' ') : note;
}
