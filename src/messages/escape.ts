/**
 * Characters that must never reach a terminal, a log or an annotation as themselves: C0 and C1
 * controls (ESC starts terminal sequences, a newline would forge a line of its own), DEL, the
 * Unicode line and paragraph separators and the bidirectional overrides that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Writes each unprintable character as its `\u001b` escape; other text is unchanged. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `printable` applied to every string inside a rule's facts (plain objects and arrays; other values unchanged). */
export function printableFacts<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printableFacts(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = printableFacts(item);
    return copy as T;
  }
  return value;
}
