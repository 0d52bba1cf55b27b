import { LIB_ROOT } from '../paths.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LockFile } from '../lock-file.js';
import { applyJournal, journalPath, LOCK_MARK, OLD_MARK, readJournal, TEMP_MARK } from './commit.js';
import { ChunkedFile, ReusedFile, type FileContent } from './files.js';
import type { WriterData, WriterMessage, WriterReply } from './writer-thread.js';
import type { OutputLocationProblem } from '../messages/output.js';

/** Files to write: output-relative path (`/` separators) → content. */
export type OutputFiles = Map<string, FileContent>;

/** Characters sent to the writer thread and not yet on disk before the render waits for it. */
const PENDING_LIMIT = 8 * 1024 * 1024;
/** Reused files per message to the writer. */
const REUSED_BATCH = 1024;
/** How long the render waits for a writer thread that makes no progress before giving up. */
const WRITER_STALL_MS = 60_000;

/** The compiled writer script; when running from TypeScript sources (tests), the compiled copy in lib/. */
function writerScript(): URL {
  return new URL('output/writer-thread.js', LIB_ROOT);
}

/**
 * Writes the output while the site renders: every file set on `files` goes at once to a writer thread,
 * and only its name is kept (its text too when `retain` says a later stage reads it), so a large site
 * is never held in memory whole and writing overlaps rendering.
 *
 * `commit` then makes the output exactly the files given:
 * - with no previous output, everything was written into a staging folder beside it, which becomes the
 *   output with one rename;
 * - over a previous output, only files whose bytes changed were staged; they are moved into place and
 *   files no longer produced are removed, under a journal written first. Unchanged files are never
 *   touched (same bytes, same modification time). A build killed before the journal exists leaves the
 *   old output as it was; one killed after it is finished by the next run (`recoverOutput`).
 * `abort` (a failed build) removes the staging folder and leaves the output untouched.
 */
export class OutputWriter {
  /** The sink the render writes into. */
  readonly files: StreamingFiles;
  private settled = false;

  /** Set when the writer thread failed or stopped on its own. */
  private stopped: Error | undefined;

  /** The previous output's files with size and modification time, as the writer found them when it started. */
  readonly survey: Promise<Map<string, { size: number; mtimeMs: number }>>;
  /** Where the answer to `commit` or `abort` goes. */
  private onReply: ((reply: WriterReply) => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    pending: Int32Array,
    retain: (file: string) => boolean,
  ) {
    this.files = new StreamingFiles(worker, pending, retain);
    this.survey = new Promise((resolve) => {
      worker.on('message', (reply: WriterReply) => {
        if (reply.kind === 'surveyed') resolve(new Map(reply.files.map(([file, size, mtimeMs]) => [file, { size, mtimeMs }])));
        else this.onReply?.(reply);
      });
      // A writer that stops before its survey leaves nothing to check against: nothing is reused.
      worker.once('exit', () => resolve(new Map()));
    });
    worker.on('error', (error) => {
      this.stopped ??= error;
    });
    worker.on('exit', () => {
      this.stopped ??= Object.assign(new Error('the writer thread stopped'), { code: 'EWRITER' });
    });
  }

  /** Prepares writing into `outDir` (repairing what a killed build left first); `fullDiskAfter` (tests) makes writes fail with ENOSPC after that many bytes. */
  static async open(outDir: string, options: { retain?: (file: string) => boolean; fullDiskAfter?: number } = {}): Promise<OutputWriter> {
    const parent = path.dirname(outDir);
    const base = path.basename(outDir);
    await mkdir(parent, { recursive: true });
    await recoverLeftovers(parent, base, outDir);
    const existing = await lstat(outDir).catch(() => undefined);
    const staging = path.join(parent, `${base}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
    const pending = new SharedArrayBuffer(4);
    const data: WriterData = { outDir: path.resolve(outDir), staging: path.resolve(staging), mode: existing?.isDirectory() ? 'delta' : 'fresh', pending, ...(options.fullDiskAfter !== undefined ? { fullDiskAfter: options.fullDiskAfter } : {}) };
    const worker = new Worker(writerScript(), { workerData: data });
    worker.unref();
    return new OutputWriter(worker, new Int32Array(pending), options.retain ?? (() => false));
  }

  /**
   * Creates, empty, files that will probably be written (article pages, per-incident API files) and their
   * folders, on the writer thread while the caller goes on loading: with no previous output, creating
   * thousands of files and folders is most of the cost of writing a site on a slow file system. Files
   * that are not written after all, and folders left empty, are removed at the commit.
   */
  prepare(files: readonly string[]): void {
    if (!this.settled && files.length > 0) this.worker.postMessage({ kind: 'prepare', files: [...files] } satisfies WriterMessage);
  }

  /** Makes the output exactly the files set; counts files written and files left as they were. */
  async commit(): Promise<{ written: number; unchanged: number; stats: Map<string, { size: number; mtimeMs: number }> }> {
    const reply = await this.finish({ kind: 'commit' });
    if (reply.kind !== 'committed') throw Object.assign(new Error(reply.kind === 'error' ? reply.message : 'the writer stopped'), { code: reply.kind === 'error' ? reply.code : 'EWRITER' });
    return { written: reply.written, unchanged: reply.unchanged, stats: new Map(reply.stats.map(([file, size, mtimeMs]) => [file, { size, mtimeMs }])) };
  }

  /** Drops everything written so far; the output stays as it was. */
  async abort(): Promise<void> {
    if (this.settled) return;
    await this.finish({ kind: 'abort' }).catch(() => undefined);
  }

  private finish(message: WriterMessage): Promise<WriterReply> {
    this.settled = true;
    this.files.flush();
    return new Promise<WriterReply>((resolve, reject) => {
      if (this.stopped) {
        reject(this.stopped);
        return;
      }
      this.onReply = resolve;
      this.worker.once('error', reject);
      this.worker.once('exit', () => reject(this.stopped));
      this.worker.postMessage(message);
    }).finally(() => void this.worker.terminate());
  }
}

/** The render's view of the output: `set` sends a file to the writer thread and keeps only its name (and its content when retained). */
export class StreamingFiles {
  private readonly names = new Map<string, FileContent | null>();
  /** Reused files not yet sent to the writer. */
  private reused: [string, string][] = [];

  constructor(
    private readonly worker: Worker,
    private readonly pending: Int32Array,
    private readonly retain: (file: string) => boolean,
  ) {}

  /** Number of files set. */
  get size(): number {
    return this.names.size;
  }

  has(file: string): boolean {
    return this.names.has(file);
  }

  /** The content of a file set earlier, when it was retained (or reused from the previous output). */
  get(file: string): FileContent | undefined {
    return this.names.get(file) ?? undefined;
  }

  /** Sends the reused files held back (before the commit). */
  flush(): void {
    if (this.reused.length === 0) return;
    this.worker.postMessage({ kind: 'reused', files: this.reused, size: 0 } satisfies WriterMessage);
    this.reused = [];
  }

  /** Back-pressure: lets the writer catch up rather than queue the whole site in memory (a file larger than the limit waits for an empty queue). */
  private waitForRoom(size: number): void {
    let waited = 0;
    for (let queued = Atomics.load(this.pending, 0); queued > 0 && queued + size > PENDING_LIMIT; ) {
      Atomics.wait(this.pending, 0, queued, 100);
      const now = Atomics.load(this.pending, 0);
      // A writer that makes no progress for a minute has stopped (it cannot say so while this thread waits).
      waited = now === queued ? waited + 100 : 0;
      if (waited >= WRITER_STALL_MS) throw Object.assign(new Error('the writer thread stopped writing'), { code: 'EWRITER' });
      queued = now;
    }
    Atomics.add(this.pending, 0, size);
  }

  set(file: string, content: FileContent): this {
    if (content instanceof ReusedFile) {
      // Thousands of these on a rebuild: one message per file would cost more than the rest of the work.
      this.reused.push([file, content.from]);
      if (this.reused.length >= REUSED_BATCH) this.flush();
      this.names.set(file, content);
      return this;
    }
    if (content instanceof ChunkedFile) {
      // Chunks that own their buffers move to the writer without a copy; the file is never joined here.
      const size = content.chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
      this.waitForRoom(size);
      const retained = this.retain(file);
      const movable = retained ? [] : [...content.chunks.filter(ownsBuffer).map((chunk) => chunk.buffer as ArrayBuffer), ...content.movable];
      this.worker.postMessage({ kind: 'file', relative: file, content: [...content.chunks], size } satisfies WriterMessage, [...new Set(movable)]);
      this.names.set(file, retained ? content : null);
      return this;
    }
    const size = typeof content === 'string' ? content.length : content.byteLength;
    this.waitForRoom(size);
    const retained = this.retain(file);
    // Bytes that own their whole buffer move to the writer without a copy (never a slice of a shared pool).
    const movable = !retained && typeof content !== 'string' && ownsBuffer(content);
    this.worker.postMessage({ kind: 'file', relative: file, content, size } satisfies WriterMessage, movable ? [content.buffer as ArrayBuffer] : []);
    this.names.set(file, retained ? content : null);
    return this;
  }
}

/** True when `bytes` is the whole of its own (non-shared) buffer, which can then be transferred. */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

/** Held while a build writes an output folder: a second build into the same folder is refused. */
export class OutputLock {
  private constructor(private readonly lock: LockFile) {}

  /**
   * Takes the lock of `outDir` (`<outDir>.kokuchi-lock`, naming the process and when it started), or
   * returns the id of the running build that holds it. A lock left by a build that is gone (killed) is
   * taken over, even when its process id now belongs to an unrelated program.
   */
  static acquire(outDir: string): OutputLock | { heldBy: number } {
    mkdirSync(path.dirname(outDir), { recursive: true });
    const lock = LockFile.acquire(`${outDir}${LOCK_MARK}`);
    return lock instanceof LockFile ? new OutputLock(lock) : { heldBy: lock.heldBy.pid };
  }

  /** Lets the next build in. */
  release(): void {
    this.lock.release();
  }
}

/** An output being written by one build: its writer, and the lock that keeps other builds out. */
export class OpenOutput {
  constructor(
    /** Where the render's files go. */
    readonly output: OutputWriter,
    private readonly lock: OutputLock,
  ) {}

  /** Drops what was written unless it was committed, and lets the next build in. */
  async close(): Promise<void> {
    try {
      await this.output.abort(); // no-op after the commit
    } finally {
      this.lock.release();
    }
  }
}

/**
 * Opens `outDir` for one build: takes its lock (or returns the live process holding it) and starts the
 * writer thread, which first repairs what a killed build left. File-system failures are thrown.
 */
export async function openOutput(outDir: string, options: { retain?: (file: string) => boolean } = {}): Promise<OpenOutput | { heldBy: number }> {
  const lock = OutputLock.acquire(outDir);
  if (!(lock instanceof OutputLock)) return lock;
  try {
    return new OpenOutput(await OutputWriter.open(outDir, options), lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Puts back an output folder that a killed build left renamed away, finishes a commit it left half done, and removes temporary leftovers; safe to call anytime. */
export async function recoverOutput(outDir: string): Promise<void> {
  await recoverLeftovers(path.dirname(outDir), path.basename(outDir), outDir);
}

async function recoverLeftovers(parent: string, base: string, outDir: string): Promise<void> {
  const journal = readJournal(outDir);
  if (journal) applyJournal(outDir, journal);
  rmSync(journalPath(outDir), { force: true });
  rmSync(`${journalPath(outDir)}.tmp`, { force: true });
  const entries = await readdir(parent).catch(() => [] as string[]);
  const outputExists = Boolean(await lstat(outDir).catch(() => undefined));
  let restored = outputExists;
  for (const name of entries.sort()) {
    if (!name.startsWith(base)) continue;
    const rest = name.slice(base.length);
    const full = path.join(parent, name);
    if (rest.startsWith(OLD_MARK) && !restored) {
      await rename(full, outDir);
      restored = true;
    } else if (rest.startsWith(TEMP_MARK) || rest.startsWith(OLD_MARK)) {
      await rm(full, { recursive: true, force: true });
    }
  }
}

/**
 * Replaces `outDir` with exactly `files` in one go (for callers that have every file in hand): the same
 * staging, commit and recovery as a build's streaming writer.
 */
export async function writeOutput(outDir: string, files: OutputFiles): Promise<{ written: number; unchanged: number }> {
  const writer = await OutputWriter.open(outDir);
  try {
    for (const [file, content] of files) writer.files.set(file, content);
    const { written, unchanged } = await writer.commit();
    return { written, unchanged };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Refuses output folders whose replacement would destroy sources: the working folder, its parents, or folders holding content or templates. */
export function checkOutputLocation(outDir: string, protectedPaths: readonly string[]): OutputLocationProblem | undefined {
  const out = path.resolve(outDir);
  if (out === path.parse(out).root) return { kind: 'root', folder: out };
  for (const item of protectedPaths) {
    const resolved = path.resolve(item);
    const relative = path.relative(out, resolved);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      return { kind: 'contains', folder: outDir, source: resolved };
    }
  }
  return undefined;
}
