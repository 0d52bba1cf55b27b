import path from 'node:path';
import { EXIT, parseOptions, printDiagnostics, readFormat, sayIn, usageError, USAGE, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { applyStrict, countDiagnostics } from '../diagnostics.js';
import { loadSite } from '../load/load-site.js';

/** `kokuchi check`: validate every record and report every problem. */
export async function runCheck(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    content: { type: 'string', default: 'content' },
    strict: { type: 'boolean', default: false },
    format: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) usageError(phrase('unexpected-argument', positionals[0]!));
  const format = readFormat(values.format);
  const contentDir = path.resolve(environment.cwd, values.content);
  const result = await loadSite({ cwd: environment.cwd, contentDir, ...(values['no-cache'] ? { cacheDir: false as const } : {}) });
  result.close(); // only diagnostics and counts are used
  const diagnostics = applyStrict(result.diagnostics, values.strict);
  printDiagnostics(diagnostics, format, environment);
  const { errors } = countDiagnostics(diagnostics);
  if (result.configurationError) return EXIT.usage;
  if (errors > 0) return EXIT.content;
  if (format === 'human') {
    const count = result.model?.incidents.length ?? 0;
    environment.stdout.write(`${sayIn(environment, phrase('checked', count, path.relative(environment.cwd, contentDir) || '.', diagnostics.length === 0))}\n`);
  }
  return EXIT.ok;
}
