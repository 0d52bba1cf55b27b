import { hash } from 'node:crypto';
import type { Piece, ReusedFile } from '../output/files.js';
import type { PreviousOutput } from './previous-output.js';

/** Something an output file is made from: an incident (its key stands for its files) or a text (a place in a listing, a count). */
export type OutputInput = string | { readonly slug: string };

/**
 * Which of the previous build's output files can be kept: a file is keyed by what it is made from
 * (its inputs, with every site-wide input) and kept when the previous build recorded the same key for
 * it and the file is untouched. Keys given out are remembered for the next build. `none()` keeps nothing.
 */
export class OutputReuse {
  private constructor(
    private readonly previous: PreviousOutput | undefined,
    /** Hash of every site-wide input: kokuchi's code, the templates, the configuration, the services. */
    private readonly siteKey: string,
    /** Per incident slug: a hash of its files and of the site-wide inputs. */
    private readonly incidentKeys: ReadonlyMap<string, string>,
  ) {}

  /** Keeps nothing (no cache, the dev server, tests). */
  static none(): OutputReuse {
    return new OutputReuse(undefined, '', new Map());
  }

  /** Reuse of `previous`, with the site-wide key and the incidents' keys. */
  static of(previous: PreviousOutput, siteKey: string, incidentKeys: ReadonlyMap<string, string>): OutputReuse {
    return new OutputReuse(previous, siteKey, incidentKeys);
  }

  /** The key of `file` made from `inputs`; undefined when nothing is kept or an incident has no key. */
  key(file: string, inputs: Iterable<OutputInput>): string | undefined {
    if (!this.previous) return undefined;
    // One text, hashed at once (the same digest as hashing the parts in turn, with fewer calls).
    let text = `${this.siteKey}\0${file}`;
    for (const input of inputs) {
      const part = typeof input === 'string' ? input : this.incidentKeys.get(input.slug);
      if (part === undefined) return undefined;
      text += `\0${part}`;
    }
    return hash('sha256', text);
  }

  /** The key of a page made from its view alone (template, language, the template's and the layout's view). */
  viewKey(file: string, template: string, lang: string, view: object, page: object): string | undefined {
    if (!this.previous) return undefined;
    return hash('sha256', `${this.siteKey}\0${template}\0${lang}\0${file}\0${JSON.stringify(view)}\0${JSON.stringify(page)}`);
  }

  /** The previous build's `file` when it has `key` and is untouched; the key is remembered either way. */
  keep(file: string, key: string): ReusedFile | undefined {
    return this.previous?.reuse(file, key);
  }

  /** The previous build's file whose name `accepts`, kept under `key` and untouched (a hashed asset, whose name is not known before it is made). */
  keepNamed(key: string, accepts: (file: string) => boolean): { file: string; content: ReusedFile } | undefined {
    return this.previous?.reuseNamed(key, accepts);
  }

  /** The pieces of the previous build's `file` by key (a file kept under a key, assembled from keyed pieces). */
  pieces(file: string): Map<string, Uint8Array> {
    return this.previous?.pieces(file) ?? new Map();
  }

  /** Records how the new `file` is assembled from keyed pieces, for the next build. */
  recordPieces(file: string, pieces: readonly Piece[]): void {
    this.previous?.recordPieces(file, pieces);
  }
}
