import { randomBytes } from 'node:crypto';
import { link, open, realpath, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { LockFile, type LockHolder } from '../lock-file.js';

/**
 * How every command that writes a writer's file (`new`, `update`, `import`, `translations`) writes it:
 * the new text goes to a temporary file beside the record, is flushed to the disk, and then replaces the
 * record with one rename (or, for a new record, is linked to its name only if nothing has that name).
 * A full disk or a crash half-way leaves the record exactly as it was; the writer's text is never cut.
 */

/** The file-system calls the writes go through; tests replace them to simulate a full disk or a failing rename. */
export const writerFileSystem = {
  /** Writes all of `bytes` to an open file. */
  write: async (handle: FileHandle, bytes: Uint8Array): Promise<void> => {
    await handle.writeFile(bytes);
  },
  /** Replaces `to` with `from`. */
  rename: (from: string, to: string): Promise<void> => rename(from, to),
};

const encoder = new TextEncoder();

/** Writes `text` into a new temporary file beside `file`, flushed to the disk; returns its path. The temporary file is removed on failure. */
async function writeTemporary(file: string, text: string): Promise<string> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.kokuchi-tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await writerFileSystem.write(handle, encoder.encode(text));
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temporary;
}

/** Makes a rename or link durable: flushes the folder that holds the file (where the system allows it). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/** A new text written beside its file and flushed, waiting to take the file's place. */
export interface PreparedFile {
  /** Puts the text in place: replaces the file (`replace`), or creates it only where no file has the name (`create`, else `EEXIST`). */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure elsewhere); the file stays as it was. */
  discard(): Promise<void>;
}

/** Writes `text` beside `file` and flushes it, without touching `file` yet: a full disk fails here, before any file changed. */
export async function prepareWriterFile(file: string, text: string, mode: 'create' | 'replace'): Promise<PreparedFile> {
  const temporary = await writeTemporary(file, text);
  const discard = () => unlink(temporary).catch(() => undefined);
  return {
    discard,
    async commit() {
      try {
        if (mode === 'replace') await writerFileSystem.rename(temporary, file);
        else await link(temporary, file);
      } finally {
        if (mode === 'create') await discard();
      }
      await syncFolder(path.dirname(file));
    },
    // A failed rename leaves the temporary file: discard removes it.
  };
}

/**
 * Writes several files, all or none as far as the disk decides: every new text is written and flushed
 * beside its file first (a full disk stops here and nothing changed), then each takes its file's place
 * with one rename.
 */
export async function writeWriterFiles(files: readonly { file: string; text: string; mode?: 'create' | 'replace' }[], mode: 'create' | 'replace'): Promise<void> {
  const prepared: PreparedFile[] = [];
  try {
    for (const { file, text, mode: own } of files) prepared.push(await prepareWriterFile(file, text, own ?? mode));
    for (const item of prepared) await item.commit();
  } finally {
    for (const item of prepared) await item.discard();
  }
}

/** True when `folder` (after following every symlink) is `root` or inside it (`root` resolved the same way). */
export async function isInside(folder: string, root: string): Promise<boolean> {
  const [real, realRoot] = await Promise.all([realpath(folder), realpath(root)]);
  const relative = path.relative(realRoot, real);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Name of the lock file a writer command holds inside the content folder (the loader skips names starting with "."). */
export const CONTENT_LOCK = '.kokuchi-lock';

/** How long a writer command waits for another one to finish with the content folder, by default. */
export const CONTENT_LOCK_WAIT_MS = 30_000;

/**
 * Runs `body` holding the content folder's lock, so that two writer commands never read and rewrite the
 * same records at once: a second command waits until the first is done (up to `waitMs`); when the lock
 * stays taken, `busy` is called with its holder instead.
 */
export async function withContentLock<T>(contentDir: string, body: () => Promise<T>, busy: (holder: LockHolder) => T, waitMs = CONTENT_LOCK_WAIT_MS): Promise<T> {
  const file = path.join(contentDir, CONTENT_LOCK);
  const deadline = Date.now() + waitMs;
  for (;;) {
    let lock: LockFile | { heldBy: LockHolder };
    try {
      lock = LockFile.acquire(file);
    } catch (error) {
      // No content folder: nothing to protect, and the command reports the missing folder itself.
      if ((error as { code?: string }).code === 'ENOENT' || (error as { code?: string }).code === 'ENOTDIR') return body();
      throw error;
    }
    if (lock instanceof LockFile) {
      try {
        return await body();
      } finally {
        lock.release();
      }
    }
    if (Date.now() >= deadline) return busy(lock.heldBy);
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
  }
}
