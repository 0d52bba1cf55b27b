import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeHref } from '../../src/render/urls.js';

describe('relative links between output files', () => {
  it.each([
    ['ja/incidents/ex1/index.html', 'en/incidents/ex1/index.html', '../../../en/incidents/ex1/index.html'],
    ['ja/index.html', 'ja/incidents/ex1/index.html', 'incidents/ex1/index.html'],
    ['index.html', 'ja/index.html', 'ja/index.html'],
    ['ja/index.html', 'index.html', '../index.html'],
    ['ja/index.html', 'ja/index.html', 'index.html'],
    ['ja/page/2/index.html', 'ja/index.html', '../../index.html'],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(relativeHref(from, to)).toBe(expected);
  });

  it('resolve back to the target for any pair of paths', () => {
    const segment = fc.constantFrom('ja', 'en', 'incidents', 'ex1', 'page', '2', 'assets');
    const file = fc.array(segment, { maxLength: 4 }).map((parts) => [...parts, 'index.html'].join('/'));
    fc.assert(
      fc.property(file, file, (from, to) => {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), relativeHref(from, to)));
        expect(resolved).toBe(to);
      }),
    );
  });
});
