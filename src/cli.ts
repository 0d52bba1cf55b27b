import { PACKAGE_ROOT } from './paths.js';
import { lstatSync, readFileSync } from 'node:fs';
import { MAX_FILE_BYTES } from './content/source.js';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Diagnostic } from './diagnostics.js';
import { phrase, say, sayNow, type Phrase } from './messages/cli.js';
import type { MessageLanguage } from './messages/types.js';
import { formatReport, type ReportFormat } from './report.js';

/** What the CLI may touch of the process: nothing else reads `process`. */
export interface CliEnvironment {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** The language of messages, chosen by `main` from `--lang` or the locale variables (English when unset). */
  language?: MessageLanguage;
}

/**
 * The language kokuchi speaks in: `--lang` when given, else the first of LC_ALL, LC_MESSAGES and LANG
 * that is set and not empty (the POSIX order), Japanese when it starts with `ja`; English otherwise.
 */
export function chooseLanguage(option: string | undefined, env: Record<string, string | undefined>): MessageLanguage {
  if (option === 'ja' || option === 'en') return option;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return locale !== undefined && /^ja(?:[_.@-]|$)/iu.test(locale) ? 'ja' : 'en';
}

/** Commands whose own `--lang` option means something else (the language of a record); the message language is given before the command. */
const COMMANDS_WITH_OWN_LANG = new Set(['new', 'translations']);

/** Takes `--lang X` / `--lang=X` out of `args`; the value (or undefined) and the rest. */
function takeLangOption(args: readonly string[]): { value?: string; rest: string[]; missing?: boolean } {
  const rest: string[] = [];
  let value: string | undefined;
  let missing = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      rest.push(...args.slice(index));
      break;
    }
    if (arg === '--lang') {
      if (index + 1 >= args.length) missing = true;
      else value = args[++index];
    } else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  return { ...(value !== undefined ? { value } : {}), rest, ...(missing ? { missing } : {}) };
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

class UsageError extends Error {
  constructor(readonly texts: Record<MessageLanguage, string>) {
    super(texts.en);
  }
}

export const USAGE = `Usage: kokuchi <command> [options]

Commands:
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

type Command = (args: string[], environment: CliEnvironment) => Promise<number>;

// Commands load their modules when run: each start pays only for what its command uses.
const COMMANDS: Record<string, Command> = {
  check: async (args, environment) => (await import('./commands/check.js')).runCheck(args, environment),
  build: async (args, environment) => (await import('./commands/build.js')).runBuild(args, environment),
  import: async (args, environment) => (await import('./commands/import.js')).runImport(args, environment),
  new: async (args, environment) => (await import('./commands/new.js')).runNew(args, environment),
  update: async (args, environment) => (await import('./commands/update.js')).runUpdate(args, environment),
  translations: async (args, environment) => (await import('./commands/translations.js')).runTranslations(args, environment),
  dev: async (args, environment) => (await import('./commands/dev.js')).runDev(args, environment),
  schema: async (args, environment) => (await import('./commands/schema.js')).runSchema(args, environment),
};

/** Registers a command (used by modules that add commands, such as build). */
export function registerCommand(name: string, command: Command): void {
  COMMANDS[name] = command;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], environment: CliEnvironment): Promise<number> {
  // `--lang` may come before the command (for every command) or among a command's options.
  const global = argv[0] === '--lang' || argv[0]?.startsWith('--lang=') ? takeLangOption(argv.slice(0, argv[0] === '--lang' ? 2 : 1)) : undefined;
  const [name, ...commandArgs] = global ? argv.slice(argv[0] === '--lang' ? 2 : 1) : argv;
  const local = name !== undefined && !COMMANDS_WITH_OWN_LANG.has(name) ? takeLangOption(commandArgs) : { rest: commandArgs };
  const rest = local.rest;
  const option = local.value ?? global?.value;
  const language = chooseLanguage(option, environment.env);
  if (option !== undefined && option !== 'en' && option !== 'ja') {
    environment.stderr.write(`kokuchi: ${sayNow(language, 'bad-lang', option)}\n`);
    return EXIT.usage;
  }
  if (global?.missing || ('missing' in local && local.missing)) {
    environment.stderr.write(`kokuchi: ${sayNow(language, 'bad-lang', '')}\n`);
    return EXIT.usage;
  }
  environment = { ...environment, language };
  if (!name) {
    environment.stderr.write(USAGE);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    environment.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    environment.stdout.write(`${readVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    environment.stderr.write(`kokuchi: ${sayNow(language, 'unknown-command', name)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, environment);
  } catch (error) {
    if (error instanceof UsageError) {
      environment.stderr.write(`kokuchi ${name}: ${error.texts[language]}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

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


function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string };
  return manifest.version;
}
