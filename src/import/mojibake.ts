/**
 * Finds and repairs mojibake: UTF-8 text that a Windows console decoded with a legacy code page
 * (`AdminsÔÇÖ` for `Admins’`). The repair encodes the text back with the code page and decodes the
 * bytes as UTF-8; it is made only when that is unambiguous. Pure: no I/O.
 * @module
 */
import iconv from 'iconv-lite';

/** The code pages tried, in the order they are named in messages. */
export const MOJIBAKE_CODE_PAGES = ['cp850', 'cp437', 'cp1252', 'cp932'] as const;
/** A code page whose decoding of UTF-8 can be undone. */
export type CodePage = (typeof MOJIBAKE_CODE_PAGES)[number];

/** What {@link repairMojibake} found in one text. */
export type MojibakeResult =
  | { kind: 'clean' }
  | { kind: 'repaired'; text: string; codePages: CodePage[] }
  | { kind: 'ambiguous'; codePages: CodePage[] }
  | { kind: 'damaged' };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Characters that legacy code pages produce from UTF-8 lead and continuation bytes; a text without any is clean. */
const SUSPECT = /[\u0080-\u00ff\u0192\u02c6\u02dc\u2013-\u2044\u20ac\u2122\u0391-\u03c9\u2190-\u25ff\u3000-\u30ff\u4e00-\u9fff\uff61-\uff9f]/u;

/**
 * Repairs `text` when exactly one result comes out of the code pages whose encoding of it is exact
 * and whose bytes are valid UTF-8 with at least one multi-byte character; `ambiguous` when several
 * different results do; `damaged` when none does and the text holds U+FFFD; `clean` otherwise.
 */
export function repairMojibake(text: string): MojibakeResult {
  if (text.includes('\uFFFD') && !SUSPECT.test(text)) return { kind: 'damaged' };
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/u.test(text) || !SUSPECT.test(text)) return { kind: 'clean' };
  const results = new Map<string, CodePage[]>();
  for (const codePage of MOJIBAKE_CODE_PAGES) {
    const bytes = iconv.encode(text, codePage);
    if (iconv.decode(bytes, codePage) !== text) continue;
    if (!bytes.some((byte) => byte >= 0x80)) continue;
    let decoded: string;
    try {
      decoded = UTF8.decode(bytes);
    } catch {
      continue;
    }
    if (decoded === text) continue;
    results.set(decoded, [...(results.get(decoded) ?? []), codePage]);
  }
  // U+FFFD: bytes a decoder could not read were replaced, so the original text is lost.
  if (results.size === 0) return text.includes('\uFFFD') ? { kind: 'damaged' } : { kind: 'clean' };
  if (results.size > 1) return { kind: 'ambiguous', codePages: [...results.values()].flat() };
  const [[repaired, codePages]] = [...results.entries()] as [[string, CodePage[]]];
  return { kind: 'repaired', text: repaired, codePages };
}

/** A code page as people name it: `CP850`. */
export function codePageName(codePage: CodePage): string {
  return codePage.toUpperCase();
}
