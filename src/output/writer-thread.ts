import { closeSync, existsSync, openSync, type Stats, linkSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { commitJournal, inside, journalPath, listEntries, OLD_MARK, pruneEmptyFolders, writeJournal, type Journal } from './commit.js';

/**
 * The writer thread: takes output files as the render produces them and puts them on disk while the
 * main thread goes on rendering. With no previous output everything goes into a staging folder that
 * becomes the output with one rename. Over a previous output only files whose bytes changed are staged,
 * and the commit moves them into place under a journal (see output-commit.ts).
 */

/** What the main thread sends. */
export type WriterMessage =
  | { kind: 'file'; relative: string; content: string | Uint8Array | Uint8Array[]; size: number }
  /** Files kept from the previous build (output path, previous file), sent in batches. */
  | { kind: 'reused'; files: [relative: string, from: string][]; size: number }
  | { kind: 'prepare'; files: string[] }
  | { kind: 'commit' }
  | { kind: 'abort' };

/** What the writer answers to `commit` and `abort`. */
export type WriterReply =
  | { kind: 'committed'; written: number; unchanged: number; stats: [string, number, number][] }
  /** Sent once, unasked, as the writer starts: every file of the previous output with its size and modification time. */
  | { kind: 'surveyed'; files: [string, number, number][] }
  | { kind: 'aborted' }
  | { kind: 'error'; message: string; code: string };

/** Set up by the main thread. */
export interface WriterData {
  outDir: string;
  staging: string;
  /** `fresh`: no previous output; `delta`: update the previous output in place. */
  mode: 'fresh' | 'delta';
  /** Int32 counter of characters sent and not yet written (the main thread waits when it grows too large). */
  pending: SharedArrayBuffer;
  /** Tests only: writes fail with ENOSPC once this many bytes were written, as on a full disk. */
  fullDiskAfter?: number;
}

const data = workerData as WriterData;
const pending = new Int32Array(data.pending);
const seen = new Set<string>();
const staged: string[] = [];
const stats: [string, number, number][] = [];
const folders = new Set<string>();
/** Files (empty) and folders created ahead of time (while the main thread is still loading); unused ones are removed at the commit. */
const preparedFiles = new Set<string>();
const preparedFolders = new Set<string>();
const filled = new Set<string>();
let unchanged = 0;
let failure: { message: string; code: string } | undefined;

function stage(relative: string, write: (target: string) => void): void {
  const target = inside(data.staging, relative);
  const folder = path.dirname(target);
  if (!folders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    folders.add(folder);
  }
  filled.add(folder);
  preparedFiles.delete(target);
  write(target);
  const info = statSync(target);
  stats.push([relative, info.size, info.mtimeMs]);
  staged.push(relative);
}

function writeFile(relative: string, content: string | Uint8Array | Uint8Array[]): void {
  // A large file comes as chunks (the API list, mostly views of the previous file): never joined here.
  const chunks = typeof content === 'string' ? [Buffer.from(content)] : Array.isArray(content) ? content : [content];
  const size = chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
  if (data.mode === 'delta') {
    const current = inside(data.outDir, relative);
    const info = existingFile(current);
    if (info?.isFile() && info.size === size && holds(readFileSync(current), chunks)) {
      unchanged += 1;
      stats.push([relative, info.size, info.mtimeMs]);
      return;
    }
  }
  stage(relative, (target) => {
    if (data.fullDiskAfter !== undefined) {
      bytesWritten += size;
      if (bytesWritten > data.fullDiskAfter) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${target}'`), { code: 'ENOSPC' });
    }
    if (chunks.length === 1) {
      writeFileSync(target, chunks[0]!);
      return;
    }
    const fd = openSync(target, 'w');
    try {
      for (const chunk of chunks) {
        for (let done = 0; done < chunk.byteLength; ) done += writeSync(fd, chunk, done, chunk.byteLength - done);
      }
    } finally {
      closeSync(fd);
    }
  });
}

/** True when `bytes` are the chunks one after another (their total length is that of `bytes`). */
function holds(bytes: Buffer, chunks: readonly Uint8Array[]): boolean {
  let offset = 0;
  for (const chunk of chunks) {
    if (!bytes.subarray(offset, offset + chunk.byteLength).equals(chunk)) return false;
    offset += chunk.byteLength;
  }
  return true;
}

let bytesWritten = 0;

/** What stands at `target` in the previous output, if anything (a file where a folder was expected counts as nothing). */
function existingFile(target: string): Stats | undefined {
  try {
    return lstatSync(target, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function reuseFile(relative: string, from: string): void {
  if (data.mode === 'delta' && from === inside(data.outDir, relative)) {
    unchanged += 1; // the file stays where it is, untouched
    return;
  }
  stage(relative, (target) => linkSync(from, target));
}

/**
 * Every file of the previous output (delta mode) with its size and modification time, taken as the
 * writer starts, while the main thread is still loading: the render checks reused files against it
 * instead of asking the file system for each, and the commit removes the files not produced again.
 * Only this build writes the output while it runs (it holds the lock), so the survey stays true.
 */
function survey(): [string, number, number][] {
  if (data.mode !== 'delta') return [];
  const files: [string, number, number][] = [];
  for (const relative of listEntries(data.outDir)) {
    const info = lstatSync(path.join(data.outDir, relative), { throwIfNoEntry: false });
    if (info?.isFile()) files.push([relative, info.size, info.mtimeMs]);
    else files.push([relative, -1, -1]);
  }
  return files;
}

let previousFiles: string[] = [];
try {
  const files = survey();
  previousFiles = files.map(([relative]) => relative);
  parentPort!.postMessage({ kind: 'surveyed', files } satisfies WriterReply);
} catch (error) {
  failure = describe(error);
  parentPort!.postMessage({ kind: 'surveyed', files: [] } satisfies WriterReply);
}

/** Removes the staging folder after a failure, unless a journal names it (the next build then finishes that commit). */
function dropStaging(): void {
  if (!existsSync(journalPath(data.outDir))) rmSync(data.staging, { recursive: true, force: true });
}

function commit(): WriterReply {
  if (failure !== undefined) {
    dropStaging(); // a full disk must not stay full of this build's files
    return { kind: 'error', ...failure };
  }
  if (data.mode === 'fresh') {
    mkdirSync(data.staging, { recursive: true });
    for (const file of preparedFiles) rmSync(file, { force: true });
    pruneEmptyFolders(data.staging, [...preparedFolders].filter((folder) => !filled.has(folder)));
    if (lstatSync(data.outDir, { throwIfNoEntry: false })) {
      // Something that is not a folder (a file, a symlink) stands where the output goes: swap it away.
      const old = `${data.outDir}${OLD_MARK}${process.pid}`;
      renameSync(data.outDir, old);
      renameSync(data.staging, data.outDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(data.staging, data.outDir);
    }
  } else {
    const deletions = previousFiles.filter((relative) => !seen.has(relative));
    if (staged.length > 0 || deletions.length > 0) {
      const journal: Journal = { version: 1, staging: path.basename(data.staging), moves: staged, deletions };
      writeJournal(data.outDir, journal);
      commitJournal(data.outDir, journal);
    }
    rmSync(data.staging, { recursive: true, force: true });
  }
  return { kind: 'committed', written: staged.length, unchanged, stats };
}

/** An error as sent back to the main thread (its code tells a file-system problem from a bug). */
function describe(error: unknown): { message: string; code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return { message: error instanceof Error ? error.message : String(error), code: typeof code === 'string' ? code : 'EWRITER' };
}

/** Paths that may be created ahead of time: article pages and per-incident API files. */
const PREPARABLE = /^(?:[a-z]{2}\/incidents\/[a-z0-9][a-z0-9_-]*\/index\.html|api\/v1\/incidents\/[A-Za-z0-9][A-Za-z0-9_-]*\.json)$/u;


parentPort!.on('message', (message: WriterMessage) => {
  if (message.kind === 'prepare') {
    if (data.mode !== 'fresh' || failure !== undefined) return;
    // Only a guess: names that are not plain slugs are left to be created (or refused) later.
    for (const relative of message.files) {
      if (!PREPARABLE.test(relative)) continue;
      const file = inside(data.staging, relative);
      const folder = path.dirname(file);
      try {
        if (!folders.has(folder)) {
          mkdirSync(folder, { recursive: true });
          folders.add(folder);
          preparedFolders.add(folder);
        }
        if (!preparedFiles.has(file)) closeSync(openSync(file, 'wx'));
        preparedFiles.add(file);
      } catch {
        // Left for the real write.
      }
    }
    return;
  }
  if (message.kind === 'commit' || message.kind === 'abort') {
    let reply: WriterReply;
    try {
      if (message.kind === 'commit') {
        reply = commit();
      } else {
        rmSync(data.staging, { recursive: true, force: true });
        reply = { kind: 'aborted' };
      }
    } catch (error) {
      reply = { kind: 'error', ...describe(error) };
      try {
        dropStaging();
      } catch {
        // Left for the next build's recovery.
      }
    }
    parentPort!.postMessage(reply);
    return;
  }
  try {
    if (failure === undefined) {
      if (message.kind === 'file') {
        seen.add(message.relative);
        writeFile(message.relative, message.content);
      } else {
        for (const [relative, from] of message.files) {
          seen.add(relative);
          reuseFile(relative, from);
        }
      }
    }
  } catch (error) {
    failure = describe(error);
  } finally {
    Atomics.sub(pending, 0, message.size);
    Atomics.notify(pending, 0);
  }
});
