import { readFileSync } from 'node:fs';

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
  constructor(
    readonly chunks: readonly Uint8Array[],
    /** Buffers that only these chunks use (views of a previous file read for this one): they may move to the writer without a copy. */
    readonly movable: readonly ArrayBuffer[] = [],
  ) {}

  /** The whole file, for consumers that need it in one piece. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A keyed piece of an output file: its byte offset and length. */
export interface Piece {
  key: string;
  offset: number;
  length: number;
}

/** The content of an output file: text, bytes, UTF-8 chunks, or the previous build's file. */
export type FileContent = string | Uint8Array | ChunkedFile | ReusedFile;

/** The built site: output path → file content. */
export type SiteFiles = Map<string, FileContent>;

/** Where a render puts its files: a map (the dev server, tests) or the build's streaming writer. */
export interface FileSink {
  set(file: string, content: FileContent): unknown;
  has(file: string): boolean;
  /** The content of a file set earlier, if the sink kept it. */
  get(file: string): FileContent | undefined;
  readonly size: number;
}

/** Bytes pushed to a ChunkBuilder that become a chunk of their own, not copied. */
export const DIRECT_CHUNK = 1 << 18;

/** Joins many small byte arrays into chunks of about a megabyte (thousands of tiny chunks cost more to hand to the writer than to copy). */
export class ChunkBuilder {
  private readonly chunks: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Bytes pushed so far. */
  length = 0;

  /** Adds bytes at the end; bytes of a quarter megabyte or more become a chunk of their own, not copied (they must not change afterwards). */
  push(bytes: Uint8Array): void {
    if (bytes.byteLength >= DIRECT_CHUNK) {
      this.seal();
      this.chunks.push(bytes);
      this.length += bytes.byteLength;
      return;
    }
    this.pending.push(bytes);
    this.pendingLength += bytes.byteLength;
    this.length += bytes.byteLength;
    if (this.pendingLength >= 1 << 20) this.seal();
  }

  /** The chunks, the last one sealed. */
  finish(): Uint8Array[] {
    this.seal();
    return this.chunks;
  }

  private seal(): void {
    if (this.pending.length > 0) this.chunks.push(Buffer.concat(this.pending, this.pendingLength));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** The text of an output file, whatever form it has (a file kept from the previous build is read). */
export function fileText(content: FileContent): string {
  if (content instanceof ReusedFile) return readFileSync(content.from, 'utf8');
  if (content instanceof ChunkedFile) return content.bytes().toString('utf8');
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

/** The content of an output file as text or bytes, in memory (a file kept from the previous build is read). */
export function fileInMemory(content: FileContent): string | Uint8Array {
  if (content instanceof ChunkedFile) return content.bytes();
  return content instanceof ReusedFile ? readFileSync(content.from) : content;
}
