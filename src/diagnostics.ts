import { catalogue, type FactsOf, type Finding, type RuleId } from './messages/index.js';
import { printableFacts } from './messages/escape.js';
import type { MessageLanguage, MessageText, RuleDefinition, Severity } from './messages/types.js';

export type { Severity } from './messages/types.js';

/** A problem found in content or configuration, positioned in a source file. */
export interface Diagnostic {
  /** Path of the file as shown to the user (relative to the working directory, `/` separators). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like editors do. */
  column: number;
  /** `error` fails `check` and `build`; `warning` fails them only with `--strict`. */
  severity: Severity;
  /** Stable rule id of the catalogue (src/messages/), e.g. `unknown-key` or `time-weekday`. */
  rule: RuleId;
  /** What happened, in one sentence, in English. */
  message: string;
  /** What to do about it, when there is something useful to say, in English. */
  hint?: string;
  /** The message in every language (`message`/`hint` repeat the English). */
  texts: Record<MessageLanguage, MessageText>;
}

/** A position in a file, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** Collects diagnostics from every stage; the reporter prints them together. */
export class DiagnosticCollector {
  readonly items: Diagnostic[] = [];

  /**
   * Records a diagnostic of a catalogue rule at `position` in `file`, with the rule's default severity
   * unless `severity` is given; the message in each language is built from `facts`.
   */
  report<K extends RuleId>(file: string, position: Position, rule: K, ...facts: FactsOf<K>): void {
    this.add(diagnosticOf(file, position, rule, undefined, ...facts));
  }

  /** Like `report`, with a severity other than the rule's default. */
  reportAs<K extends RuleId>(severity: Severity, file: string, position: Position, rule: K, ...facts: FactsOf<K>): void {
    this.add(diagnosticOf(file, position, rule, severity, ...facts));
  }

  /** Records a finding made earlier (a rule and its facts) at `position` in `file`, with the rule's default severity. */
  reportFinding(file: string, position: Position, found: Finding): void {
    this.add(diagnosticOfFinding(file, position, found));
  }

  /** Records a diagnostic built elsewhere (by `diagnosticOf`, or collected by another collector). */
  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  /** True when at least one diagnostic is an error. */
  get hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
}

/** Sorts by file, line, column, then rule, and drops exact duplicates. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const item of diagnostics) {
    const key = `${item.file}\0${item.line}\0${item.column}\0${item.rule}\0${item.message}\0${item.severity}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(item);
  }
  return unique.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.rule, b.rule) ||
      compareText(a.message, b.message),
  );
}

/** Treats warnings as errors (the `--strict` policy). */
export function applyStrict(diagnostics: readonly Diagnostic[], strict: boolean): Diagnostic[] {
  return strict ? diagnostics.map((item) => ({ ...item, severity: 'error' as const })) : [...diagnostics];
}

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts errors and warnings. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const item of diagnostics) {
    if (item.severity === 'error') errors += 1;
    else warnings += 1;
  }
  return { errors, warnings };
}

/** Builds a diagnostic of a catalogue rule, with its message in every language. */
export function diagnosticOf<K extends RuleId>(file: string, position: Position, rule: K, severity: Severity | undefined, ...facts: FactsOf<K>): Diagnostic {
  const definition = catalogue[rule] as RuleDefinition<FactsOf<K>>;
  // Values from content, file names and parser messages are facts: none may carry a control character into a message.
  const shown = printableFacts(facts);
  const en = definition.en(...shown);
  const ja = definition.ja(...shown);
  return { file, ...position, severity: severity ?? definition.severity, rule, message: en.message, ...(en.hint ? { hint: en.hint } : {}), texts: { en, ja } };
}

/** Builds a diagnostic of a finding (a rule and its facts made earlier). */
export function diagnosticOfFinding(file: string, position: Position, found: Finding, severity?: Severity): Diagnostic {
  return diagnosticOf(file, position, found.rule, severity, ...(found.facts as FactsOf<typeof found.rule>));
}

/** A diagnostic's message and hint in `language` (the English fields for one that crossed a boundary without its texts). */
export function textOf(diagnostic: Diagnostic, language: MessageLanguage): MessageText {
  return (diagnostic.texts as Diagnostic['texts'] | undefined)?.[language] ?? { message: diagnostic.message, ...(diagnostic.hint ? { hint: diagnostic.hint } : {}) };
}
