import { ChunkBuilder, ChunkedFile, DIRECT_CHUNK, type FileSink, type Piece, type ReusedFile } from '../output/files.js';
import type { OutputReuse } from '../incremental/output-reuse.js';
import type { EmittedPage, FileSpec, Input, PageSpec, PieceList, PiecesSpec, RenderContext } from './context.js';
import type { TemplateSet } from './templates.js';

/** What the emitter writes into and decides with. */
export interface EmitterOptions {
  files: FileSink;
  /** Every page emitted, in order (RenderContext.pages). */
  pages: EmittedPage[];
  /** Every file made rather than kept from the previous output, in order (RenderStats.made). */
  made: string[];
  templates: TemplateSet;
  wants: (file: string) => boolean;
  reuse: OutputReuse;
}

/** The pieces of a file that is not made: whatever they are given is dropped. */
const IGNORED_PIECES: PieceList = { add() {}, close() {} };

/**
 * The render context's `emit` and `emitPieces`: the one place that checks whether a file is wanted,
 * keeps the previous build's file when it was made from the same inputs, keys what it makes for the
 * next build, and records pages.
 */
export function createEmitter({ files, pages, made, templates, wants, reuse }: EmitterOptions): Pick<RenderContext, 'emit' | 'emitPieces'> {
  /** The previous build's file, when `keyedBy` is given and it was made from the same; sets it in the output. */
  function kept(file: string, keyedBy: Iterable<Input> | undefined): ReusedFile | undefined {
    const key = keyedBy && reuse.key(file, keyedBy);
    const previous = key === undefined ? undefined : reuse.keep(file, key);
    if (previous) files.set(file, previous);
    return previous;
  }
  function emitPage(file: string, spec: PageSpec): void {
    const { template, lang, keyedBy, produce, versions, unlisted, lastModified, ...rest } = spec;
    if (wants(file) && !kept(file, keyedBy)) {
      const { view, page } = produce();
      // A page whose view (and every site-wide input) is the same as last time has the same bytes: the
      // previous file is kept instead of rendering it again.
      const key = keyedBy ? undefined : reuse.viewKey(file, template, lang, view, page);
      const previous = key === undefined ? undefined : reuse.keep(file, key);
      if (!previous) made.push(file);
      files.set(file, previous ?? templates.render(template, lang, view, page));
    }
    pages.push({ file, lang, template, versions: versions ?? {}, ...(unlisted ? { unlisted: true } : {}), ...(lastModified ? { lastModified } : {}), ...rest });
  }
  /** A file of keyed pieces that is wanted: kept whole, or assembled piece by piece (copying unchanged pieces). */
  function pieceList(file: string, spec: PiecesSpec): PieceList {
    const key = reuse.key(file, spec.keyedBy);
    const previous = key === undefined ? undefined : reuse.keep(file, key);
    if (previous) {
      files.set(file, previous);
      return IGNORED_PIECES;
    }
    made.push(file);
    const known = key === undefined ? new Map<string, Uint8Array>() : reuse.pieces(file);
    // Pieces are joined into chunks of about a megabyte as they come: the file is never held as objects
    // or as one giant string.
    const body = new ChunkBuilder();
    const pieces: Piece[] = [];
    let count = 0;
    // Unchanged pieces in a row are one view of the previous file (with the separators between them):
    // a rebuild after one edit hands the writer a few large views instead of copying the whole list.
    let run: Uint8Array | undefined;
    /** The previous file's buffer, when views of it go to the writer uncopied (it was read for this file alone). */
    const movable = new Set<ArrayBuffer>();
    const endRun = () => {
      if (!run) return;
      body.push(run);
      if (run.byteLength >= DIRECT_CHUNK && run.buffer instanceof ArrayBuffer) movable.add(run.buffer);
      run = undefined;
    };
    return {
      add(keyedBy, produce) {
        const pieceKey = key === undefined ? undefined : reuse.key(`${file}#piece`, keyedBy);
        const previous = pieceKey === undefined ? undefined : known.get(pieceKey);
        const offset = body.length + (run?.byteLength ?? 0) + (count > 0 ? spec.separator.byteLength : 0);
        let length: number;
        if (previous && run && follows(run, previous, spec.separator)) {
          run = new Uint8Array(run.buffer, run.byteOffset, previous.byteOffset + previous.byteLength - run.byteOffset);
          length = previous.byteLength;
        } else {
          endRun();
          if (count > 0) body.push(spec.separator);
          if (previous) run = previous;
          else body.push(produce());
          length = previous ? previous.byteLength : body.length - offset;
        }
        if (pieceKey !== undefined) pieces.push({ key: pieceKey, offset, length });
        count += 1;
      },
      close(frame) {
        endRun();
        const { opening, closing } = frame();
        files.set(file, new ChunkedFile([opening, ...body.finish(), closing], [...movable]));
        if (key !== undefined) reuse.recordPieces(file, pieces.map((piece) => ({ ...piece, offset: piece.offset + opening.byteLength })));
      },
    };
  }

  return {
    emit(file: string, spec: FileSpec | PageSpec) {
      if ('template' in spec) emitPage(file, spec);
      else if (wants(file)) files.set(file, kept(file, spec.keyedBy) ?? (made.push(file), spec.produce()));
    },
    emitPieces(file, spec) {
      return wants(file) ? pieceList(file, spec) : IGNORED_PIECES;
    },
  };
}

/** True when `next` directly follows `run` in the same buffer, with exactly `separator` between them. */
function follows(run: Uint8Array, next: Uint8Array, separator: Uint8Array): boolean {
  if (run.buffer !== next.buffer || run.byteOffset + run.byteLength + separator.byteLength !== next.byteOffset) return false;
  const between = new Uint8Array(run.buffer, run.byteOffset + run.byteLength, separator.byteLength);
  return between.every((byte, index) => byte === separator[index]);
}
