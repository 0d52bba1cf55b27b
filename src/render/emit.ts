import { ChunkBuilder, ChunkedFile, type FileSink, type Piece, type ReusedFile } from '../output/files.js';
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
    return {
      add(keyedBy, produce) {
        const pieceKey = key === undefined ? undefined : reuse.key(`${file}#piece`, keyedBy);
        const bytes = (pieceKey === undefined ? undefined : known.get(pieceKey)) ?? produce();
        if (count > 0) body.push(spec.separator);
        if (pieceKey !== undefined) pieces.push({ key: pieceKey, offset: body.length, length: bytes.byteLength });
        body.push(bytes);
        count += 1;
      },
      close(frame) {
        const { opening, closing } = frame();
        files.set(file, new ChunkedFile([opening, ...body.finish(), closing]));
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
