/** `error` fails `check` and `build`; `warning` fails them only with `--strict`. */
export type Severity = 'error' | 'warning';

/** The languages kokuchi writes its messages in. */
export type MessageLanguage = 'en' | 'ja';

/** What a writer reads: what happened, then what to do about it. */
export interface MessageText {
  /** What happened, in one sentence, without a position (the reporter prints it). */
  message: string;
  /** What to do about it, when there is something useful to say. */
  hint?: string;
}

/**
 * One rule of the catalogue: its default severity, where the docs explain it, and its message in each
 * language, built from the facts the call site passes (never from positions).
 */
export interface RuleDefinition<Facts extends unknown[] = never[]> {
  /** The severity a diagnostic of this rule gets unless the call site says otherwise. */
  severity: Severity;
  /** Where the rule is explained, as `file.md#anchor` under docs/. */
  docs: string;
  /** The English message. */
  en: (...facts: Facts) => MessageText;
  /** The Japanese message, written for a writer, not translated jargon. */
  ja: (...facts: Facts) => MessageText;
}

/** Declares a group of rules; the identity function that keeps each rule's fact types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineRules<const T extends Record<string, RuleDefinition<any>>>(rules: T): T {
  return rules;
}
