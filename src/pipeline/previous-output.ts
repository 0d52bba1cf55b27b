import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';

/** An output file whose bytes are those of the previous build's file: linked, not rendered or written. */
export class ReusedFile {
  constructor(
    /** Absolute path of the previous build's file. */
    readonly from: string,
  ) {}
}

/**
 * A large output file given as UTF-8 chunks in order (the API's list): the writer thread writes them
 * one after another, so the file never exists as one string or one buffer in the render's memory.
 */
export class ChunkedFile {
  constructor(readonly chunks: readonly Uint8Array[]) {}

  /** The whole file, for consumers that need it in one piece. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

interface ManifestEntry {
  key: string;
  size: number;
  mtimeMs: number;
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

  private constructor(
    private readonly manifestPath: string | undefined,
    private readonly outDir: string,
    private readonly entries: Record<string, ManifestEntry>,
  ) {}

  /** No reuse (no cache, or the dev server). */
  static none(outDir = ''): PreviousOutput {
    return new PreviousOutput(undefined, outDir, {});
  }

  /** Reads the manifest the last build into `outDir` left in `cacheDir`. */
  static async open(cacheDir: string, outDir: string): Promise<PreviousOutput> {
    const manifestPath = path.join(cacheDir, `output-${createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16)}.json`);
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
      if (manifest.version === 1 && manifest.outDir === path.resolve(outDir)) return new PreviousOutput(manifestPath, outDir, manifest.entries);
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
    const from = path.join(this.outDir, file);
    try {
      const info = statSync(from);
      if (info.isFile() && info.size === entry.size && info.mtimeMs === entry.mtimeMs) return new ReusedFile(from);
    } catch {
      // Gone: render it again.
    }
    return undefined;
  }

  /**
   * Records the manifest of the output just written (keys remembered by `reuse`), from the size and
   * modification time of each file as the writer left it (files it did not touch keep their entries).
   */
  async save(written: ReadonlyMap<string, { size: number; mtimeMs: number }>): Promise<void> {
    if (!this.manifestPath) return;
    const entries: Record<string, ManifestEntry> = {};
    for (const file of [...this.next.keys()].sort()) {
      const key = this.next.get(file)!;
      const info = written.get(file);
      if (info) entries[file] = { key, size: info.size, mtimeMs: info.mtimeMs };
      else if (this.entries[file]?.key === key) entries[file] = this.entries[file];
    }
    const manifest: Manifest = { version: 1, outDir: path.resolve(this.outDir), entries };
    await mkdir(path.dirname(this.manifestPath), { recursive: true });
    const temp = `${this.manifestPath}.${process.pid}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(manifest));
      await rename(temp, this.manifestPath);
    } catch {
      await rm(temp, { force: true });
    }
  }

  /** Forgets the manifest (after a failed build nothing was written, but be safe). */
  async discard(): Promise<void> {
    if (this.manifestPath) await rm(this.manifestPath, { force: true });
  }
}
