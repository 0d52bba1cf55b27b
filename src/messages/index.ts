import { contentRules } from './content.js';
import { writerRules } from './writer.js';
import { importSourceRules } from './import-sources.js';
import type { MessageLanguage, MessageText, RuleDefinition } from './types.js';

/**
 * Every diagnostic kokuchi can report, by rule id. Each area keeps its rules in a file of its own
 * (`content.ts`, …); this index joins them. A test walks it: every rule has both languages and a docs entry.
 */
export const catalogue = {
  ...contentRules,
  ...writerRules,
  ...importSourceRules,
} satisfies Record<string, RuleDefinition<never[]>>;

/** A rule id of the catalogue. */
export type RuleId = keyof typeof catalogue;

/** The facts a rule's message is built from, as the call site passes them. */
export type FactsOf<K extends RuleId> = Parameters<(typeof catalogue)[K]['en']>;

/** Builds a rule's message in one language. */
export function messageOf<K extends RuleId>(rule: K, language: MessageLanguage, ...facts: FactsOf<K>): MessageText {
  const definition = catalogue[rule] as RuleDefinition<FactsOf<K>>;
  return definition[language](...facts);
}
