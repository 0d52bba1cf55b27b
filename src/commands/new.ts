import { PACKAGE_ROOT } from '../paths.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { EXIT, parseOptions, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { checkId } from '../content/assemble.js';
import { LANGUAGES, type Language } from '../content/schema.js';
import { diagnosticOf, DiagnosticCollector, textOf } from '../diagnostics.js';
import { INCIDENT_SCHEMA_FILE, SCHEMA_DIRECTORY } from '../editor-schema.js';
import type { SiteConfig } from '../model.js';
import { getStatus, resolveStatus, suggestStatusName } from '../statuses.js';
import { closestMatches } from '../suggest.js';
import { formatInputTime, parseTime } from '../time.js';
import {
  absolutePath,
  checkEdit,
  displayPath,
  findRecordFiles,
  listRecordFiles,
  PLACEHOLDERS,
  printEditDiagnostics,
  readNow,
  nearestExisting,
  openEditSession,
  runWithContentLock,
  writeEdits,
  timeOptionFailure,
} from './content-edit.js';
import { isInside } from './writer-files.js';

const HELP = `Usage: kokuchi new <ID> --service <key> [options]

Writes a valid skeleton record for a new incident and prints its path:
content/incidents/<year>/<ID>.yaml, or <ID>.<lang>.md per language with
--format md. The start and the first update are --start, or now (in the
site's primary zone, JST by default); titles not given and texts are "TODO:"
placeholders, which are never published (kokuchi check warns about each).
Refuses an id that already exists.

Options:
  --id ID                the incident's id (instead of the <ID> argument)
  --service KEY          a key of content/services.yaml (required)
  --title-en TEXT        the English title
  --title-ja TEXT        the Japanese title
  --start TIME           when the incident started, in any form kokuchi reads
                         (2026-12-02 05:51 JST, 2026年12月2日 5:51 JST, …)
  --classification TYPE  incident (default) or advisory
  --status STATUS        status of the first update (default: investigating)
  --format FORMAT        yaml (default) or md
  --lang LANG            language of the official text, source_lang (default: the site's source_language)
  --content DIR          content folder (default: content)

The environment variable KOKUCHI_NOW (e.g. 2026-11-27T01:00:00Z) replaces the
clock, for tests and reproducible runs.
`;

/** What a skeleton is made of. */
export interface SkeletonOptions {
  id: string;
  /** Service key (already checked against the catalog). */
  service: string;
  classification: 'incident' | 'advisory';
  /** Status key of the first update. */
  status: string;
  format: 'yaml' | 'md';
  /** Source language; it comes first in every language map. */
  lang: Language;
  /** The start and the first update's time (ms since the epoch): --start, or the clock; seconds are dropped. */
  now: number;
  /** Titles given on the command line; the other languages get a placeholder. */
  titles?: Partial<Record<Language, string>>;
  config: SiteConfig;
  /** YAML only: path of the editor schema relative to the record's folder, for the `# yaml-language-server` line. */
  schemaReference?: string;
}

/** One file of a skeleton. */
export interface SkeletonFile {
  /** Path under the content folder, `/`-separated, e.g. `incidents/2026/EX300300.yaml`. */
  relativePath: string;
  text: string;
}

/**
 * Writes the text of a new record: the YAML form as one file, or the Markdown form as one file per
 * language (the source language's file holds the shared keys). Every text not given gets a "TODO:"
 * placeholder in every language: the skeleton passes `kokuchi check` with a `placeholder` warning for
 * each, and no placeholder is ever published. Pure.
 */
export function createSkeleton(options: SkeletonOptions): SkeletonFile[] {
  const { id, config } = options;
  const now = skeletonTime(options.now, config);
  const folder = skeletonFolder(options.now, config);
  const languages = orderLanguages(options.lang, config.languages);
  const status = getStatus(options.status);
  const titleOf = (language: Language) => options.titles?.[language]?.trim() || PLACEHOLDERS.title[language];

  if (options.format === 'yaml') {
    const lines = [
      ...(options.schemaReference ? [`# yaml-language-server: $schema=${options.schemaReference}`] : []),
      `# Created by "kokuchi new". Replace every "TODO:" text ("kokuchi translations" lists`,
      `# the ones left), add impact, summary and end as they become known, then run`,
      `# "kokuchi check". Every key is described in docs/format.md.`,
      `id: ${scalar(id)}`,
      `service: ${scalar(options.service)}`,
      `classification: ${options.classification}`,
      `source_lang: ${options.lang}`,
      'title:',
      ...languages.map((language) => `  ${language}: ${scalar(titleOf(language))}`),
      `start: ${quoted(now)}`,
      `# end: YYYY-MM-DD HH:mm JST   (add when the impact has ended)`,
      'updates:',
      `  - at: ${quoted(now)}`,
      `    status: ${status.key}`,
      `    ${status.phase === 'resolved' ? 'final_status' : 'current_status'}:`,
      ...languages.map((language) => `      ${language}: ${scalar(placeholderFor(status.phase)[language])}`),
    ];
    return [{ relativePath: `${folder}/${id}.yaml`, text: `${lines.join('\n')}\n` }];
  }

  return languages.map((language) => {
    const shared =
      language === options.lang
        ? [`service: ${scalar(options.service)}`, `classification: ${options.classification}`, `source_lang: ${options.lang}`, `start: ${quoted(now)}`]
        : [];
    const frontMatter = [
      ...(language === options.lang
        ? [
            `# Created by "kokuchi new". Replace every "TODO:" text, then run "kokuchi check".`,
            `# Shared keys (service, start, end, status, …) live in this file. Text before the`,
            `# first "## <time> — <status>" heading is the summary. See docs/format.md.`,
          ]
        : [`# The ${languageName(language)} text of ${id}; shared keys are in ${id}.${options.lang}.md.`]),
      `id: ${scalar(id)}`,
      ...shared,
      `title: ${scalar(titleOf(language))}`,
    ];
    const text = ['---', ...frontMatter, '---', '', `## ${now} — ${status.labels[language]}`, '', placeholderFor(status.phase)[language], ''].join('\n');
    return { relativePath: `${folder}/${id}.${language}.md`, text };
  });
}

/** The time a skeleton is written with: `now` to the minute, in the site's primary zone, e.g. `2026-11-27 10:00 JST`. */
export function skeletonTime(now: number, config: SiteConfig): string {
  return formatInputTime(Math.floor(now / 60_000) * 60_000, config.zones[config.defaultLanguage].primary);
}

/** The folder of a new record under the content folder: `incidents/<year in the primary zone>`. */
export function skeletonFolder(now: number, config: SiteConfig): string {
  return `incidents/${skeletonTime(now, config).slice(0, 4)}`;
}

/** The source language first, then the site's other languages. */
function orderLanguages(first: Language, languages: readonly Language[]): Language[] {
  return [first, ...languages.filter((language) => language !== first)];
}

function placeholderFor(phase: 'active' | 'resolved') {
  return phase === 'resolved' ? PLACEHOLDERS.final : PLACEHOLDERS.current;
}

function languageName(language: Language): string {
  return language === 'ja' ? 'Japanese' : 'English';
}

/** A time as a double-quoted YAML string, as docs/format.md recommends. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** A YAML scalar, quoted only when a plain one would read as something else (a number, `true`, a comment…). */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** `kokuchi new`: writes a skeleton record after checking that it loads cleanly. */
export async function runNew(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    id: { type: 'string' },
    service: { type: 'string' },
    'title-en': { type: 'string' },
    'title-ja': { type: 'string' },
    start: { type: 'string' },
    classification: { type: 'string', default: 'incident' },
    status: { type: 'string', default: 'investigating' },
    format: { type: 'string', default: 'yaml' },
    lang: { type: 'string' },
    content: { type: 'string', default: 'content' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  const [positionalId, ...extra] = positionals;
  if (positionalId !== undefined && values.id !== undefined && positionalId !== values.id) usageError(phrase('new-id-twice', positionalId, values.id));
  const id = values.id ?? positionalId;
  if (id === undefined) usageError(phrase('new-no-id'));
  if (extra.length > 0) usageError(phrase('unexpected-argument', extra[0]!));
  for (const key of ['title-en', 'title-ja'] as const) if (values[key] !== undefined && values[key].trim() === '') usageError(phrase('option-empty', `--${key}`));
  if (values.service === undefined) usageError(phrase('option-required', '--service', 'exchange-online'));
  const classification = values.classification;
  if (classification !== 'incident' && classification !== 'advisory') usageError(phrase('option-one-of', '--classification', ['incident', 'advisory'], classification));
  const format = values.format;
  if (format !== 'yaml' && format !== 'md') usageError(phrase('option-one-of', '--format', ['yaml', 'md'], format));
  if (values.lang !== undefined && !(LANGUAGES as readonly string[]).includes(values.lang)) usageError(phrase('option-one-of', '--lang', LANGUAGES, values.lang));
  const now = readNow(environment);
  if (!now.ok) usageError(now.refusal);

  const options = { ...values, service: values.service as string, classification, format } as const;
  return runWithContentLock(values.content, environment, () => createRecord(id, options, now.epochMs, environment));
}

async function createRecord(
  id: string,
  values: { service: string; classification: 'incident' | 'advisory'; status: string; format: 'yaml' | 'md'; lang?: string | undefined; content: string; start?: string | undefined; 'title-en'?: string | undefined; 'title-ja'?: string | undefined },
  nowMs: number,
  environment: CliEnvironment,
): Promise<number> {
  const { classification, format } = values;
  const session = await openEditSession('new', values.content, environment);
  if (typeof session === 'number') return session;
  const { snapshot, config, services, fail } = session;
  const contentDir = path.resolve(environment.cwd, values.content);

  const idProblems = new DiagnosticCollector();
  if (!checkId(id, { file: '', position: { line: 1, column: 1 } }, idProblems)) {
    const [en, ja] = [textOf(idProblems.items[0]!, 'en'), textOf(idProblems.items[0]!, 'ja')];
    return fail(phrase('text', en.message, ja.message), en.hint === undefined ? undefined : phrase('text', en.hint, ja.hint ?? en.hint));
  }
  const existing = findRecordFiles(listRecordFiles(snapshot, config.defaultLanguage), id);
  if (existing.length > 0) {
    return fail(
      phrase(
        'incident-exists',
        existing[0]!.id,
        existing.map((file) => file.source.path),
      ),
      phrase('incident-exists-hint', existing[0]!.id),
    );
  }
  if (!services.has(values.service)) {
    const known = [...services.keys()];
    const suggestion = closestMatches(values.service, known)[0];
    return fail(phrase('unknown-service', values.service, suggestion), phrase('unknown-service-hint', known, snapshot.root));
  }
  const status = resolveStatus(values.status);
  if (!status) {
    const suggestion = suggestStatusName(values.status);
    return fail(phrase('unknown-status', values.status, suggestion), phrase('statuses-hint'));
  }

  let start = nowMs;
  if (values.start !== undefined) {
    const parsed = parseTime(values.start, { primaryZone: config.zones[config.defaultLanguage].primary });
    if (!parsed.ok) return fail(...timeOptionFailure('--start', values.start.trim(), parsed));
    start = parsed.instant.epochMs;
  }
  const titles: Partial<Record<Language, string>> = {
    ...(values['title-en'] !== undefined ? { en: values['title-en'] } : {}),
    ...(values['title-ja'] !== undefined ? { ja: values['title-ja'] } : {}),
  };

  const lang = (values.lang as Language | undefined) ?? config.sourceLanguage;
  const recordFolder = path.join(contentDir, ...skeletonFolder(start, config).split('/'));
  const files = createSkeleton({
    id,
    service: values.service,
    classification,
    status: status.key,
    format,
    lang,
    now: start,
    titles,
    config,
    ...(format === 'yaml' ? { schemaReference: schemaReference(contentDir, recordFolder) } : {}),
  });
  const edits = files.map((file) => ({ path: displayPath(path.join(contentDir, ...file.relativePath.split('/')), environment.cwd), text: file.text }));
  const taken = edits.find((edit) => existsSync(absolutePath(edit.path, environment.cwd)));
  if (taken) return fail(phrase('file-exists', taken.path), phrase('file-exists-hint'));

  const check = checkEdit(snapshot, edits);
  if (check.errors.length > 0) {
    environment.stderr.write(`${sayIn(environment, phrase('new-invalid'))}\n`);
    printEditDiagnostics(check.errors, edits, environment, environment.cwd);
    return EXIT.content;
  }
  // The record's folder (or the nearest one that exists) must really be inside the content folder: a
  // symlinked year folder would otherwise take the new record somewhere else entirely.
  if (!(await isInside(await nearestExisting(recordFolder), contentDir))) {
    const folder = displayPath(recordFolder, environment.cwd);
    printEditDiagnostics([diagnosticOf(folder, { line: 1, column: 1 }, 'content-outside', undefined, { folder, root: displayPath(contentDir, environment.cwd) })], [], environment, environment.cwd);
    return EXIT.content;
  }
  const failed = await writeEdits(edits, environment, 'create');
  if (failed !== undefined) return failed;
  environment.stderr.write(`${sayIn(environment, phrase('new-next'))}\n`);
  return EXIT.ok;
}

/**
 * Where the record's `$schema` line points: the project's schema/ folder next to the content folder
 * when it exists, else the schema shipped with kokuchi. Relative to the record's folder, `/`-separated.
 */
function schemaReference(contentDir: string, recordFolder: string): string {
  const project = path.join(path.dirname(contentDir), SCHEMA_DIRECTORY, INCIDENT_SCHEMA_FILE);
  const bundled = fileURLToPath(new URL(`${SCHEMA_DIRECTORY}/${INCIDENT_SCHEMA_FILE}`, PACKAGE_ROOT));
  const target = existsSync(project) || !existsSync(bundled) ? project : bundled;
  return path.relative(recordFolder, target).split(path.sep).join('/');
}
