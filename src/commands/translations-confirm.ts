import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isPair, isScalar, parseDocument, visit } from 'yaml';
import { EXIT, type CliEnvironment } from './options.js';
import { TRANSLATED_FROM_KEY } from '../import/translation-outdated.js';
import { closestMatches } from '../suggest.js';
import { absolutePath, findRecordFiles, knownIds, listRecordFiles, openEditSession } from './content-edit.js';

/**
 * Removes every `translated_from` mark from a YAML record's text, keeping every other byte the yaml
 * Document API keeps (comments, order, quoting). Pure.
 */
export function confirmTranslations(text: string): { text: string; count: number } {
  const document = parseDocument(text, { schema: 'core', keepSourceTokens: false });
  let count = 0;
  visit(document, {
    Map(_key, map) {
      const before = map.items.length;
      map.items = map.items.filter((item) => !(isPair(item) && isScalar(item.key) && item.key.value === TRANSLATED_FROM_KEY));
      count += before - map.items.length;
    },
  });
  if (count === 0) return { text, count };
  const written = document.toString({ lineWidth: 0, flowCollectionPadding: false });
  return { text: isMap(document.contents) ? written : text, count };
}

/** `kokuchi translations --confirm ID`: the translations of ID are current; `check` stops warning that they are outdated. */
export async function runConfirmTranslations(id: string, contentOption: string, environment: CliEnvironment): Promise<number> {
  const session = await openEditSession('translations', contentOption, environment);
  if (typeof session === 'number') return session;
  const files = findRecordFiles(listRecordFiles(session.snapshot, session.config.defaultLanguage), id).filter((file) => file.format === 'yaml');
  if (files.length === 0) return session.fail(`no YAML record has the id "${id}"`, hintFor(id, knownIds(listRecordFiles(session.snapshot, session.config.defaultLanguage))));
  let total = 0;
  for (const file of files) {
    if (file.notUtf8) return session.fail(`${file.source.path} is not UTF-8 text, so it is not rewritten`);
    const { text, count } = confirmTranslations(file.text);
    if (count === 0) continue;
    total += count;
    const absolute = absolutePath(file.source.path, environment.cwd);
    const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${randomUUID()}.tmp`);
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, absolute);
    environment.stdout.write(`confirmed ${count} translation${count === 1 ? '' : 's'} of ${file.id} in ${file.source.path}\n`);
  }
  if (total === 0) environment.stdout.write(`${id}: no translation is marked as made from older text; nothing to confirm\n`);
  return EXIT.ok;
}

function hintFor(id: string, ids: readonly string[]): string {
  const close = closestMatches(id, [...ids])[0];
  return close ? `did you mean ${close}?` : 'give the id of an imported record, e.g. EX300267';
}
