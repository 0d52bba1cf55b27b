import { hash } from 'node:crypto';

/**
 * JSON files of the cache folder (the file index, the previous-output manifest) carry the SHA-256 of
 * their text on a first line: a file damaged on disk, cut short or written by something else reads as
 * absent, never as wrong facts.
 */

/** The text to write: the digest of the JSON, a newline, the JSON. */
export function sealJson(value: unknown): string {
  const json = JSON.stringify(value);
  return `${hash('sha256', json)}\n${json}`;
}

/** The value of a sealed text, or undefined when its digest does not match (or it is not sealed JSON). */
export function openSealedJson(text: string): unknown {
  const newline = text.indexOf('\n');
  if (newline !== 64) return undefined;
  const json = text.slice(65);
  if (hash('sha256', json) !== text.slice(0, 64)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
