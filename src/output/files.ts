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
