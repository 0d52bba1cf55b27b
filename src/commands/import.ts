import { readFileSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, parseOptions, readFormat, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { messageOf } from '../messages/index.js';
import { readContent, toDisplayPath } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { countDiagnostics, diagnosticOf, textOf, type Diagnostic } from '../diagnostics.js';
import { fetchUrl, isUrl, type FetchValidators } from '../import/fetch-url.js';
import { readClientCertificate, type ClientCertificate } from '../import/graph/certificate.js';
import { checkEndpoint, GRAPH_CLOUDS, ISSUES_PATH, syncGraphIssues, type GraphCloud } from '../import/graph/client.js';
import { IMPORT_SOURCES, planImport, type ImportPlan, type ImportSource } from '../import/plan.js';
import { parseTime } from '../time.js';
import { formatReport, type ReportFormat } from '../report.js';
import { runWithContentLock } from './content-edit.js';
import { writeWriterFiles } from './writer-files.js';

const HELP = `Usage: kokuchi import m365 FILE.json [options]
       kokuchi import m365 --graph [options]
       kokuchi import statuspage FILE.json|URL [options]
       kokuchi import google-cloud FILE.json|URL [options]

Imports incidents into content/incidents/: Microsoft 365 service health issues
saved from Microsoft Graph (or fetched live with --graph), a Statuspage page's
incidents.json (or summary.json, incidents/unresolved.json,
scheduled-maintenances.json, one incident), or the incidents.json of the Google
Cloud or Google Workspace status dashboard.
Importing again merges: translations and everything else you added are kept,
new updates are added and changed official English text is updated.
See docs/import.md for how to save the JSON.

With --graph, the issues are fetched from Microsoft Graph with the app-only
credentials in AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or
AZURE_CLIENT_CERTIFICATE_PATH, a PEM file with the certificate and its key; the app
needs the ServiceHealth.Read.All application permission with admin consent).
Nothing is written unless every page arrived.

Options:
  --service-map FILE   YAML map from a service name (component, product) to a services.yaml key
  --service KEY|NAME   statuspage: service of incidents that name no component;
                       m365 --graph: only issues of this service, e.g. "Exchange Online"
  --id-prefix PREFIX   statuspage, google-cloud: prefix of record ids (default SP-, GC-)
  --fetch-state FILE   where ETag / Last-Modified of fetched URLs are kept (default .kokuchi-fetch.json)
  --timeout SECONDS    fail a request that sends nothing this long (default 30)
  --graph              m365: fetch /v1.0/admin/serviceAnnouncement/issues from Graph
  --since TIME         with --graph: only issues modified since TIME (with a zone)
  --cloud CLOUD        with --graph: global (default), usgov, usgov-dod or china
  --graph-endpoint URL with --graph: the Graph endpoint (overrides --cloud)
  --authority-host URL with --graph: the sign-in host (overrides --cloud)
  --time-limit SECONDS with --graph: fail the whole sync after this long (300)
  --dry-run            print what would change and write nothing
  --content DIR        content folder (default: content)
  --format FORMAT      how problems are printed: human (default), json or github
`;


/** `kokuchi import m365 FILE`: read the response, plan the merge, check it, then write (unless --dry-run). */
export async function runImport(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    'service-map': { type: 'string' },
    service: { type: 'string' },
    'id-prefix': { type: 'string' },
    'fetch-state': { type: 'string', default: '.kokuchi-fetch.json' },
    timeout: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    graph: { type: 'boolean', default: false },
    since: { type: 'string' },
    cloud: { type: 'string' },
    'graph-endpoint': { type: 'string' },
    'authority-host': { type: 'string' },
    'time-limit': { type: 'string' },
    content: { type: 'string', default: 'content' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  const [source, file, ...extra] = positionals;
  if (source === undefined) usageError(phrase('import-no-source'));
  if (!(IMPORT_SOURCES as readonly string[]).includes(source)) usageError(phrase('import-unknown-source', source, IMPORT_SOURCES));
  const sourceName = source as ImportSource;
  if (sourceName !== 'm365' && values.graph) usageError(phrase('import-graph-m365-only', sourceName));
  if (values.graph && file !== undefined) usageError(phrase('import-graph-no-file', file));
  if (sourceName === 'm365' && !values.graph) {
    for (const option of GRAPH_ONLY) if (values[option] !== undefined) usageError(phrase('import-needs-graph', option));
  }
  if (sourceName !== 'm365') {
    for (const option of GRAPH_ONLY) if (option !== 'timeout' && option !== 'service' && values[option] !== undefined) usageError(phrase('import-graph-option', option));
  }
  if (file === undefined && !values.graph) usageError(sourceName === 'm365' ? phrase('import-no-file') : phrase('import-no-file-or-url', sourceName));
  if (extra.length > 0) usageError(phrase('unexpected-argument', extra[0]!));
  if (sourceName === 'm365' && values['id-prefix'] !== undefined) usageError(phrase('import-id-prefix-m365'));
  const format = readFormat(values.format);
  const { cwd } = environment;
  const timeout = Number(values.timeout ?? '30');
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) usageError(phrase('import-bad-seconds', '--timeout', values.timeout));

  let fetched: { url: string; validators: FetchValidators; statePath: string; state: Record<string, FetchValidators> } | undefined;
  let graph: RawSource & { tooLarge?: boolean };
  if (values.graph) {
    const fromGraph = await fetchFromGraph(values, environment, format);
    if (typeof fromGraph === 'number') return fromGraph;
    graph = fromGraph;
  } else if (isUrl(file!)) {
    if (sourceName === 'm365') usageError(phrase('import-m365-url'));
    const statePath = path.resolve(cwd, values['fetch-state']);
    const state = await readFetchState(statePath);
    const result = await fetchUrl(file!, { timeoutMs: timeout * 1000, ...(state[file!] ? { validators: state[file!] } : {}) });
    if (result.kind === 'not-modified') {
      environment.stderr.write(`${sayIn(environment, phrase('import-not-modified', String(file)))}\n`);
      return EXIT.ok;
    }
    if (result.kind === 'failed') {
      report([diagnosticOf(file!, { line: 1, column: 1 }, 'import-fetch', undefined, file!, result.problem)], format, undefined, environment);
      environment.stderr.write(`${sayIn(environment, phrase('import-failed', 1))}\n`);
      return EXIT.content;
    }
    graph = { path: file!, bytes: result.bytes };
    fetched = { url: file!, validators: result.validators, statePath, state };
  } else graph = await readInput(file!, cwd);
  return runWithContentLock(values.content, environment, async () => {
  const serviceMap = values['service-map'] === undefined ? undefined : await readInput(values['service-map'], cwd);
  for (const input of [graph, serviceMap]) {
    if (input?.tooLarge) {
      report([diagnosticOf(input.path, { line: 1, column: 1 }, 'import-too-large', undefined, `${MAX_IMPORT_BYTES / 1024 / 1024} MiB`)], format, undefined, environment);
      environment.stderr.write(`${sayIn(environment, phrase('import-failed', 1))}\n`);
      return EXIT.content;
    }
  }
  const contentDir = path.resolve(cwd, values.content);
  const snapshot = await readContent(contentDir, cwd);
  const plan = planImport(sourceName, { graph, ...(serviceMap ? { serviceMap } : {}), snapshot }, {
    ...(values['id-prefix'] !== undefined ? { idPrefix: values['id-prefix'] } : {}),
    ...(sourceName !== 'm365' && values.service !== undefined ? { service: values.service } : {}),
  });
  report(plan.diagnostics, format, plan, environment);
  if (!plan.ok) {
    const { errors } = countDiagnostics(plan.diagnostics);
    environment.stderr.write(`${sayIn(environment, phrase('import-failed', errors))}\n`);
    return plan.configurationError ? EXIT.usage : EXIT.content;
  }

  // Change lines go with the report: on stdout for people, on stderr when stdout carries JSON or annotations.
  const out = format === 'human' ? environment.stdout : environment.stderr;
  for (const note of plan.notes) out.write(`${sayIn(environment, phrase('import-note', note, values['dry-run']))}\n`);
  for (const entry of plan.missingTranslations) {
    out.write(`${sayIn(environment, phrase('import-without-japanese', entry.id, entry.count, entry.path))}\n`);
  }
  const created = plan.writes.filter((write) => write.created).length;
  const updated = plan.writes.length - created;
  const summary = { m365: sourceName === 'm365', count: plan.issueCount, from: graph.path, created, updated };
  if (values['dry-run']) {
    out.write(`${sayIn(environment, phrase('import-dry-run', summary))}\n`);
    return EXIT.ok;
  }
  for (const write of plan.writes) await mkdir(path.dirname(path.resolve(cwd, write.path)), { recursive: true });
  await writeWriterFiles(plan.writes.map((write) => ({ file: path.resolve(cwd, write.path), text: write.text, mode: write.created ? 'create' : 'replace' })), 'replace');
  // Remembered only once the import is written: a failed import fetches the whole file again next time.
  if (fetched && (fetched.validators.etag || fetched.validators.lastModified)) {
    await writeWriterFiles([{ file: fetched.statePath, text: `${JSON.stringify({ ...fetched.state, [fetched.url]: fetched.validators }, null, 2)}\n` }], 'replace');
  }
  out.write(`${sayIn(environment, phrase('import-imported', summary))}\n`);
  return EXIT.ok;
  });
}

/** The most an import reads of one file (a Graph response of every issue is a few MiB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Reads a file, but never more than {@link MAX_IMPORT_BYTES} (a device such as /dev/zero never ends). */
const GRAPH_ONLY = ['since', 'service', 'cloud', 'graph-endpoint', 'authority-host', 'timeout', 'time-limit'] as const;

/** Reads the --graph options and the credentials, fetches every page; the issues as a saved collection, or an exit code (printed). */
async function fetchFromGraph(values: Partial<Record<(typeof GRAPH_ONLY)[number], string>>, environment: CliEnvironment, format: ReportFormat): Promise<RawSource | number> {
  const cloudName = values.cloud ?? 'global';
  if (!Object.hasOwn(GRAPH_CLOUDS, cloudName)) usageError(phrase('import-bad-cloud', Object.keys(GRAPH_CLOUDS), cloudName));
  const cloud = GRAPH_CLOUDS[cloudName as GraphCloud];
  const endpoint = (option: 'graph-endpoint' | 'authority-host', fallback: string) => {
    const checked = checkEndpoint(values[option] ?? fallback);
    if (!checked.ok) usageError(phrase('import-bad-endpoint', option, checked.reason));
    return checked.origin;
  };
  const graphEndpoint = endpoint('graph-endpoint', cloud.graph);
  const authorityHost = endpoint('authority-host', cloud.authority);
  const seconds = (option: 'timeout' | 'time-limit', fallback: number) => {
    const text = values[option];
    if (text === undefined) return fallback * 1000;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || value > 3600) usageError(phrase('import-bad-seconds', `--${option}`, text));
    return value * 1000;
  };
  let sinceIso: string | undefined;
  if (values.since !== undefined) {
    const parsed = parseTime(values.since, { primaryZone: 'UTC' });
    if (!parsed.ok) {
      const english = { message: parsed.message, ...(parsed.hint === undefined ? {} : { hint: parsed.hint }) };
      usageError(phrase('import-bad-since', english, messageOf(parsed.rule, 'ja', { ...english, ...(parsed.ja ? { ja: parsed.ja } : {}) })));
    }
    sinceIso = new Date(parsed.instant.epochMs).toISOString();
  }
  const env = environment.env;
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim();
  const needed = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', ...(certificatePath && !env.AZURE_CLIENT_SECRET ? [] : ['AZURE_CLIENT_SECRET'])];
  const missing = needed.filter((name) => !env[name]?.trim());
  if (missing.length > 0) usageError(phrase('import-graph-credentials', missing));
  let certificate: ClientCertificate | undefined;
  if (certificatePath && !env.AZURE_CLIENT_SECRET) {
    let pem: string;
    try {
      pem = await readFile(path.resolve(environment.cwd, certificatePath), 'utf8');
    } catch {
      return usageError(phrase('import-certificate-unreadable', certificatePath));
    }
    const read = readClientCertificate(pem);
    if (!read.ok) usageError(phrase('import-certificate-bad', certificatePath, read.reason));
    certificate = read.certificate;
  }
  const result = await syncGraphIssues({
    tenantId: env.AZURE_TENANT_ID!.trim(),
    clientId: env.AZURE_CLIENT_ID!.trim(),
    clientSecret: env.AZURE_CLIENT_SECRET ?? '',
    ...(certificate ? { certificate } : {}),
    graphEndpoint,
    authorityHost,
    ...(sinceIso ? { sinceIso } : {}),
    ...(values.service !== undefined ? { service: values.service } : {}),
    stallTimeoutMs: seconds('timeout', 30),
    timeLimitMs: seconds('time-limit', 300),
  });
  if (!result.ok) {
    const diagnostic = diagnosticOf(`${graphEndpoint}${ISSUES_PATH}`, { line: 1, column: 1 }, 'graph-request', undefined, result.problem);
    const said = textOf(diagnostic, environment.language ?? 'en');
    if (format === 'human') environment.stderr.write(`kokuchi import m365 --graph: ${said.message}\n${said.hint ? `    ${sayIn(environment, phrase('hint-label'))} ${said.hint}\n` : ''}`);
    else report([diagnostic], format, undefined, environment);
    environment.stderr.write(`${sayIn(environment, phrase('import-graph-failed'))}\n`);
    return EXIT.content;
  }
  const out = format === 'human' ? environment.stdout : environment.stderr;
  if (result.issues.length === 0) {
    out.write(`${sayIn(environment, phrase('import-no-issues', sinceIso, result.requestUrl))}\n`);
    return EXIT.ok;
  }
  out.write(`${sayIn(environment, phrase('import-fetched', result.issues.length, result.pages, result.requestUrl))}\n`);
  return { path: result.requestUrl, bytes: new TextEncoder().encode(`${JSON.stringify({ value: result.issues }, null, 2)}\n`) };
}

async function readInput(file: string, cwd: string): Promise<RawSource & { tooLarge?: boolean }> {
  const absolute = path.resolve(cwd, file);
  const display = toDisplayPath(path.relative(cwd, absolute) || file);
  try {
    const handle = await open(absolute, 'r');
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_IMPORT_BYTES + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > MAX_IMPORT_BYTES) return { path: display, bytes: new Uint8Array(), tooLarge: true };
      }
      return { path: display, bytes: Buffer.concat(chunks, total) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return usageError(phrase('cannot-read', file, code === 'ENOENT' ? 'missing' : code === 'EISDIR' ? 'folder' : 'other', String(error), code));
  }
}

function report(diagnostics: readonly Diagnostic[], format: ReportFormat, plan: ImportPlan | undefined, environment: CliEnvironment): void {
  if (diagnostics.length === 0 && format !== 'json') return;
  const text = formatReport(diagnostics, format, {
    color: Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR,
    language: environment.language ?? 'en',
    // Quote the planned text of files not written yet; others from disk.
    readSource: (file) => plan?.texts.get(file) ?? (plan ? readSourceSync(path.resolve(environment.cwd, file)) : undefined),
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
