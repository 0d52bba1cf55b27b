import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The commit step of the output writer, shared by the writer thread (which plans and applies it) and by
 * recovery (which finishes a commit a killed build left half done). Everything here is synchronous and
 * idempotent: applying a journal twice gives the same tree as applying it once.
 */

/** Marks of the entries the writer keeps beside the output folder (`dist.kokuchi-…`). */
export const TEMP_MARK = '.kokuchi-tmp-';
export const OLD_MARK = '.kokuchi-old-';
export const JOURNAL_MARK = '.kokuchi-journal';
export const LOCK_MARK = '.kokuchi-lock';

/** A commit of changed files into an existing output folder: written before the first change is made. */
export interface Journal {
  version: 1;
  /** Name of the staging folder beside the output folder, holding the new bytes of `moves`. */
  staging: string;
  /** Output-relative paths to move from the staging folder into the output folder. */
  moves: string[];
  /** Output-relative paths of files (or other non-folders) to remove from the output folder. */
  deletions: string[];
}

/** Path of the journal of the output folder `outDir`. */
export function journalPath(outDir: string): string {
  return `${outDir}${JOURNAL_MARK}`;
}

/** Writes the journal atomically (temp file + rename): its presence is the commit point. */
export function writeJournal(outDir: string, journal: Journal): void {
  const target = journalPath(outDir);
  writeFileSync(`${target}.tmp`, JSON.stringify(journal));
  renameSync(`${target}.tmp`, target);
}

/** Reads a journal left by a killed build, or undefined (none, an unfinished one that never became the commit point, or one that is not ours). */
export function readJournal(outDir: string): Journal | undefined {
  try {
    const journal = JSON.parse(readFileSync(journalPath(outDir), 'utf8')) as Journal;
    const valid =
      journal.version === 1 &&
      typeof journal.staging === 'string' &&
      journal.staging.includes(TEMP_MARK) &&
      path.basename(journal.staging) === journal.staging &&
      Array.isArray(journal.moves) &&
      Array.isArray(journal.deletions) &&
      [...journal.moves, ...journal.deletions].every(isOutputPath);
    if (valid) return journal;
  } catch {
    // No journal.
  }
  return undefined;
}

/**
 * Applies a journal: removes the deleted files (and folders they leave empty), then moves every staged
 * file into place with a rename (each file is replaced atomically). Removes the journal and the staging
 * folder at the end. Safe to call again after being interrupted at any point.
 */
export function applyJournal(outDir: string, journal: Journal): void {
  const staging = stagingOf(outDir, journal);
  const emptied = new Set<string>();
  for (const relative of journal.deletions) {
    const target = inside(outDir, relative);
    try {
      unlinkSync(target);
    } catch {
      rmSync(target, { recursive: true, force: true });
    }
    emptied.add(path.dirname(target));
  }
  pruneEmptyFolders(outDir, emptied);
  for (const { from, to } of stagedMoves(outDir, staging, journal.moves)) {
    try {
      renameSync(from, to);
    } catch {
      // A folder (or a stray entry) stands where the file goes: the new tree has no files under it.
      rmSync(to, { recursive: true, force: true });
      renameSync(from, to);
    }
  }
  removeCommitFiles(outDir, [staging]);
}

/** The rename the commit makes of each changed file; tests replace it to make one replacement fail. */
export const commitFileSystem = { rename: (from: string, to: string): void => renameSync(from, to) };

/**
 * Commits a journal written just before, all or nothing: each replaced file is first hard-linked into a
 * backup folder beside the output (the file stays in place, so readers never miss it), each removed file
 * moved there; when one step fails (a folder that cannot be changed, a full disk), every step already
 * made is undone from the backup, the journal and staging folder are removed and the error is thrown:
 * the output is exactly as it was. A kill half-way leaves the journal, which the next build finishes
 * forward (applyJournal).
 */
export function commitJournal(outDir: string, journal: Journal): void {
  const staging = stagingOf(outDir, journal);
  const backup = `${staging}-backup`;
  const undo: (() => void)[] = [];
  const keep = (target: string, relative: string, move: boolean): string => {
    const saved = inside(backup, relative);
    mkdirSync(path.dirname(saved), { recursive: true });
    if (move) renameSync(target, saved);
    else linkSync(target, saved);
    return saved;
  };
  try {
    const emptied = new Set<string>();
    for (const relative of journal.deletions) {
      const target = inside(outDir, relative);
      if (!lstatSync(target, { throwIfNoEntry: false })) continue;
      const saved = keep(target, relative, true);
      undo.push(() => {
        mkdirSync(path.dirname(target), { recursive: true });
        renameSync(saved, target);
      });
      emptied.add(path.dirname(target));
    }
    pruneEmptyFolders(outDir, emptied);
    for (const { relative, from, to } of stagedMoves(outDir, staging, journal.moves)) {
      const old = lstatSync(to, { throwIfNoEntry: false });
      // A folder (or a stray entry) where the file goes is moved aside whole; a file is kept by a link.
      const saved = old ? keep(to, relative, old.isDirectory()) : undefined;
      if (old?.isDirectory()) undo.push(() => renameSync(saved!, to));
      commitFileSystem.rename(from, to);
      undo.push(() => (saved && !old?.isDirectory() ? renameSync(saved, to) : rmSync(to, { recursive: true, force: true })));
    }
  } catch (error) {
    for (const step of undo.reverse()) step();
    removeCommitFiles(outDir, [staging, backup]);
    throw error;
  }
  removeCommitFiles(outDir, [staging, backup]);
}

/** The staging folder of a journal, beside the output folder. */
function stagingOf(outDir: string, journal: Journal): string {
  return path.join(path.dirname(outDir), path.basename(journal.staging));
}

/**
 * The moves still to make, in journal order, each with its folder in the output made just before it is
 * yielded; a file no longer in the staging folder was moved before an interruption and is passed over.
 */
function* stagedMoves(outDir: string, staging: string, moves: readonly string[]): Generator<{ relative: string; from: string; to: string }> {
  const made = new Set<string>();
  for (const relative of moves) {
    const from = inside(staging, relative);
    const to = inside(outDir, relative);
    if (!existsSync(from)) continue;
    const folder = path.dirname(to);
    if (!made.has(folder)) {
      makeFolder(outDir, folder);
      made.add(folder);
    }
    yield { relative, from, to };
  }
}

/** Removes the journal, then the given folders beside the output (staging, backup): the commit is over. */
function removeCommitFiles(outDir: string, folders: readonly string[]): void {
  rmSync(journalPath(outDir), { force: true });
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

/** Creates `folder` (inside `outDir`), replacing any file that stands where a folder of the new tree goes. */
function makeFolder(outDir: string, folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch {
    // A file of the old tree where the new tree has a folder: remove it along the path, then retry.
    let current = outDir;
    for (const part of path.relative(outDir, folder).split(path.sep)) {
      current = path.join(current, part);
      const info = lstatSync(current, { throwIfNoEntry: false });
      if (info && !info.isDirectory()) unlinkSync(current);
    }
    mkdirSync(folder, { recursive: true });
  }
}

/** Removes folders left empty, walking up to (not including) `outDir`. */
export function pruneEmptyFolders(outDir: string, folders: Iterable<string>): void {
  const sorted = [...folders].sort((a, b) => b.length - a.length);
  for (let folder of sorted) {
    while (folder.startsWith(`${outDir}${path.sep}`)) {
      try {
        rmdirSync(folder);
      } catch {
        break; // not empty (or gone)
      }
      folder = path.dirname(folder);
    }
  }
}

/** Every non-folder entry under `root`, as `/`-separated relative paths (symlinks are entries, never followed). */
export function listEntries(root: string): string[] {
  const result: string[] = [];
  const walk = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(directory, entry.name), relative);
      else result.push(relative);
    }
  };
  walk(root, '');
  return result;
}

/** True for a `/`-separated relative path that stays inside its root. */
function isOutputPath(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && !value.startsWith('/') && !value.split('/').some((part) => part === '..' || part === '.' || part === '');
}

/** `root` joined with an output-relative path, refusing anything that would leave `root`. */
export function inside(root: string, relative: string): string {
  const joined = path.join(root, relative);
  if (!joined.startsWith(`${root}${path.sep}`)) throw new Error(`refusing to touch ${relative} outside ${root}`);
  return joined;
}
