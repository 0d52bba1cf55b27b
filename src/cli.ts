import { PACKAGE_ROOT } from './paths.js';
import { readFileSync } from 'node:fs';
import { EXIT, USAGE, UsageError, type CliEnvironment } from './commands/options.js';

export type { CliEnvironment } from './commands/options.js';

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

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string };
  return manifest.version;
}
