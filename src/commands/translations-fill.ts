import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { EXIT, sayIn, type CliEnvironment } from './options.js';
import { phrase, type Phrase } from '../messages/cli.js';
import type { Language } from '../content/schema.js';
import { UPDATE_TEXT_FIELDS, type Incident, type LocalizedText, type SiteModel } from '../model.js';
import { formatInputTime, parseTime } from '../time.js';
import { compareText, diagnosticOf } from '../diagnostics.js';
import { getStatus } from '../statuses.js';
import { absolutePath, checkEdit, openEditSession, printEditDiagnostics, runWithContentLock, type FileEdit } from './content-edit.js';
import { applyMarkdownFills, frontMatterValue } from './translations-fill-markdown.js';
import { fillMapSplice, type Fill, type MissingTranslation, type Splice } from './translations-fill-text.js';

export type { Fill, MissingTranslation } from './translations-fill-text.js';
import { writeWriterFiles } from './writer-files.js';

/** A missing text that has a match but cannot be filled, and why. */
export interface Unfilled {
  item: MissingTranslation;
  reason: 'ambiguous' | 'layout';
}

/** Whitespace runs are one space; leading and trailing whitespace is dropped. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Every localized text of an incident, with the record key it is written under and its update's instant. */
function textsOf(incident: Incident): { field: string; text: LocalizedText; at?: number }[] {
  const entries: { field: string; text: LocalizedText; at?: number }[] = [
    { field: 'title', text: incident.title },
    { field: 'summary', text: incident.summary },
    { field: 'impact', text: incident.impact },
    { field: 'root_cause', text: incident.rootCause },
    { field: 'next_steps', text: incident.nextSteps },
  ];
  for (const update of incident.updates) {
    entries.push({ field: 'title', text: update.title, at: update.at.epochMs });
    for (const field of UPDATE_TEXT_FIELDS) entries.push({ field, text: update.fields[field] ?? {}, at: update.at.epochMs });
    entries.push({ field: 'body', text: update.body, at: update.at.epochMs });
  }
  return entries;
}

/**
 * The texts that can be filled: for each missing text whose other-language text is, after whitespace
 * normalisation, identical to a text elsewhere in the site that has the missing language, that
 * translation. A text translated two different ways is left out (`ambiguous`). Pure.
 */
export function planFills(model: SiteModel, missing: readonly MissingTranslation[]): { fills: Fill[]; ambiguous: MissingTranslation[] } {
  // translations.get(`${from}>${to}`).get(normalized from-text) = the set of to-texts.
  const translations = new Map<string, Map<string, Set<string>>>();
  for (const incident of model.incidents) {
    for (const { text } of textsOf(incident)) {
      for (const from of model.config.languages) {
        for (const to of model.config.languages) {
          const source = text[from];
          const target = text[to];
          if (from === to || source === undefined || target === undefined) continue;
          const table = translations.get(`${from}>${to}`) ?? new Map<string, Set<string>>();
          translations.set(`${from}>${to}`, table);
          const key = normalizeWhitespace(source);
          table.set(key, (table.get(key) ?? new Set()).add(target));
        }
      }
    }
  }
  const fills: Fill[] = [];
  const ambiguous: MissingTranslation[] = [];
  const byId = new Map(model.incidents.map((incident) => [incident.id, incident]));
  for (const item of missing) {
    const incident = byId.get(item.id)!;
    const own = textsOf(incident).find((entry) => entry.field === item.field && entry.at === item.update?.at.epochMs)?.text ?? {};
    for (const from of model.config.languages) {
      const source = own[from];
      if (from === item.language || source === undefined) continue;
      const found = translations.get(`${from}>${item.language}`)?.get(normalizeWhitespace(source));
      if (!found) continue;
      if (found.size > 1) ambiguous.push(item);
      else fills.push({ item, from, text: [...found][0]! });
      break;
    }
  }
  return { fills, ambiguous };
}

/**
 * Writes the fills of one YAML record into its text, each as a double-quoted value: a placeholder's
 * value is replaced, a missing language is added to the text's map, and a plain one-line text becomes a
 * map of both languages. Every byte outside the filled values is unchanged. Returns the fills it could
 * not place (a layout it does not edit, such as a block scalar).
 */
export function applyYamlFills(text: string, fills: readonly Fill[], primaryZone: string): { text: string; skipped: Fill[] } {
  const document = parseDocument(text, { schema: 'core' });
  const root = document.contents;
  if (document.errors.length > 0 || !isMap(root)) return { text, skipped: [...fills] };
  const updates = root.get('updates', true);
  const updateAt = (epochMs: number): YAMLMap | undefined => {
    if (!isSeq(updates)) return undefined;
    for (const entry of updates.items) {
      if (!isMap(entry)) continue;
      const at = entry.get('at');
      if (typeof at === 'string') {
        const parsed = parseTime(at, { primaryZone });
        if (parsed.ok && parsed.instant.epochMs === epochMs) return entry;
      }
    }
    return undefined;
  };
  const splices: Splice[] = [];
  const skipped: Fill[] = [];
  for (const fill of fills) {
    const owner = fill.item.update ? updateAt(fill.item.update.at.epochMs) : root;
    const pair = owner?.items.find((candidate: Pair) => isScalar(candidate.key) && candidate.key.value === fill.item.field) as Pair<Node, Node> | undefined;
    const splice = pair ? fillSplice(text, pair, fill) : undefined;
    if (splice) splices.push(splice);
    else skipped.push(fill);
  }
  let result = text;
  for (const splice of splices.sort((a, b) => b.start - a.start)) result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  return { text: result, skipped };
}

function fillSplice(text: string, pair: Pair<Node, Node>, fill: Fill): Splice | undefined {
  const quoted = JSON.stringify(fill.text);
  const language = fill.item.language;
  const value = pair.value;
  if (isScalar(value) && value.range) {
    // A plain text in the file's language: becomes a flow map of both languages (one-line values only).
    const [start, end] = value.range;
    if (typeof value.value !== 'string' || text.slice(start, end).includes('\n')) return undefined;
    return { start, end, text: `{${fill.from}: ${JSON.stringify(value.value)}, ${language}: ${quoted}}` };
  }
  return fillMapSplice(text, pair, fill);
}

/** Where a missing text is, for the report: `ID  update <time>  field (lang)` or `ID  incident  field (lang)`, in the CLI's language. */
function describe(item: MissingTranslation, zone: string): Phrase {
  return phrase('fill-where', item.id, item.update ? formatInputTime(item.update.at.epochMs, zone) : undefined, item.field, item.language);
}

/** The file a Markdown record's language goes into when it has none: beside the other language's file, `<ID>.<lang>.md`. */
export function markdownFileFor(other: string, language: Language): string {
  const base = path.posix.basename(other).replace(/(\.(ja|en))?\.md$/iu, '');
  return path.posix.join(path.posix.dirname(other), `${base}.${language}.md`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The fills of one file, and how to write them. */
interface FileFills {
  fills: Fill[];
  /** Markdown: the file's language; absent for a YAML record. */
  fileLanguage?: Language;
  /** A Markdown file of a language the record has no file for yet. */
  created: boolean;
}

/** `kokuchi translations --fill [--dry-run]`: writes translations the site already has into the records that lack them. */
export async function runFill(
  options: { content: string; languages?: readonly Language[]; dryRun: boolean },
  environment: CliEnvironment,
  findMissing: (model: SiteModel, languages: readonly Language[]) => MissingTranslation[],
): Promise<number> {
  return runWithContentLock(options.content, environment, () => fillRecords(options, environment, findMissing));
}

async function fillRecords(
  options: { content: string; languages?: readonly Language[]; dryRun: boolean },
  environment: CliEnvironment,
  findMissing: (model: SiteModel, languages: readonly Language[]) => MissingTranslation[],
): Promise<number> {
  const session = await openEditSession('translations', options.content, environment);
  if (typeof session === 'number') return session;
  const loaded = checkEdit(session.snapshot, []).result;
  if (!loaded.model) {
    printEditDiagnostics(loaded.diagnostics.filter((item) => item.severity === 'error'), [], environment, environment.cwd);
    return session.fail(phrase('translations-fix-first'));
  }
  const model = loaded.model;
  const zone = model.config.zones[model.config.defaultLanguage].primary;
  const { fills, ambiguous } = planFills(model, findMissing(model, options.languages ?? model.config.languages));
  const unfilled: Unfilled[] = ambiguous.map((item) => ({ item, reason: 'ambiguous' }));
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) {
      const record = session.snapshot.records.find((candidate) => candidate.path === file);
      let text: string | undefined;
      try {
        text = record ? strictUtf8.decode(record.bytes) : undefined;
      } catch {
        text = undefined;
      }
      texts.set(file, text);
    }
    return texts.get(file);
  };
  const byFile = new Map<string, FileFills>();
  const add = (file: string, fill: Fill, how: Omit<FileFills, 'fills'>) => {
    const entry = byFile.get(file) ?? { fills: [], ...how };
    entry.fills.push(fill);
    byFile.set(file, entry);
  };
  const incidents = new Map(model.incidents.map((incident) => [incident.id, incident]));
  for (const fill of fills) {
    const sources = incidents.get(fill.item.id)!.sources;
    const yaml = sources.find((source) => source.format === 'yaml');
    if (yaml) {
      add(yaml.path, fill, { created: false });
      continue;
    }
    const language = fill.item.language;
    const markdown = sources.filter((source) => source.format === 'markdown');
    // A placeholder in another language's front matter (`title: {en: …, ja: "TODO: …"}`) is filled where it is; else the language's own file.
    const holder = markdown.find((source) => {
      const text = source.lang !== language ? textOf(source.path) : undefined;
      return text !== undefined && frontMatterValue(text, fill, { language, fileLanguage: source.lang!, primaryZone: zone }) !== undefined;
    });
    const target = holder ?? markdown.find((source) => source.lang === language);
    if (target) add(target.path, fill, { fileLanguage: target.lang!, created: false });
    else add(markdownFileFor(markdown[0]!.path, language), fill, { fileLanguage: language, created: true });
  }
  const edits: (FileEdit & { created: boolean })[] = [];
  const done: Fill[] = [];
  for (const [file, entry] of byFile) {
    const text = entry.created ? '' : textOf(file);
    const language = entry.fills[0]!.item.language;
    const applied =
      text === undefined
        ? { text: '', skipped: entry.fills }
        : entry.fileLanguage === undefined
          ? applyYamlFills(text, entry.fills, zone)
          : applyMarkdownFills(text, entry.fills, {
              language,
              fileLanguage: entry.fileLanguage,
              primaryZone: zone,
              heading: (epochMs) => {
                const update = incidents.get(entry.fills[0]!.item.id)!.updates.find((candidate) => candidate.at.epochMs === epochMs);
                const status = update ? getStatus(update.status) : undefined;
                return `${formatInputTime(epochMs, model.config.zones[language].primary)}${status ? ` — ${status.labels[language]}` : ''}`;
              },
            });
    for (const fill of applied.skipped) unfilled.push({ item: fill.item, reason: 'layout' });
    done.push(...entry.fills.filter((fill) => !applied.skipped.includes(fill)));
    if (applied.skipped.length < entry.fills.length) edits.push({ path: file, text: applied.text, created: entry.created });
  }
  const check = checkEdit(session.snapshot, edits);
  if (check.errors.length > 0) {
    environment.stderr.write(`${sayIn(environment, phrase('fill-invalid'))}\n`);
    printEditDiagnostics(check.errors, edits, environment, environment.cwd);
    return EXIT.content;
  }
  edits.sort((a, b) => compareText(a.path, b.path));
  const order = new Map(fills.map((fill, index) => [fill, index]));
  done.sort((a, b) => order.get(a)! - order.get(b)!);
  for (const fill of done) environment.stdout.write(`${sayIn(environment, phrase('fill-line', options.dryRun, sayIn(environment, describe(fill.item, zone)), JSON.stringify(fill.text)))}\n`);
  for (const { item, reason } of unfilled) environment.stdout.write(`${sayIn(environment, phrase('fill-not-filled', sayIn(environment, describe(item, zone)), reason))}\n`);
  for (const edit of edits) if (edit.created) environment.stdout.write(`${sayIn(environment, phrase('fill-new-file', options.dryRun, edit.path))}\n`);
  if (!options.dryRun && edits.length > 0) {
    try {
      await writeWriterFiles(edits.map((edit) => ({ file: absolutePath(edit.path, environment.cwd), text: edit.text, mode: edit.created ? 'create' : 'replace' })), 'replace');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string') throw error;
      printEditDiagnostics([diagnosticOf(edits[0]!.path, { line: 1, column: 1 }, 'content-write', undefined, { file: edits.map((edit) => edit.path).join(', '), code })], [], environment, environment.cwd);
      return code === 'EEXIST' ? EXIT.content : EXIT.usage;
    }
  }
  const summary = done.length === 0 ? phrase('fill-nothing') : options.dryRun ? phrase('fill-would', done.length, edits.length) : phrase('fill-done', done.length, edits.map((edit) => edit.path));
  environment.stderr.write(`${sayIn(environment, summary)}\n`);
  return EXIT.ok;
}
