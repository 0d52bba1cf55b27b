import { PACKAGE_ROOT } from './paths.js';
import { readFileSync } from 'node:fs';
import { EXIT, USAGE, UsageError, type CliEnvironment } from './commands/options.js';
import { sayNow } from './messages/cli.js';
import type { MessageLanguage } from './messages/types.js';

export type { CliEnvironment } from './commands/options.js';

type Command = (args: string[], environment: CliEnvironment) => Promise<number>;

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

/** Takes `--lang X` / `--lang=X` out of `args`: the value (or undefined), the rest, and whether a value was missing. */
function takeLangOption(args: readonly string[]): { value?: string; rest: string[]; missing: boolean } {
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
  return { ...(value !== undefined ? { value } : {}), rest, missing };
}

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

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], environment: CliEnvironment): Promise<number> {
  // `--lang` may come before the command (for every command) or among a command's options.
  const leading = argv[0] === '--lang' ? 2 : argv[0]?.startsWith('--lang=') ? 1 : 0;
  const global = leading > 0 ? takeLangOption(argv.slice(0, leading)) : undefined;
  const [name, ...commandArgs] = argv.slice(leading);
  const local = name !== undefined && !COMMANDS_WITH_OWN_LANG.has(name) ? takeLangOption(commandArgs) : { rest: commandArgs, missing: false };
  const rest = local.rest;
  const option = local.value ?? global?.value;
  const language = chooseLanguage(option, environment.env);
  if ((option !== undefined && option !== 'en' && option !== 'ja') || global?.missing || local.missing) {
    environment.stderr.write(`kokuchi: ${sayNow(language, 'bad-lang', option ?? '')}\n`);
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

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string };
  return manifest.version;
}
