import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_FILE_BYTES } from '../content/source.js';
import type { Diagnostic } from '../diagnostics.js';
import { phrase, say, sayNow, type Phrase } from '../messages/cli.js';
import type { MessageLanguage } from '../messages/types.js';
import { formatReport, type ReportFormat } from '../report.js';

/** What the CLI may touch of the process: nothing else reads `process`. */
export interface CliEnvironment {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** The language of messages, chosen by `main` from `--lang` or the locale variables (English when unset). */
  language?: MessageLanguage;
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

/** A wrong command line: the dispatcher prints its message, in the chosen language, and exits with code 2. */
export class UsageError extends Error {
  constructor(readonly texts: Record<MessageLanguage, string>) {
    super(texts.en);
  }
}

/** The top-level help text. */
export const USAGE = `Usage: kokuchi <command> [options]

Commands:
  init     create a new site that depends on kokuchi (kokuchi init my-site)
  check    validate every record in content/ and report problems
  build    check, then build the site into dist/
  new      write a skeleton record for a new incident (kokuchi new EX300300 --service exchange-online)
  update   add an update to an incident (kokuchi update EX300300 --status restoring-service)
  translations  list the texts still missing in each language
  dev      preview the site with live reload while writing (kokuchi dev --port 4321)
  schema   write the editor JSON Schemas into schema/ (docs/editor.md)
  import   import Microsoft 365 service health JSON (kokuchi import m365 FILE.json; docs/import.md)

Options for check:
  --content DIR        content folder (default: content)
  --strict             treat warnings (missing translations, …) as errors
  --format FORMAT      human (default), json or github

Run "kokuchi <command> --help" for a command's options.
Exit codes: 0 ok, 1 content errors, 2 usage or configuration errors.
`;

/** Parses options, turning parse failures into usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-[^']*)'/u.exec(message)?.[1] ?? '';
    const code = (error as { code?: string }).code;
    const japanese =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? sayNow('ja', 'unknown-option', option)
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? sayNow('ja', /does not take/u.test(message) ? 'option-takes-no-value' : 'option-needs-value', option.split(' ')[0] ?? option)
          : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
            ? sayNow('ja', 'unexpected-argument', /'([^']*)'/u.exec(message)?.[1] ?? '')
            : message;
    throw new UsageError({ en: message, ja: japanese });
  }
}

/** Throws a usage error (exit code 2): a CLI phrase, said in the chosen language, or a text (said as it is). */
export function usageError(message: string | Phrase): never {
  throw new UsageError(typeof message === 'string' ? { en: message, ja: message } : { en: say(message, 'en'), ja: say(message, 'ja') });
}

/** Says a CLI phrase in the language `main` chose for this run. */
export function sayIn(environment: CliEnvironment, found: Phrase): string {
  return say(found, environment.language ?? 'en');
}

/** Prints diagnostics to stderr in the chosen format. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], format: ReportFormat, environment: CliEnvironment, options: { maxWarnings?: number } = {}): void {
  if (diagnostics.length === 0 && format !== 'json') return;
  const warnings = diagnostics.filter((item) => item.severity === 'warning');
  if (format === 'human' && options.maxWarnings !== undefined && warnings.length > options.maxWarnings) {
    const shown = new Set(warnings.slice(0, options.maxWarnings));
    const kept = diagnostics.filter((item) => item.severity === 'error' || shown.has(item));
    printDiagnostics(kept, format, environment);
    const hidden = warnings.length - options.maxWarnings;
    environment.stderr.write(`${sayNow(environment.language ?? 'en', 'more-warnings', hidden, warnings.length)}\n`);
    return;
  }
  const color = Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR;
  const text = formatReport(diagnostics, format, {
    color,
    language: environment.language ?? 'en',
    readSource: (file) => {
      // Excerpts come only from regular files of a sane size: never through a symlink (the loader does not
      // follow them either), never from a device such as /dev/zero, never a 50 MB line.
      try {
        const absolute = path.resolve(environment.cwd, file);
        const info = lstatSync(absolute);
        if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
        return readFileSync(absolute, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  (format === 'human' ? environment.stderr : environment.stdout).write(text);
}

/** Reads `--format`, checking its value. */
export function readFormat(value: string | undefined): ReportFormat {
  const format = value ?? 'human';
  if (format !== 'human' && format !== 'json' && format !== 'github') usageError(phrase('bad-format', format));
  return format;
}
