/**
 * Translations made from an official text that has changed since. When an import replaces the source
 * text of a field that already has a translation, it writes `translated_from: SOURCE/TRANSLATION`
 * beside them: short hashes of the source text the translation was made from and of the translation
 * at that moment. While the source has changed and the translation has not, `check` warns
 * (`translation-outdated`); editing the translation or `kokuchi translations --confirm ID` ends it.
 * Source-neutral: every importer's merge writes the same key. Pure: no I/O.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Language } from '../content/schema.js';
import type { DiagnosticCollector, Position } from '../diagnostics.js';

/** The key of a localized map that remembers what its translation was made from. */
export const TRANSLATED_FROM_KEY = 'translated_from';

/** A short, stable hash of a text, ignoring white space at its ends. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.trim(), 'utf8').digest('hex').slice(0, 8);
}

/** The value of `translated_from` for a translation made from `source`. */
export function translatedFromValue(source: string, translation: string): string {
  return `${textHash(source)}/${textHash(translation)}`;
}

/** True while the source text differs from the one the translation was made from and the translation is unchanged. */
export function isTranslationOutdated(value: string, source: string | undefined, translation: string | undefined): boolean {
  const match = /^([0-9a-f]{8})\/([0-9a-f]{8})$/u.exec(value.trim());
  if (!match || source === undefined || translation === undefined) return false;
  return textHash(source) !== match[1] && textHash(translation) === match[2];
}

/** The record keys whose values are localized text, at the record and in each update. */
const RECORD_TEXT_KEYS = ['title', 'impact', 'summary', 'root_cause', 'next_steps'] as const;
const UPDATE_TEXT_KEYS = ['title', 'impact', 'more_info', 'current_status', 'final_status', 'scope', 'root_cause', 'next_steps', 'body'] as const;

type Locate = (path: (string | number)[], target?: 'key' | 'value') => Position;

/**
 * Warns at each `translated_from` of a YAML record whose translation is out of date. `record` is the
 * schema-checked data; `sourceLanguage` the record's `source_lang` (the official text).
 */
export function reportOutdatedTranslations(record: Record<string, unknown>, locate: Locate, file: string, sourceLanguage: Language, diagnostics: DiagnosticCollector): void {
  const check = (value: unknown, path: (string | number)[], name: string, updateAt?: string) => {
    if (typeof value !== 'object' || value === null) return;
    const map = value as Record<string, string | undefined>;
    const from = map[TRANSLATED_FROM_KEY];
    if (from === undefined) return;
    const target: Language = sourceLanguage === 'en' ? 'ja' : 'en';
    if (isTranslationOutdated(from, map[sourceLanguage], map[target])) {
      diagnostics.report(file, locate([...path, TRANSLATED_FROM_KEY], 'key'), 'translation-outdated', name, updateAt, sourceLanguage === 'en' ? 'English' : 'Japanese');
    }
  };
  for (const key of RECORD_TEXT_KEYS) check(record[key], [key], key);
  const updates = Array.isArray(record.updates) ? (record.updates as Record<string, unknown>[]) : [];
  updates.forEach((update, index) => {
    for (const key of UPDATE_TEXT_KEYS) check(update[key], ['updates', index, key], key, String(update.at));
  });
}
