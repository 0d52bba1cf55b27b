import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { toDisplayPath, type ContentSnapshot } from '../content/load.js';
import { MAX_FILE_BYTES, type RawSource } from '../content/source.js';
import { compareText, diagnosticOf } from '../diagnostics.js';

const RECORD_FILE = /\.(ya?ml|md)$/u;

/** What a file of a content folder is to the loader: a record, site.yaml or services.yaml, or nothing it reads. */
export function contentFileKind(contentDir: string, absolute: string): 'record' | 'site' | 'services' | undefined {
  if (absolute === path.join(contentDir, 'site.yaml')) return 'site';
  if (absolute === path.join(contentDir, 'services.yaml')) return 'services';
  const relative = path.relative(path.join(contentDir, 'incidents'), absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const segments = relative.split(path.sep);
  return RECORD_FILE.test(relative) && segments.every((segment) => !segment.startsWith('.') && !segment.startsWith('_')) ? 'record' : undefined;
}

/**
 * The content folder as `previous` was, with the files in `changed` (absolute paths: changed, added or
 * deleted) read again as readContent reads them: symbolic links skipped with a warning, oversized files
 * not read. The folder is not walked: a watcher says which files changed (a folder that came or went
 * needs readContent).
 */
export async function rereadContent(previous: ContentSnapshot, changed: Iterable<string>, contentDir: string, cwd: string): Promise<ContentSnapshot> {
  const display = (absolute: string) => toDisplayPath(path.relative(cwd, absolute) || '.');
  const records = new Map(previous.records.map((record) => [record.path, record]));
  const snapshot: ContentSnapshot = { ...previous, diagnostics: [...previous.diagnostics] };
  for (const absolute of new Set(changed)) {
    const kind = contentFileKind(contentDir, absolute);
    if (!kind) continue;
    const file = display(absolute);
    snapshot.diagnostics = snapshot.diagnostics.filter((item) => item.file !== file);
    const info = await lstat(absolute).catch(() => undefined);
    let source: RawSource | undefined;
    if (info?.isSymbolicLink()) snapshot.diagnostics.push(diagnosticOf(file, { line: 1, column: 1 }, 'symlink', undefined));
    else if (info?.isFile() && info.size > MAX_FILE_BYTES) source = { path: file, bytes: new Uint8Array(0), size: info.size };
    else if (info?.isFile()) {
      const bytes = await readFile(absolute).catch(() => undefined);
      if (bytes) source = { path: file, bytes };
    }
    if (kind === 'record') {
      if (source) records.set(file, source);
      else records.delete(file);
    } else if (source) snapshot[kind] = source;
    else delete snapshot[kind];
  }
  snapshot.records = [...records.values()].sort((a, b) => compareText(a.path, b.path));
  return snapshot;
}
