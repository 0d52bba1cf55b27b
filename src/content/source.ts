import type { DiagnosticCollector } from '../diagnostics.js';

/** A content file as read from disk, before decoding. */
export interface RawSource {
  /** Path shown to the user (relative to the working directory, `/` separators). */
  path: string;
  /** The file's bytes (left empty by readers when the file is over {@link MAX_FILE_BYTES}). */
  bytes: Uint8Array;
  /** Size on disk in bytes, when it differs from `bytes.length` because the file was not read. */
  size?: number;
  /**
   * SHA-256 (hex) of the bytes, when known. A file found unchanged by the build's file index is not
   * read at all: it has its digest and empty `bytes`, and `unread` is set.
   */
  digest?: string;
  unread?: true;
}

/** A decoded content file: UTF-8 text with any BOM removed and CRLF turned into LF. */
export interface SourceText {
  path: string;
  text: string;
}

/** Largest content file accepted, in bytes. Incident records are a few kilobytes; this stops runaway files early. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a file as UTF-8, reporting empty, oversized, UTF-16 and invalid files; returns undefined when unusable. */
export function decodeSource(source: RawSource, diagnostics: DiagnosticCollector): SourceText | undefined {
  const { bytes, path } = source;
  const start = { line: 1, column: 1 };
  const size = source.size ?? bytes.length;
  if (size > MAX_FILE_BYTES) {
    diagnostics.report(path, start, 'file-too-large', { size: formatSize(size), limit: formatSize(MAX_FILE_BYTES) });
    return undefined;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    diagnostics.report(path, start, 'encoding', 'utf-16');
    return undefined;
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, nul)).replace(/^\uFEFF/u, '').replace(/\r\n?/g, '\n');
    diagnostics.report(path, positionOfOffset(prefix, prefix.length), 'encoding', looksLikeUtf16(bytes) ? 'nul-utf-16' : 'nul');
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const position = firstInvalidUtf8(bytes);
    diagnostics.report(path, position, 'encoding', 'not-utf-8');
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  const forbidden = findForbiddenCharacter(text);
  if (forbidden !== undefined) {
    diagnostics.report(path, positionOfOffset(text, forbidden), 'invalid-character', text.codePointAt(forbidden)!);
    return undefined;
  }
  if (text.trim() === '') {
    diagnostics.report(path, start, 'empty-file');
    return undefined;
  }
  return { path, text };
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Every UTF-16 unit that can start a match of FORBIDDEN_CHARACTER (surrogates stand for the astral
 * noncharacters and for lone surrogates). Without the `u` flag and lookarounds this scans text many
 * times faster, and text without any of these units cannot hold a forbidden character.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CANDIDATE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]/;


/**
 * Offset of the first character that an HTML page cannot carry (control characters other than tab,
 * line feed, form feed and carriage return; noncharacters; unpaired surrogates), or undefined.
 */
export function findForbiddenCharacter(text: string): number | undefined {
  if (!FORBIDDEN_CANDIDATE.test(text)) return undefined;
  const match = FORBIDDEN_CHARACTER.exec(text);
  return match ? match.index : undefined;
}

/** 1-based line and column (UTF-16 units) of a character offset. */
export function positionOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** True when the first bytes have a zero in one half of most pairs, as UTF-16 text in a Latin script has. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const pairs = Math.min(256, Math.floor(bytes.length / 2));
  let zeros = 0;
  for (let index = 0; index < pairs; index += 1) if ((bytes[index * 2] === 0) !== (bytes[index * 2 + 1] === 0)) zeros += 1;
  return pairs > 0 && zeros >= pairs / 4;
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let valid = length > 0 && index + length <= bytes.length;
    for (let next = 1; valid && next < length; next += 1) valid = (bytes[index + next]! & 0xc0) === 0x80;
    if (!valid) break;
    index += length;
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, index)).replace(/\r\n?/g, '\n');
  return positionOfOffset(prefix, prefix.length);
}

/** `4 MiB`, `4.5 MiB`, or the bytes when one decimal would hide the difference (never "4.0 MiB, over the limit of 4 MiB"). */
function formatSize(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const rounded = mib.toFixed(1);
  return rounded.endsWith('.0') ? `${bytes} bytes` : `${rounded} MiB`;
}
