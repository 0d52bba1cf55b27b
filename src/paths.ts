/**
 * Where kokuchi's own files are. Everything is relative to this module, which sits at the top of the
 * compiled code (lib/paths.js) and at the same depth as the bundle the CLI runs (lib/kokuchi.cjs, see
 * scripts/bundle.mjs): the same URLs hold from either. Run from the TypeScript sources (tests), worker
 * scripts still come from lib/, which `npm test` compiles first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fromSources = import.meta.url.endsWith('.ts');

/** The folder of kokuchi's source code as it runs: lib/ (compiled or bundled), or src/ under tests. */
export const CODE_ROOT = new URL('./', import.meta.url);

/** The compiled code, lib/ (where worker scripts are). */
export const LIB_ROOT = fromSources ? new URL('../lib/', import.meta.url) : CODE_ROOT;

/** The package's root folder (package.json, schema/, templates/). */
export const PACKAGE_ROOT = new URL('../', import.meta.url);

/**
 * The templates a site builds with unless `--templates` says otherwise: its own `templates/` folder,
 * beside its content folder, when it has one (to override kokuchi's), else the templates shipped with kokuchi.
 */
export function defaultTemplatesDir(contentDir: string): string {
  const own = path.join(path.dirname(path.resolve(contentDir)), 'templates');
  return existsSync(own) ? own : fileURLToPath(new URL('templates/', PACKAGE_ROOT));
}
