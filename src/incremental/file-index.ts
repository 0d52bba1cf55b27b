import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSealedJson, sealJson } from './sealed-json.js';

const INDEX_FILE = 'files.v1.json';

/**
 * Files whose last change is this close to the moment the index was written are not trusted: a change
 * made in the same clock tick as the recorded one would leave size and times unchanged (the "racy git"
 * problem). Such files are read again, and trusted once they are older.
 */
const RACY_MS = 2000;

/** What identifies a version of a file without reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface IndexEntry extends FileStamp {
  /** SHA-256 (hex) of the file's bytes. */
  digest: string;
}

interface StoredIndex {
  version: 1;
  /** When the index was written (ms since the epoch). */
  writtenAt: number;
  entries: Record<string, IndexEntry>;
}

/**
 * The content files a build saw and the digest of each, so that the next build needs only their stamps
 * (size, modification and change times, inode) to know which are unchanged: those are not read. Any
 * difference in the stamp, a missing entry, or a change too close to when the index was written means
 * the file is read. The index lives in the cache folder; deleting it only costs a read of every file.
 */
export class FileIndex {
  private readonly next: Record<string, IndexEntry> = {};
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly stored: StoredIndex,
  ) {}

  /** An index that trusts nothing and keeps nothing. */
  static none(): FileIndex {
    return new FileIndex(undefined, { version: 1, writtenAt: 0, entries: {} });
  }

  /** Reads the index in `cacheDir` (an unreadable one counts as empty). */
  static async open(cacheDir: string): Promise<FileIndex> {
    const file = path.join(cacheDir, INDEX_FILE);
    try {
      const stored = openSealedJson(await readFile(file, 'utf8')) as StoredIndex | undefined;
      if (stored && stored.version === 1 && typeof stored.writtenAt === 'number' && stored.entries && typeof stored.entries === 'object') return new FileIndex(file, stored);
    } catch {
      // No index yet.
    }
    return new FileIndex(file, { version: 1, writtenAt: 0, entries: {} });
  }

  /** The digest of the file at `absolute` when its stamp says it is unchanged since the index was written. */
  unchanged(absolute: string, stamp: FileStamp): string | undefined {
    if (!this.file) return undefined;
    const entry = this.stored.entries[absolute];
    if (!entry || entry.size !== stamp.size || entry.mtimeMs !== stamp.mtimeMs || entry.ctimeMs !== stamp.ctimeMs || entry.ino !== stamp.ino) return undefined;
    const settled = this.stored.writtenAt - RACY_MS;
    return entry.mtimeMs < settled && entry.ctimeMs < settled ? entry.digest : undefined;
  }

  /** Records a file for the next build. */
  record(absolute: string, stamp: FileStamp, digest: string): void {
    if (!this.file) return;
    const entry: IndexEntry = { size: stamp.size, mtimeMs: stamp.mtimeMs, ctimeMs: stamp.ctimeMs, ino: stamp.ino, digest };
    const old = this.stored.entries[absolute];
    // A file not yet trusted (too recent) is written again so that the next build can trust it.
    if (!old || old.digest !== digest || old.size !== entry.size || old.mtimeMs !== entry.mtimeMs || old.ctimeMs !== entry.ctimeMs || old.ino !== entry.ino || !this.unchanged(absolute, stamp)) this.changed = true;
    this.next[absolute] = entry;
  }

  /** Writes the index of the files recorded (atomically), if anything differs from the one read. */
  async save(): Promise<void> {
    if (!this.file) return;
    if (!this.changed && Object.keys(this.next).length === Object.keys(this.stored.entries).length) return;
    const index: StoredIndex = { version: 1, writtenAt: Date.now(), entries: this.next };
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(temp, sealJson(index));
      await rename(temp, this.file);
    } catch {
      await rm(temp, { force: true });
    }
  }
}
