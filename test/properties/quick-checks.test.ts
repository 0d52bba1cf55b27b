import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDeepMarkdown, MAX_MARKDOWN_NESTING, scanDeepMarkdown } from '../../src/content/markdown-source.js';
import { findForbiddenCharacter } from '../../src/content/source.js';

const RUNS = Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 3000);

/** Lines made of the characters that nesting is made of, with runs long enough to cross the limit. */
const markdownish = fc
  .array(
    fc.oneof(
      fc.string({ unit: fc.constantFrom(' ', '\t', '>', '-', '*', '+', '1', '.', ')', '_', '~', 'a', '`', '\n'), maxLength: 40 }),
      fc.tuple(fc.constantFrom('> ', '- ', '* ', '1. ', '  ', '\t', '**', '_', '~~', '*a'), fc.integer({ min: 1, max: 45 })).map(([piece, times]) => piece.repeat(times)),
      // Emphasis nested `times` deep: `_a _a … b … a_ a_`.
      fc.tuple(fc.constantFrom('_', '*', '~~', '**'), fc.integer({ min: 25, max: 45 })).map(([mark, times]) => `${`${mark}a `.repeat(times)}b${` a${mark}`.repeat(times)}`),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('quick checks before full scans', () => {
  it('never let deep Markdown through: findDeepMarkdown gives what the full scan gives', () => {
    let deep = 0;
    fc.assert(
      fc.property(markdownish, (text) => {
        const expected = scanDeepMarkdown(text);
        if (expected !== undefined) deep += 1;
        expect(findDeepMarkdown(text)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
    // The generator reaches past the limit often enough for the comparison to mean something.
    expect(deep).toBeGreaterThan(RUNS / 50);
  });

  it('find the forbidden character the full pattern finds, at the same offset', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'あ', '\t', '\n', '\r', '\f', '\u0000', '\u0007', '\u000b', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\ufdd0', '\ufdef', '\ufdf0', '\ufeff', '\ufffe', '\uffff', '\ud83d', '\ude00', '😀', '\u{1fffe}', '\u{10ffff}', '\u{10fffd}'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), (units) => {
        const text = units.join('');
        // eslint-disable-next-line no-control-regex
        const full = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.exec(text);
        expect(findForbiddenCharacter(text)).toBe(full ? full.index : undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('the nesting limit is what the quick check was derived for', () => {
    expect(MAX_MARKDOWN_NESTING).toBe(32);
    expect(findDeepMarkdown(`${'> '.repeat(MAX_MARKDOWN_NESTING + 1)}a`)).toBe(0);
    expect(findDeepMarkdown(`${'> '.repeat(MAX_MARKDOWN_NESTING)}a`)).toBeUndefined();
  });
});
