import { hash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ReusedFile, type Piece } from '../output/files.js';
import { openSealedJson, sealJson } from './sealed-json.js';

interface ManifestEntry {
  key: string;
  size: number;
  mtimeMs: number;
  /** For a file assembled from keyed pieces (the API list): each piece's key, byte offset and byte length. */
  pieces?: { keys: string[]; offsets: number[]; lengths: number[] };
}

interface Manifest {
  version: 1;
  outDir: string;
  entries: Record<string, ManifestEntry>;
}

/**
 * What the previous build wrote, for reusing unchanged pages. Each reusable file was recorded with a key
 * that hashes everything it was made from (kokuchi's code, templates, configuration, the incident's files);
 * a file is reused only when the key is the same and the file on disk still has the recorded size and
 * modification time. Anything else is rendered again, so reuse can never change the output.
 */
export class PreviousOutput {
  private readonly next = new Map<string, string>();
  private readonly nextPieces = new Map<string, ManifestEntry['pieces']>();
  /** The previous files by key, in the manifest's order (for reuseNamed). */
  private filesByKey: Map<string, string[]> | undefined;

  private constructor(
    private readonly manifestPath: string | undefined,
    private readonly outDir: string,
    private readonly entries: Record<string, ManifestEntry>,
    /** The output's files as found at the start of the build (see OutputWriter.survey); without it each file is checked when reused. */
    private readonly survey?: ReadonlyMap<string, { size: number; mtimeMs: number }>,
  ) {}

  /** No reuse (no cache, or the dev server). */
  static none(outDir = ''): PreviousOutput {
    return new PreviousOutput(undefined, outDir, {});
  }

  /** Reads the manifest the last build into `outDir` left in `cacheDir`. */
  static async open(cacheDir: string, outDir: string, survey?: ReadonlyMap<string, { size: number; mtimeMs: number }>): Promise<PreviousOutput> {
    const manifestPath = path.join(cacheDir, `output-${hash('sha256', path.resolve(outDir)).slice(0, 16)}.json`);
    try {
      const manifest = openSealedJson(await readFile(manifestPath, 'utf8')) as Manifest | undefined;
      if (manifest && manifest.version === 1 && manifest.outDir === path.resolve(outDir)) return new PreviousOutput(manifestPath, outDir, manifest.entries, survey);
    } catch {
      // No manifest yet, or an unreadable one: nothing to reuse.
    }
    return new PreviousOutput(manifestPath, outDir, {});
  }

  /** The previous file when it was made from the same inputs and is untouched since; remembers the key either way. */
  reuse(file: string, key: string): ReusedFile | undefined {
    if (!this.manifestPath) return undefined;
    this.next.set(file, key);
    const entry = this.entries[file];
    if (!entry || entry.key !== key) return undefined;
    return this.untouched(file, entry) ? new ReusedFile(path.join(this.outDir, file)) : undefined;
  }

  /**
   * A previous file recorded under `key` whose name `accepts`, when untouched (for files whose name
   * depends on their content, such as hashed assets); remembers the key for it.
   */
  reuseNamed(key: string, accepts: (file: string) => boolean): { file: string; content: ReusedFile } | undefined {
    if (!this.manifestPath) return undefined;
    if (!this.filesByKey) {
      // Built on the first call: a scan of every entry (13,000 at 4,000 incidents) for each asset would cost more.
      this.filesByKey = new Map();
      for (const [file, entry] of Object.entries(this.entries)) {
        const files = this.filesByKey.get(entry.key);
        if (files) files.push(file);
        else this.filesByKey.set(entry.key, [file]);
      }
    }
    for (const file of this.filesByKey.get(key) ?? []) {
      const entry = this.entries[file]!;
      if (!accepts(file) || !this.untouched(file, entry)) continue;
      this.next.set(file, key);
      return { file, content: new ReusedFile(path.join(this.outDir, file)) };
    }
    return undefined;
  }

  /**
   * The pieces of the previous build's `file` by key, when it was recorded as assembled from keyed
   * pieces (`recordPieces`) and is untouched since: a piece whose key is still current can be copied
   * instead of made again. Empty otherwise.
   */
  pieces(file: string): Map<string, Uint8Array> {
    const found = new Map<string, Uint8Array>();
    const entry = this.entries[file];
    if (!this.manifestPath || !entry?.pieces) return found;
    if (!this.untouched(file, entry)) return found;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(this.outDir, file));
    } catch {
      return found;
    }
    if (bytes.length !== entry.size) return found;
    const { keys, offsets, lengths } = entry.pieces;
    keys.forEach((key, index) => {
      const start = offsets[index]!;
      const end = start + lengths[index]!;
      if (end <= bytes.length) found.set(key, bytes.subarray(start, end));
    });
    return found;
  }

  /** Records that `file` (being written now) holds pieces with these keys at these byte offsets and lengths. */
  recordPieces(file: string, pieces: readonly Piece[]): void {
    if (!this.manifestPath) return;
    this.nextPieces.set(file, { keys: pieces.map((piece) => piece.key), offsets: pieces.map((piece) => piece.offset), lengths: pieces.map((piece) => piece.length) });
  }

  /** True when the output's `file` has the size and modification time recorded (a file changed or gone is made again). */
  private untouched(file: string, entry: ManifestEntry): boolean {
    let info = this.survey?.get(file);
    if (!this.survey) {
      try {
        const stats = statSync(path.join(this.outDir, file));
        if (stats.isFile()) info = stats;
      } catch {
        // Gone.
      }
    }
    return info !== undefined && info.size === entry.size && info.mtimeMs === entry.mtimeMs;
  }

  /** True when saving would write the manifest that was read: nothing written, the same files under the same keys. */
  private unchangedBy(written: ReadonlyMap<string, unknown>): boolean {
    if (written.size > 0 || this.nextPieces.size > 0 || this.next.size !== Object.keys(this.entries).length) return false;
    for (const [file, key] of this.next) if (this.entries[file]?.key !== key) return false;
    return true;
  }

  /**
   * Records the manifest of the output just written (keys remembered by `reuse`), from the size and
   * modification time of each file as the writer left it (files it did not touch keep their entries).
   */
  async save(written: ReadonlyMap<string, { size: number; mtimeMs: number }>): Promise<void> {
    if (!this.manifestPath || this.unchangedBy(written)) return;
    const entries: Record<string, ManifestEntry> = {};
    for (const file of [...this.next.keys()].sort()) {
      const key = this.next.get(file)!;
      const info = written.get(file);
      const pieces = this.nextPieces.get(file);
      if (info) entries[file] = { key, size: info.size, mtimeMs: info.mtimeMs, ...(pieces ? { pieces } : {}) };
      else if (this.entries[file]?.key === key) entries[file] = this.entries[file];
    }
    const manifest: Manifest = { version: 1, outDir: path.resolve(this.outDir), entries };
    await mkdir(path.dirname(this.manifestPath), { recursive: true });
    const temp = `${this.manifestPath}.${process.pid}.tmp`;
    try {
      await writeFile(temp, sealJson(manifest));
      await rename(temp, this.manifestPath);
    } catch {
      await rm(temp, { force: true });
    }
  }
}
