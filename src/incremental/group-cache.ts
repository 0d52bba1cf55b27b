import { createHash, hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ContentConfiguration, GroupResult } from '../content/load.js';
import type { Incident, StatusMark } from '../model.js';
import type { RawSource } from '../content/source.js';
import type { ProcessedGroup } from '../load/process-group.js';
import { openSealedJson, sealJson } from './sealed-json.js';

export const CACHE_FILE = 'groups.v5.log';
/** Where each record of the log lies, written after the log by each save: opening reads it instead of scanning the log. */
export const DIRECTORY_FILE = 'groups.v5.dir.json';
const MAGIC = Buffer.from('kokuchi-groups-5\n');
/** Cache files of earlier formats, removed when the log is rewritten. */
const OLD_FILES = ['groups.v1.bin', 'groups.v2.log', 'groups.v3.log', 'groups.v4.log'];
/** Bytes of a record header: key length, value length, and the digest of both and of the key. */
const RECORD_HEADER = 16;
/** Bytes of a value's header: the lengths of its first two parts and the digest of each of its three parts. */
const VALUE_HEADER = 8 + 3 * 16;

/** The first `length` bytes of the SHA-256 of `parts`: what every part of the log is checked against. */
function digestOf(length: number, ...parts: Uint8Array[]): Buffer {
  // One part (most calls): the one-shot hash, several times faster than a Hash object for small inputs.
  if (parts.length === 1) return hash('sha256', parts[0]!, 'buffer').subarray(0, length);
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest().subarray(0, length);
}

/**
 * The fields of an incident that hold its text (the bulk of it). A cached incident's other fields are
 * decoded at once — they are all that listings, feeds and keys look at — and these on first use, which
 * a rebuild reusing an incident's pages never makes.
 */
const TEXT_FIELDS = ['impact', 'summary', 'rootCause', 'nextSteps', 'updates', 'links', 'sources'] as const satisfies readonly (keyof Incident)[];

/** A cached group: its result decoded, the HTML of its Markdown only when asked for (most rebuilds reuse most pages). */
export interface CachedGroup {
  result: GroupResult;
  html: () => [string, string][];
}

/**
 * The persistent build cache: processed groups keyed by a hash of everything that decides them —
 * kokuchi's version, the configuration, the service catalog and each file's path and bytes. A hit
 * is therefore exactly what processing would give; a miss costs only the processing. Deleting the
 * folder is always safe.
 *
 * On disk it is a log of records (key, then the V8-serialized group without its HTML and the HTML
 * apart, so that either can be decoded alone): a build appends the groups it processed,
 * and rewrites the log without unused records only once they make up half of it. Records are decoded
 * only when asked for; a truncated or damaged record counts as a miss.
 */
export class GroupCache {
  /** Where each key's newest record value lies in the log. */
  private readonly stored: Map<string, Extent>;
  /** Keys asked for (hits) or set by this run. */
  private readonly used = new Set<string>();
  /** Records set by this run (serialized only while they are written, one at a time). */
  private readonly fresh = new Map<string, ProcessedGroup>();

  private constructor(
    private readonly directory: string | undefined,
    private readonly log: LogReader | undefined,
    stored: Map<string, Extent>,
    /** Records in the log file, including ones superseded by a later record of the same key. */
    private readonly logRecords: number,
    /** Where the last whole record ends: appending is safe only while the file is exactly this long. */
    private readonly logEnd: number,
  ) {
    this.stored = stored;
  }

  /** A cache that remembers nothing (for `--no-cache`). */
  static disabled(): GroupCache {
    return new GroupCache(undefined, undefined, new Map(), 0, 0);
  }

  /**
   * Opens the cache in `directory`; an unreadable or foreign cache file counts as empty. Only the
   * records' headers are read now; a record's parts are read from the file when decoded (a rebuild
   * needs a small part of a log of tens of MB). Call `close` once nothing decodes any more.
   */
  static async open(directory: string): Promise<GroupCache> {
    const log = LogReader.open(path.join(directory, CACHE_FILE));
    const known = log && (await readDirectory(directory, log));
    if (log && known) return new GroupCache(directory, log, known.stored, known.records, log.size);
    const stored = new Map<string, Extent>();
    let records = 0;
    let offset = 0;
    if (log && log.size >= MAGIC.length && log.read(0, MAGIC.length).equals(MAGIC)) {
      offset = MAGIC.length;
      while (offset + RECORD_HEADER <= log.size) {
        // One small read gives the lengths and the key.
        const window = log.read(offset, Math.min(SCAN_WINDOW, log.size - offset), true);
        const keyLength = window.readUInt32LE(0);
        const valueLength = window.readUInt32LE(4);
        const end = offset + RECORD_HEADER + keyLength + valueLength;
        if (keyLength > 1024 || end > log.size) break; // a record cut short by a killed build, or a damaged length
        const keyBytes = Buffer.from(RECORD_HEADER + keyLength <= window.length ? window.subarray(RECORD_HEADER, RECORD_HEADER + keyLength) : log.read(offset + RECORD_HEADER, keyLength, true));
        // A damaged header (a flipped length or key byte) ends the readable log: what follows is rebuilt.
        if (!digestOf(8, window.subarray(0, 8), keyBytes).equals(window.subarray(8, 16))) break;
        stored.set(keyBytes.toString('latin1'), { offset: offset + RECORD_HEADER + keyLength, length: valueLength });
        records += 1;
        offset = end;
      }
    }
    // A cut-short record at the end (or a foreign file) makes logEnd differ from the size: the next save rewrites.
    return new GroupCache(directory, log, stored, log && offset === log.size ? records : 0, offset);
  }

  /** The cached result for a key, if any, with its texts and HTML decoded (see `entry` for `remake`). */
  get(key: string, remake?: () => GroupResult): ProcessedGroup | undefined {
    const entry = this.entry(key, remake);
    if (!entry) return undefined;
    const { incident, ...rest } = entry.result;
    return { ...rest, ...(incident ? { incident: { ...incident } } : {}), html: entry.html() };
  }

  /**
   * The cached result for a key, if any; the incident's texts are read (and checked) when first used,
   * the HTML only when asked for. A record whose head is damaged is a miss. Texts found damaged when
   * first read come from `remake` instead (processing the group's files again, which are the ones the
   * key was made from); without it they throw. Undecodable HTML reads as none, which the render then
   * makes again from the texts.
   */
  entry(key: string, remake?: () => GroupResult): CachedGroup | undefined {
    const extent = this.stored.get(key);
    if (!extent || !this.log || extent.length < VALUE_HEADER) return undefined;
    const log = this.log;
    let result: GroupResult;
    let texts: Extent;
    let html: Extent;
    let digests: Buffer;
    try {
      // One read gives the value's header and, for all but unusually large heads, the head itself.
      let start = log.read(extent.offset, Math.min(extent.length, VALUE_HEADER + HEAD_GUESS), true);
      const headLength = start.readUInt32LE(0);
      if (VALUE_HEADER + headLength > extent.length) throw new RangeError('record too short');
      if (VALUE_HEADER + headLength > start.length) start = log.read(extent.offset, VALUE_HEADER + headLength);
      digests = Buffer.from(start.subarray(24, 56));
      texts = { offset: extent.offset + VALUE_HEADER + headLength, length: start.readUInt32LE(4) };
      html = { offset: texts.offset + texts.length, length: extent.offset + extent.length - texts.offset - texts.length };
      if (html.length < 0) throw new RangeError('record too short');
      // The head is checked against its digest before it is decoded: a damaged or foreign record is a
      // miss (rebuilt from the content), never text on a page or a crash.
      const head = start.subarray(VALUE_HEADER, VALUE_HEADER + headLength);
      if (!digestOf(16, head).equals(start.subarray(8, 24))) throw new RangeError('damaged record');
      result = deserialize(head) as GroupResult;
      if (result.incident?.statusMarks) result.incident.statusMarks = unpackMarks(result.incident.statusMarks as unknown as PackedMarks);
    } catch {
      this.stored.delete(key);
      return undefined;
    }
    if (result.incident) {
      attachTexts(result.incident, () => {
        // The texts, the bulk of a record, are checked when first read (a rebuild that keeps an
        // incident's pages never reads them): damaged, they are made again from the content.
        try {
          const bytes = log.read(texts.offset, texts.length, true);
          if (digestOf(16, bytes).equals(digests.subarray(0, 16))) return deserialize(bytes) as IncidentTexts;
        } catch (error) {
          if (log.closed) throw error;
        }
        const incident = remake?.().incident;
        if (!incident) throw new Error('a damaged build cache record could not be made again');
        return Object.fromEntries(TEXT_FIELDS.map((field) => [field, incident[field]])) as unknown as IncidentTexts;
      });
    }
    this.used.add(key);
    return {
      result,
      html: () => {
        try {
          const bytes = log.read(html.offset, html.length, true);
          if (!digestOf(16, bytes).equals(digests.subarray(16, 32))) return [];
          return deserialize(bytes) as [string, string][];
        } catch {
          return [];
        }
      },
    };
  }

  /** Lets go of the log file: nothing read from the cache may be decoded afterwards. */
  close(): void {
    this.log?.close();
  }

  /** Stores a result. */
  set(key: string, value: ProcessedGroup): void {
    if (!this.directory) return;
    this.used.add(key);
    this.fresh.set(key, value);
  }

  /**
   * Appends this run's new records; rewrites the log with only the records used by this run when
   * unused ones would make up more than half of it. Either way the file is never left half-valid:
   * an append cut short is ignored by the next open, and a rewrite replaces the file with a rename.
   */
  async save(): Promise<void> {
    if (!this.directory) return;
    try {
      const newKeys = [...this.fresh.keys()].filter((key) => !this.stored.has(key));
      const total = this.logRecords + newKeys.length;
      const compact = this.logRecords === 0 || total > 2 * this.used.size;
      if (!compact && newKeys.length === 0) return;
      await mkdir(this.directory, { recursive: true });
      const target = path.join(this.directory, CACHE_FILE);
      if (!compact && (await stat(target).catch(() => undefined))?.size === this.logEnd) {
        const written = await writeRecords(target, 'a', newKeys.map((key) => [key, () => encodeGroup(this.fresh.get(key)!)]), this.logEnd);
        await writeDirectory(this.directory, target, new Map([...this.stored, ...written]), this.logRecords + written.length);
        return;
      }
      const temp = `${target}.${process.pid}.tmp`;
      const records: [string, () => Buffer][] = [];
      for (const key of [...this.used].sort()) {
        const fresh = this.fresh.get(key);
        const stored = this.stored.get(key);
        if (fresh) records.push([key, () => encodeGroup(fresh)]);
        else if (stored && this.log) records.push([key, () => this.log!.read(stored.offset, stored.length)]);
      }
      try {
        const written = await writeRecords(temp, 'w', records, 0, MAGIC);
        await rename(temp, target);
        await writeDirectory(this.directory, target, new Map(written), written.length);
        for (const old of OLD_FILES) await rm(path.join(this.directory, old), { force: true });
      } catch {
        await rm(temp, { force: true });
      }
    } finally {
      // This run's groups are not needed any more: let them go before the render.
      this.fresh.clear();
    }
  }
}

/**
 * Writes records one at a time (each serialized just before it is written), appending at `offset` or
 * replacing; returns where each record's value went.
 */
async function writeRecords(file: string, flags: 'a' | 'w', records: [string, () => Buffer][], offset: number, header?: Buffer): Promise<[string, Extent][]> {
  const handle = await open(file, flags);
  const written: [string, Extent][] = [];
  let end = offset;
  try {
    if (header) {
      await handle.write(header);
      end += header.length;
    }
    for (const [key, value] of records) {
      const parts = encodeRecord(key, value());
      await handle.writev(parts);
      written.push([key, { offset: end + parts[0]!.length + parts[1]!.length, length: parts[2]!.length }]);
      end += parts[0]!.length + parts[1]!.length + parts[2]!.length;
    }
  } finally {
    await handle.close();
  }
  return written;
}

/** The log file a directory describes: a log appended to or replaced since has another size, time or inode. */
interface LogIdentity {
  size: number;
  /** Rounded to the millisecond. */
  mtimeMs: number;
  ino: number;
}

interface DirectoryFile {
  version: 1;
  log: LogIdentity;
  /** Records in the log, superseded ones included. */
  records: number;
  /** Key, value offset and value length of each key's newest record. */
  entries: [string, number, number][];
}

/**
 * Records where each record of the log lies, for the log as it is now. Written after the log: a build
 * killed in between leaves a directory of another log, which is ignored.
 */
async function writeDirectory(directory: string, logFile: string, stored: ReadonlyMap<string, Extent>, records: number): Promise<void> {
  const target = path.join(directory, DIRECTORY_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    const info = await stat(logFile);
    const file: DirectoryFile = { version: 1, log: { size: info.size, mtimeMs: Math.round(info.mtimeMs), ino: info.ino }, records, entries: [...stored].map(([key, extent]) => [key, extent.offset, extent.length]) };
    await writeFile(temp, sealJson(file));
    await rename(temp, target);
  } catch {
    await rm(temp, { force: true });
  }
}

/** The directory of the open log, when the one on disk describes exactly this log (else the log is scanned). */
async function readDirectory(directory: string, log: LogReader): Promise<{ stored: Map<string, Extent>; records: number } | undefined> {
  let file: DirectoryFile | undefined;
  try {
    file = openSealedJson(await readFile(path.join(directory, DIRECTORY_FILE), 'utf8')) as DirectoryFile | undefined;
  } catch {
    return undefined;
  }
  const identity = log.identity;
  if (file?.version !== 1 || file.log.size !== identity.size || file.log.mtimeMs !== identity.mtimeMs || file.log.ino !== identity.ino) return undefined;
  const stored = new Map<string, Extent>();
  for (const [key, offset, length] of file.entries) {
    if (offset + length > identity.size) return undefined;
    stored.set(key, { offset, length });
  }
  return { stored, records: file.records };
}

/** A byte range of the log. */
interface Extent {
  offset: number;
  length: number;
}

/** Bytes read at once from the start of a record (its lengths and key, a hash) when the log is opened. */
const SCAN_WINDOW = 128;
/** Bytes read at once from the start of a record value when it is looked up: its header and, usually, its whole head. */
const HEAD_GUESS = 4096;
/** Shared by reads whose bytes are decoded at once and not kept. */
const SCRATCH = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * Reads parts of the log file by position. The file stays open until `close`: a rewrite of the log
 * (a rename over it) leaves this open file as it was, so positions stay right for the whole build.
 */
class LogReader {
  private isClosed = false;

  private constructor(
    private readonly fd: number,
    /** The file as opened (its size is the log's). */
    readonly identity: LogIdentity,
  ) {}

  get size(): number {
    return this.identity.size;
  }

  /** True once `close` was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  static open(file: string): LogReader | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const { size, mtimeMs, ino } = fstatSync(fd);
      return new LogReader(fd, { size, mtimeMs: Math.round(mtimeMs), ino });
    } catch {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
  }

  /** Bytes at `offset`; with `transient`, in a buffer shared by the next transient read (for bytes decoded at once). */
  read(offset: number, length: number, transient = false): Buffer {
    // After close the descriptor number may belong to another file: refuse rather than read it.
    if (this.isClosed) throw new Error('the build cache was read after it was closed');
    const bytes = transient && length <= SCRATCH.length ? SCRATCH.subarray(0, length) : Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const count = readSync(this.fd, bytes, done, length - done, offset + done);
      if (count === 0) throw new RangeError('the cache file ended early');
      done += count;
    }
    return bytes;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    closeSync(this.fd);
  }
}

/**
 * A group's record value: the byte lengths of the next two parts, the result without the incident's
 * text fields, those fields, then the HTML — each serialized on its own so that each can be decoded alone.
 */
function encodeGroup(group: ProcessedGroup): Buffer {
  const { html, incident, ...rest } = group;
  let head: Buffer;
  let texts: Buffer;
  if (incident) {
    const fields: Record<string, unknown> = { ...incident };
    const textFields: Record<string, unknown> = {};
    for (const field of TEXT_FIELDS) {
      textFields[field] = fields[field];
      delete fields[field];
    }
    if (incident.statusMarks) fields.statusMarks = packMarks(incident.statusMarks);
    head = serialize({ ...rest, incident: fields });
    texts = serialize(textFields);
  } else {
    head = serialize(rest);
    texts = Buffer.alloc(0);
  }
  const htmlBytes = serialize(html);
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32LE(head.length, 0);
  lengths.writeUInt32LE(texts.length, 4);
  return Buffer.concat([lengths, digestOf(16, head), digestOf(16, texts), digestOf(16, htmlBytes), head, texts, htmlBytes]);
}

/** An incident's text fields (see TEXT_FIELDS). */
type IncidentTexts = Pick<Incident, (typeof TEXT_FIELDS)[number]>;

/** Per cached incident: how to read its texts, and once read, the texts. */
const TEXTS = new WeakMap<object, { read: () => IncidentTexts; texts?: IncidentTexts }>();

/** The text fields' getters, shared by every cached incident (each finds its own texts in TEXTS). */
const TEXT_GETTERS: PropertyDescriptorMap = Object.fromEntries(
  TEXT_FIELDS.map((field) => [
    field,
    {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const slot = TEXTS.get(this)!;
        slot.texts ??= slot.read();
        return slot.texts[field];
      },
    },
  ]),
);

/**
 * Status marks in a head as one flat array (instant, status, instant, status …): every build decodes
 * every cached head, and an array of numbers and strings decodes several times faster than as many
 * small objects, whose property names the decoder looks up one by one.
 */
type PackedMarks = (number | string)[];

function packMarks(marks: readonly StatusMark[]): PackedMarks {
  const packed: PackedMarks = [];
  for (const mark of marks) packed.push(mark.atMs, mark.status);
  return packed;
}

/** The head was checked against its digest, and its key names this code: the array is as packMarks wrote it. */
function unpackMarks(packed: PackedMarks): StatusMark[] {
  const marks: StatusMark[] = [];
  for (let index = 0; index < packed.length; index += 2) marks.push({ atMs: packed[index] as number, status: packed[index + 1] as string });
  return marks;
}

/** Gives a cached incident its text fields, read and decoded by `read` when one of them is first read. */
function attachTexts(incident: Incident, read: () => IncidentTexts): void {
  TEXTS.set(incident, { read });
  Object.defineProperties(incident, TEXT_GETTERS);
}

function encodeRecord(key: string, value: Buffer): Buffer[] {
  const header = Buffer.alloc(RECORD_HEADER);
  const keyBytes = Buffer.from(key, 'latin1');
  header.writeUInt32LE(keyBytes.length, 0);
  header.writeUInt32LE(value.length, 4);
  digestOf(8, header.subarray(0, 8), keyBytes).copy(header, 8);
  return [header, keyBytes, value];
}

/** Fingerprint of what every group depends on besides its own files. */
export function configurationFingerprint(version: string, configuration: ContentConfiguration): string {
  const services = configuration.services ? [...configuration.services.values()] : null;
  return hash('sha256', JSON.stringify({ version, config: configuration.config, services }));
}

/** SHA-256 (hex) of a content file's bytes, computed once (or known from the file index). */
export function fileDigest(file: RawSource): string {
  file.digest ??= hash('sha256', file.bytes);
  return file.digest;
}

/** Cache key of one group. */
export function groupKey(fingerprint: string, group: readonly RawSource[]): string {
  // One text, hashed at once (the same digest as hashing the parts in turn, with fewer calls).
  let text = fingerprint;
  for (const file of group) text += `\0${file.path}\0${fileDigest(file)}`;
  return hash('sha256', text);
}
