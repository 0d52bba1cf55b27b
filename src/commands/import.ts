import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, parseOptions, readFormat, usageError, type CliEnvironment } from './options.js';
import { readContent, toDisplayPath } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { countDiagnostics, type Diagnostic } from '../diagnostics.js';
import { planM365Import, type ImportPlan } from '../import/plan.js';
import { formatReport, type ReportFormat } from '../report.js';
import { runWithContentLock } from './content-edit.js';
import { writeWriterFiles } from './writer-files.js';

const HELP = `Usage: kokuchi import m365 FILE.json [options]

Imports Microsoft 365 service health issues saved from Microsoft Graph (one
serviceHealthIssue, or a collection {"value": [...]}) into content/incidents/.
Importing again merges: translations and everything else you added are kept,
new posts are added and changed official English text is updated.
See docs/import.md for how to save the JSON.

Options:
  --service-map FILE   YAML map from a service name to a services.yaml key
  --dry-run            print what would change and write nothing
  --content DIR        content folder (default: content)
  --format FORMAT      how problems are printed: human (default), json or github
`;

const SOURCES = ['m365'] as const;

/** `kokuchi import m365 FILE`: read the response, plan the merge, check it, then write (unless --dry-run). */
export async function runImport(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    'service-map': { type: 'string' },
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
  if (!(SOURCES as readonly string[]).includes(source)) usageError(`unknown source "${source}"; kokuchi can import: ${SOURCES.join(', ')}`);
  if (file === undefined) usageError('name the saved Graph response: kokuchi import m365 FILE.json');
  if (extra.length > 0) usageError(`unexpected argument "${extra[0]}"`);
  const format = readFormat(values.format);

  return runWithContentLock(values.content, environment, () => importFile(file, { ...values, format }, environment));
}

/** Reads, plans, checks and writes one import while the content folder is locked. */
async function importFile(file: string, values: { 'service-map'?: string | undefined; 'dry-run': boolean; content: string; format: ReportFormat }, environment: CliEnvironment): Promise<number> {
  const { cwd } = environment;
  const { format } = values;
  const graph = await readInput(file, cwd);
  const serviceMap = values['service-map'] === undefined ? undefined : await readInput(values['service-map'], cwd);
  const contentDir = path.resolve(cwd, values.content);
  const snapshot = await readContent(contentDir, cwd);
  const plan = planM365Import({ graph, ...(serviceMap ? { serviceMap } : {}), snapshot });

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
  const summary = `${plan.issueCount} issue${plan.issueCount === 1 ? '' : 's'} from ${graph.path}: ${created} file${created === 1 ? '' : 's'} to create, ${updated} to update`;
  if (values['dry-run']) {
    out.write(`dry run: ${summary}; nothing was written\n`);
    return EXIT.ok;
  }
  for (const write of plan.writes) await mkdir(path.dirname(path.resolve(cwd, write.path)), { recursive: true });
  await writeWriterFiles(plan.writes.map((write) => ({ file: path.resolve(cwd, write.path), text: write.text, mode: write.created ? 'create' : 'replace' })), 'replace');
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

function report(diagnostics: readonly Diagnostic[], format: ReportFormat, plan: ImportPlan, environment: CliEnvironment): void {
  if (diagnostics.length === 0 && format !== 'json') return;
  const text = formatReport(diagnostics, format, {
    color: Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR,
    // Quote the planned text of files not written yet; others from disk.
    readSource: (file) => plan.texts.get(file) ?? readSourceSync(path.resolve(environment.cwd, file)),
  });
  (format === 'human' ? environment.stderr : environment.stdout).write(text);
}

function readSourceSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const CONDITIONAL: Record<string, string> = { created: 'would create', updated: 'would update', added: 'would add', kept: 'would keep' };

/** A change note as a dry run says it: "updated …" → "would update …". */
function conditional(note: string): string {
  const [verb = '', ...rest] = note.split(' ');
  const replacement = CONDITIONAL[verb];
  return replacement ? [replacement, ...rest].join(' ') : note;
}
