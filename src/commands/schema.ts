import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, parseOptions, usageError, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { buildEditorSchemas, renderEditorSchema, SCHEMA_DIRECTORY } from '../editor-schema.js';

const HELP = `Usage: kokuchi schema [options]

Writes the JSON Schemas that editors use to complete and check records
(schema/incident.schema.json and schema/front-matter.schema.json), generated
from the same schema the loader uses. See docs/editor.md.

Options:
  --out DIR    folder to write to (default: schema)
  --check      write nothing; exit 1 when the files differ from what would be written
`;

/** `kokuchi schema`: writes (or with --check, compares) the editor JSON Schemas. */
export async function runSchema(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    out: { type: 'string', default: SCHEMA_DIRECTORY },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) usageError(phrase('unexpected-argument', positionals[0]!));
  const directory = path.resolve(environment.cwd, values.out);
  const shown = (file: string) => path.relative(environment.cwd, path.join(directory, file)).split(path.sep).join('/');
  let stale = 0;
  for (const { file, schema } of buildEditorSchemas()) {
    const text = renderEditorSchema(schema);
    const current = await readFile(path.join(directory, file), 'utf8').catch(() => undefined);
    if (current === text) {
      environment.stdout.write(`${shown(file)} is up to date\n`);
      continue;
    }
    if (values.check) {
      stale += 1;
      environment.stderr.write(`${shown(file)} ${current === undefined ? 'is missing' : 'differs from src/content/schema.ts'}\n`);
      continue;
    }
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, file), text);
    environment.stdout.write(`wrote ${shown(file)}\n`);
  }
  if (stale > 0) {
    environment.stderr.write('run "kokuchi schema" (npm run schema) to regenerate them\n');
    return EXIT.content;
  }
  return EXIT.ok;
}
