import type { DiagnosticCollector } from '../diagnostics.js';

/** A content file as read from disk, before decoding. */
export interface RawSource {
  /** Path shown to the user (relative to the working directory, `/` separators). */
  path: string;
  /** The file's bytes (left empty by readers when the file is over {@link MAX_FILE_BYTES}). */
  bytes: Uint8Array;
  /** Size on disk in bytes, when it differs from `bytes.length` because the file was not read. */
  size?: number;
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
    diagnostics.error(
      path,
      start,
      'file-too-large',
      `the file is ${formatSize(size)}, over the limit of ${formatSize(MAX_FILE_BYTES)} for one content file`,
      'split the record or move large material out of content/',
    );
    return undefined;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    diagnostics.error(path, start, 'encoding', 'the file is UTF-16, but content files must be UTF-8', 'save the file as UTF-8 in your editor');
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const position = firstInvalidUtf8(bytes);
    diagnostics.error(
      path,
      position,
      'encoding',
      'the file is not valid UTF-8 (it may be Shift_JIS or another legacy encoding)',
      'save the file as UTF-8 in your editor',
    );
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\0')) {
    diagnostics.error(path, positionOfOffset(text, text.indexOf('\0')), 'encoding', 'the file contains a NUL character, so it is not a text file');
    return undefined;
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    diagnostics.error(path, start, 'empty-file', 'the file is empty', 'write a record in it or delete it');
    return undefined;
  }
  return { path, text };
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
