/**
 * Fuzzy "did you mean" helpers shared by status, key and service validation.
 *
 * Everything here is pure: no I/O, no global state.
 * @module
 */

/**
 * Characters ignored when comparing names: whitespace, underscores, hyphens,
 * dashes and middle dots. `service-restored`, `Service Restored`,
 * `service_restored` and `serviceRestored` therefore all compare equal.
 */
const SEPARATORS = /[\s_\-\u2010-\u2015\u00b7\u30fb]+/gu;

/**
 * Normalizes text for loose comparison: Unicode NFKC (so full-width letters
 * and half-width katakana fold to their usual forms), lower case, and all
 * separators (whitespace, `_`, `-`, dashes, middle dots) removed.
 *
 * @example normalizeForMatch('Service  Restored') === 'servicerestored'
 */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance between `a` and `b`,
 * counted in Unicode code points: insertions, deletions, substitutions and
 * transpositions of two adjacent characters each cost 1.
 *
 * The inputs are compared as given; normalize them first if needed.
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const n = s.length;
  const m = t.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows: two rows back (for transpositions), previous, current.
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= m; j++) {
      const tj = t[j - 1];
      const cost = si === tj ? 0 : 1;
      let best = Math.min(
        (prev[j] ?? 0) + 1, // deletion
        (cur[j - 1] ?? 0) + 1, // insertion
        (prev[j - 1] ?? 0) + cost, // substitution
      );
      if (i > 1 && j > 1 && si === t[j - 2] && s[i - 2] === tj) {
        best = Math.min(best, (prevPrev[j - 2] ?? 0) + 1); // transposition
      }
      cur[j] = best;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m] ?? 0;
}

/**
 * Largest edit distance still treated as a plausible typo when comparing two
 * normalized strings: one third of the longer length, at least 1, but less
 * than the shorter length, so at least one character must survive (a
 * one-letter input does not "match" every two-letter candidate).
 */
export function typoThreshold(a: string, b: string): number {
  const lengthA = Array.from(a).length;
  const lengthB = Array.from(b).length;
  const longer = Math.max(lengthA, lengthB);
  const shorter = Math.min(lengthA, lengthB);
  return Math.max(0, Math.min(Math.max(1, Math.floor(longer / 3)), shorter - 1));
}

/** Han, hiragana and katakana: one character carries about as much as a short English word. */
const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * {@link typoThreshold} for Japanese text: half of the longer length (still less than the shorter
 * one), since Japanese words are two to six characters long and a dropped character is a whole
 * morpheme (`復旧中` for `復旧作業中`).
 */
function wideTypoThreshold(a: string, b: string): number {
  const longer = Math.max(Array.from(a).length, Array.from(b).length);
  const shorter = Math.min(Array.from(a).length, Array.from(b).length);
  return Math.max(0, Math.min(Math.max(1, Math.floor(longer / 2)), shorter - 1));
}

/** True when every character of `short` appears in `long` in order (`復旧中` in `復旧作業中`). */
function isSubsequence(short: string, long: string): boolean {
  const characters = Array.from(long);
  let at = 0;
  for (const character of short) {
    at = characters.indexOf(character, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

/** Minimum normalized input length for a prefix to count as a match. */
const MIN_PREFIX = 3;

/** True when `text` is written in Japanese (has Han, hiragana or katakana). */
export function isJapaneseText(text: string): boolean {
  return WIDE_SCRIPT.test(text);
}

/**
 * Returns up to `max` entries of `candidates` that look like what `input`
 * was meant to be, best first, for "did you mean …?" messages.
 *
 * Both sides are compared after {@link normalizeForMatch}. A candidate
 * qualifies when its Damerau–Levenshtein distance to the input is within
 * {@link typoThreshold} (a wider one for Japanese), or when the input (at least three characters) is a
 * prefix of it. Ties keep the order of `candidates`. Duplicates and
 * candidates that normalize to the empty string are skipped.
 *
 * @example closestMatches('servce-restored', ['service-restored', 'resolved']) // ['service-restored']
 */
export function closestMatches(input: string, candidates: readonly string[], max = 3): string[] {
  if (max <= 0) return [];
  const needle = normalizeForMatch(input);
  if (needle === '') return [];
  const needleLength = Array.from(needle).length;
  const wide = WIDE_SCRIPT.test(needle);
  const seen = new Set<string>();
  const ranked: { candidate: string; score: number; distance: number; index: number }[] = [];
  candidates.forEach((candidate, index) => {
    if (seen.has(candidate)) return;
    seen.add(candidate);
    const normalized = normalizeForMatch(candidate);
    if (normalized === '') return;
    const distance = editDistance(needle, normalized);
    const isTypo = distance <= (wide ? wideTypoThreshold(needle, normalized) : typoThreshold(needle, normalized));
    const isPrefix = needleLength >= MIN_PREFIX && normalized.startsWith(needle);
    if (!isTypo && !isPrefix) return;
    // A prefix counts like a one-character typo so that "inv" ranks
    // alongside genuine near misses instead of after every one of them.
    // In Japanese, a word with characters left out (`復旧中`) is nearer than one with characters changed (`調査中`).
    const score = (isPrefix ? Math.min(distance, 1) : distance) - (wide && isSubsequence(needle, normalized) ? 0.5 : 0);
    ranked.push({ candidate, score, distance, index });
  });
  ranked.sort((x, y) => x.score - y.score || x.distance - y.distance || x.index - y.index);
  return ranked.slice(0, max).map((r) => r.candidate);
}
