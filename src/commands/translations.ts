import path from 'node:path';
import { EXIT, parseOptions, printDiagnostics, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase, sayNow } from '../messages/cli.js';
import type { MessageLanguage } from '../messages/types.js';
import { loadContent } from '../content/load.js';
import { LANGUAGES, type Language } from '../content/schema.js';
import { UPDATE_TEXT_FIELDS, type Incident, type LocalizedText, type SiteModel } from '../model.js';
import { formatInputTime } from '../time.js';
import { isPlaceholder } from './content-edit.js';
import { runFill } from './translations-fill.js';

const HELP = `Usage: kokuchi translations [options]

Lists the texts that still need writing in each language: a field is missing in
a language when it has text in another language but not in that one, and it is
a placeholder while its text still starts with "TODO:" (as written by kokuchi new
and kokuchi update). Covers each incident's title, summary, impact, root_cause and
next_steps, and each update's title, labelled fields and body. Exits 0 (it
informs) unless --fail-on-missing is given.

Options:
  --lang LANG          only this language (default: every language of the site)
  --fail-on-missing    exit 1 when anything is missing or still a placeholder
  --format FORMAT      human (default) or json
  --content DIR        content folder (default: content)
  --fill               write translations the site already has: where a text
                       lacks a language and its other-language text is, after
                       whitespace normalisation, identical to a text elsewhere
                       that has that language, copy that translation into the
                       record and list what was filled (YAML: only the value
                       changes; Markdown: into that language's file, which is
                       created beside the other when missing)
  --dry-run            with --fill: list what would be filled, write nothing
  --confirm ID         mark the translations of record ID as up to date with the
                       official text (check stops warning translation-outdated)
`;

/** Incident-level fields that are translated, in reading order. */
export const INCIDENT_TEXT_FIELDS = ['title', 'summary', 'impact', 'root_cause', 'next_steps'] as const;

/** One text that needs writing in one language. */
export interface MissingTranslation {
  /** Incident id. */
  id: string;
  /** First file of the incident. */
  file: string;
  /** The update, when the field belongs to one (absent for incident-level fields). */
  update?: { at: { epochMs: number; iso: string; source: string } };
  /** Record key, e.g. `summary` or `current_status`. */
  field: string;
  language: Language;
  /** `missing`: no text in this language; `placeholder`: the text is still a "TODO:" placeholder. */
  reason: 'missing' | 'placeholder';
}

/** Counts for one language. */
export interface TranslationTotals {
  missing: number;
  placeholder: number;
  /** Incidents with at least one entry. */
  incidents: number;
}

/**
 * Every text that needs writing, per language: for each field that has text in some language, each
 * language in `languages` where it is absent (missing) or still starts with "TODO:" (placeholder).
 * In model order (newest incident first, then incident fields, then updates newest first). Pure.
 */
export function findMissingTranslations(model: SiteModel, languages: readonly Language[] = model.config.languages): MissingTranslation[] {
  const items: MissingTranslation[] = [];
  for (const incident of model.incidents) {
    const file = incident.sources[0]?.path ?? '';
    // Placeholders are left out of the model's texts; the incident lists where they were.
    const waiting = new Set((incident.placeholders ?? []).map((item) => `${item.field}\0${item.language}\0${item.at?.epochMs ?? ''}`));
    const check = (field: string, text: LocalizedText, update?: MissingTranslation['update']) => {
      const placeholder = (language: Language) => waiting.has(`${field}\0${language}\0${update?.at.epochMs ?? ''}`);
      if (Object.keys(text).length === 0 && !languages.some(placeholder)) return;
      for (const language of languages) {
        const value = text[language];
        const reason = placeholder(language) || (value !== undefined && isPlaceholder(value)) ? 'placeholder' : value === undefined ? 'missing' : undefined;
        if (reason) items.push({ id: incident.id, file, ...(update ? { update } : {}), field, language, reason });
      }
    };
    for (const field of INCIDENT_TEXT_FIELDS) check(field, incidentText(incident, field));
    for (const update of incident.updates) {
      const place = { at: update.at };
      check('title', update.title, place);
      for (const field of UPDATE_TEXT_FIELDS) check(field, update.fields[field] ?? {}, place);
      check('body', update.body, place);
    }
  }
  return items;
}

function incidentText(incident: Incident, field: (typeof INCIDENT_TEXT_FIELDS)[number]): LocalizedText {
  switch (field) {
    case 'root_cause':
      return incident.rootCause;
    case 'next_steps':
      return incident.nextSteps;
    default:
      return incident[field];
  }
}

/** Totals per language (every language listed, with zeros). */
export function countMissingTranslations(items: readonly MissingTranslation[], languages: readonly Language[]): Record<Language, TranslationTotals> {
  const totals = {} as Record<Language, TranslationTotals>;
  for (const language of languages) {
    const mine = items.filter((item) => item.language === language);
    totals[language] = {
      missing: mine.filter((item) => item.reason === 'missing').length,
      placeholder: mine.filter((item) => item.reason === 'placeholder').length,
      incidents: new Set(mine.map((item) => item.id)).size,
    };
  }
  return totals;
}

/** Width of a text in a terminal's columns: East Asian wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(char) ? 2 : 1;
  return width;
}

const padTo = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * The human report: per language, one row per incident or update with the fields that need text
 * (placeholders marked `(TODO)`), then the totals, in the CLI's language. Update times are shown in the
 * language's primary zone.
 */
export function formatTranslationsTable(items: readonly MissingTranslation[], languages: readonly Language[], model: SiteModel, said: MessageLanguage = 'en'): string {
  const totals = countMissingTranslations(items, languages);
  const lines: string[] = [];
  for (const language of languages) {
    const mine = items.filter((item) => item.language === language);
    const total = totals[language];
    const heading = sayNow(said, 'translations-heading', language);
    if (mine.length === 0) {
      lines.push(sayNow(said, 'translations-nothing', heading), '');
      continue;
    }
    lines.push(sayNow(said, 'translations-counts', heading, total.missing, total.placeholder, total.incidents));
    const rows: { id: string; where: string; fields: string[] }[] = [];
    for (const item of mine) {
      const where = sayNow(said, 'translations-place', item.update ? formatInputTime(item.update.at.epochMs, model.config.zones[language].primary) : undefined);
      const label = item.reason === 'placeholder' ? `${item.field} (TODO)` : item.field;
      const last = rows[rows.length - 1];
      if (last && last.id === item.id && last.where === where) last.fields.push(label);
      else rows.push({ id: item.id, where, fields: [label] });
    }
    const idWidth = Math.max(...rows.map((row) => displayWidth(row.id)));
    const whereWidth = Math.max(...rows.map((row) => displayWidth(row.where)));
    for (const row of rows) lines.push(`  ${padTo(row.id, idWidth)}  ${padTo(row.where, whereWidth)}  ${row.fields.join(', ')}`);
    lines.push('');
  }
  const all = { missing: 0, placeholder: 0 };
  for (const language of languages) {
    all.missing += totals[language].missing;
    all.placeholder += totals[language].placeholder;
  }
  const perLanguage = languages.map((language) => `${language} ${totals[language].missing + totals[language].placeholder}`).join(', ');
  lines.push(sayNow(said, 'translations-total', all.missing, all.placeholder, perLanguage));
  return `${lines.join('\n')}\n`;
}

/** The JSON report: every entry and the totals per language. */
export function formatTranslationsJson(items: readonly MissingTranslation[], languages: readonly Language[]): string {
  return `${JSON.stringify(
    {
      languages,
      missing: items.map((item) => ({
        id: item.id,
        file: item.file,
        update: item.update ? item.update.at.iso : null,
        field: item.field,
        language: item.language,
        reason: item.reason,
      })),
      totals: countMissingTranslations(items, languages),
    },
    null,
    2,
  )}\n`;
}

/** `kokuchi translations`: reports what is missing per language. */
export async function runTranslations(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    lang: { type: 'string' },
    'fail-on-missing': { type: 'boolean', default: false },
    format: { type: 'string', default: 'human' },
    content: { type: 'string', default: 'content' },
    fill: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    confirm: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) usageError(phrase('unexpected-argument', positionals[0]!));
  if (values.confirm !== undefined) return (await import('./translations-confirm.js')).runConfirmTranslations(values.confirm, values.content, environment);
  const format = values.format;
  if (format !== 'human' && format !== 'json') usageError(phrase('option-one-of', '--format', ['human', 'json'], format));
  if (values['dry-run'] && !values.fill) usageError(phrase('dry-run-needs-fill'));
  if (values.fill) {
    const only = values.lang === undefined ? undefined : [values.lang as Language];
    if (only && !(LANGUAGES as readonly string[]).includes(only[0]!)) usageError(phrase('option-one-of', '--lang', LANGUAGES, values.lang!));
    return runFill({ content: values.content, ...(only ? { languages: only } : {}), dryRun: values['dry-run'] }, environment, findMissingTranslations);
  }
  const result = await loadContent(path.resolve(environment.cwd, values.content), environment.cwd);
  if (!result.model) {
    printDiagnostics(result.diagnostics.filter((item) => item.severity === 'error'), 'human', environment);
    environment.stderr.write(`kokuchi translations: ${sayIn(environment, phrase('translations-fix-first'))}\n`);
    return result.configurationError ? EXIT.usage : EXIT.content;
  }
  const model = result.model;
  let languages = model.config.languages;
  if (values.lang !== undefined) {
    if (!(model.config.languages as readonly string[]).includes(values.lang)) usageError(phrase('lang-not-in-site', model.config.languages, values.lang));
    languages = [values.lang as Language];
  }
  const items = findMissingTranslations(model, languages);
  environment.stdout.write(format === 'json' ? formatTranslationsJson(items, languages) : formatTranslationsTable(items, languages, model, environment.language ?? 'en'));
  return values['fail-on-missing'] && items.length > 0 ? EXIT.content : EXIT.ok;
}

