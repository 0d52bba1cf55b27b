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

/** A content file's path as the loader names it: relative to `cwd`, with `/`. */
export function displayPath(cwd: string, absolute: string): string {
  return toDisplayPath(path.relative(cwd, absolute) || '.');
}

/** The record of `records` (in path order, as a snapshot has them) at `file`, if any. */
export function findRecord(records: readonly RawSource[], file: string): RawSource | undefined {
  const { index, found } = searchRecords(records, file);
  return found ? records[index] : undefined;
}

/** Where `file` is in `records` (in path order), or where it would go. */
function searchRecords(records: readonly RawSource[], file: string): { index: number; found: boolean } {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareText(records[middle]!.path, file);
    if (order === 0) return { index: middle, found: true };
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return { index: low, found: false };
}

/**
 * The content folder as `previous` was, with the files in `changed` (absolute paths: changed, added or
 * deleted) read again as readContent reads them: symbolic links skipped with a warning, oversized files
 * not read. The folder is not walked: a watcher says which files changed (a folder that came or went
 * needs readContent).
 */
export async function rereadContent(previous: ContentSnapshot, changed: Iterable<string>, contentDir: string, cwd: string): Promise<ContentSnapshot> {
  const display = (absolute: string) => displayPath(cwd, absolute);
  // In path order: each changed record is put at its place (the others are not sorted again).
  const records = [...previous.records];
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
      const { index, found } = searchRecords(records, file);
      if (source) records.splice(index, found ? 1 : 0, source);
      else if (found) records.splice(index, 1);
    } else if (source) snapshot[kind] = source;
    else delete snapshot[kind];
  }
  snapshot.records = records;
  return snapshot;
}
