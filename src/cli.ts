import { PACKAGE_ROOT } from './paths.js';
import { lstatSync, readFileSync } from 'node:fs';
import { MAX_FILE_BYTES } from './content/source.js';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Diagnostic } from './diagnostics.js';
import { formatReport, type ReportFormat } from './report.js';

/** What the CLI may touch of the process: nothing else reads `process`. */
export interface CliEnvironment {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

class UsageError extends Error {}

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

type Command = (args: string[], environment: CliEnvironment) => Promise<number>;

// Commands load their modules when run: each start pays only for what its command uses.
const COMMANDS: Record<string, Command> = {
  check: async (args, environment) => (await import('./commands/check.js')).runCheck(args, environment),
  build: async (args, environment) => (await import('./commands/build.js')).runBuild(args, environment),
  import: async (args, environment) => (await import('./commands/import.js')).runImport(args, environment),
  init: async (args, environment) => (await import('./commands/init.js')).runInit(args, environment),
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
  const [name, ...rest] = argv;
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
    environment.stderr.write(`kokuchi: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, environment);
  } catch (error) {
    if (error instanceof UsageError) {
      environment.stderr.write(`kokuchi ${name}: ${error.message}\n`);
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
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Throws a usage error (exit code 2) with a message. */
export function usageError(message: string): never {
  throw new UsageError(message);
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
    environment.stderr.write(`… and ${hidden} more warning${hidden === 1 ? '' : 's'} (${warnings.length} in all); run kokuchi check to list every one\n`);
    return;
  }
  const color = Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR;
  const text = formatReport(diagnostics, format, {
    color,
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
  if (format !== 'human' && format !== 'json' && format !== 'github') usageError(`--format must be human, json or github, not "${format}"`);
  return format;
}


function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string };
  return manifest.version;
}
