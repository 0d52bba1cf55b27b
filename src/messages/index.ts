import { configRules } from './config.js';
import { contentRules } from './content.js';
import { writerRules } from './writer.js';
import { importSourceRules } from './import-sources.js';
import { devRules } from './dev.js';
import { fileRules } from './files.js';
import { importRules } from './import.js';
import { markdownRules } from './markdown.js';
import { outputRules } from './output.js';
import { templateRules } from './templates.js';
import { timeRules } from './time.js';
import { yamlRules } from './yaml.js';
import { importM365Rules } from './import-m365.js';
import { reliabilityRules } from './reliability.js';
import type { MessageLanguage, MessageText, RuleDefinition } from './types.js';

/**
 * Every diagnostic kokuchi can report, by rule id. Each area keeps its rules in a file of its own
 * (`content.ts`, `yaml.ts`, `import.ts`, …); this index joins them. To add a rule: define it in
 * your area's file (severity, docs anchor, `en` and `ja` builders taking the facts), add one spread line
 * here, give test/messages/catalogue.test.ts sample facts for each wording, and report it with
 * `diagnostics.report(file, position, 'rule', facts…)`. The test walks the catalogue: every rule builds
 * a message in both languages and its docs anchor exists under docs/. Rules explained in
 * docs/format.md are listed in its rule table (test/content/format-doc.test.ts checks it).
 */
export const catalogue = {
  ...fileRules,
  ...yamlRules,
  ...markdownRules,
  ...contentRules,
  ...writerRules,
  ...importSourceRules,
  ...configRules,
  ...importRules,
  ...templateRules,
  ...outputRules,
  ...devRules,
  ...timeRules,
  ...importM365Rules,
  ...reliabilityRules,
} satisfies Record<string, RuleDefinition<never[]>>;

/** A rule id of the catalogue. */
export type RuleId = keyof typeof catalogue;

/** The facts a rule's message is built from, as the call site passes them. */
export type FactsOf<K extends RuleId> = Parameters<(typeof catalogue)[K]['en']>;

/** A rule and its facts, made where a problem is found and reported later at a position (`reportFinding`). */
export type Finding = { [K in RuleId]: { rule: K; facts: FactsOf<K> } }[RuleId];

/** Names a rule and its facts without a position yet. */
export function finding<K extends RuleId>(rule: K, ...facts: FactsOf<K>): Finding {
  return { rule, facts } as Finding;
}

/** Builds a rule's message in one language. */
export function messageOf<K extends RuleId>(rule: K, language: MessageLanguage, ...facts: FactsOf<K>): MessageText {
  const definition = catalogue[rule] as RuleDefinition<FactsOf<K>>;
  return definition[language](...facts);
}

/** True when `rule` is a rule of the catalogue. */
export function isRuleId(rule: string): rule is RuleId {
  return Object.hasOwn(catalogue, rule);
}
