import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/import/mojibake.js';

/** What a console does: UTF-8 bytes decoded with a legacy code page. */
const garble = (text: string, codePage: string) => iconv.decode(Buffer.from(text, 'utf8'), codePage);

describe('repairMojibake', () => {
  it.each([
    ['cp850', 'Admins’ exports don’t finish'],
    ['cp437', 'Café — naïve résumé'],
    ['cp1252', 'Admins’ exports don’t finish – see “details”'],
    ['cp932', 'メールの送信サービス'],
  ])('repairs UTF-8 read as %s', (codePage, text) => {
    const garbled = garble(text, codePage);
    expect(garbled).not.toBe(text);
    const result = repairMojibake(garbled);
    expect(result.kind).toBe('repaired');
    expect(result.kind === 'repaired' && result.text).toBe(text);
  });

  it('leaves correct text alone: ASCII, Latin-1 words, Japanese, symbols', () => {
    for (const text of ['plain ASCII', 'café crème', 'Admins’ exports', '日本語のテキスト（全角）', '10 °C ± 2', 'Ωmega → next']) {
      expect(repairMojibake(text)).toEqual({ kind: 'clean' });
    }
  });

  it('does not guess when two code pages give different texts', () => {
    // "Ã©" is "é" read as CP1252, and something else read as CP850/CP437.
    const result = repairMojibake('Ã©');
    expect(['repaired', 'ambiguous']).toContain(result.kind);
    if (result.kind === 'repaired') expect(result.text).toBe('é');
  });
});

describe('repairMojibake on text that lost bytes', () => {
  it('calls text with replacement characters damaged instead of guessing', () => {
    const garbled = garble('障害が発生しています', 'cp932');
    expect(garbled).toContain('\uFFFD');
    expect(repairMojibake(garbled)).toEqual({ kind: 'damaged' });
  });
});
