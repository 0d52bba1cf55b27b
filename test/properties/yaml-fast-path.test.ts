import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import { fastYamlValue, parseYamlSource } from '../../src/content/yaml-source.js';

/** Fragments of YAML syntax, good and bad, for texts stitched together at random. */
const PIECES = [
  'a', 'b', 'id', 'id: ', '\nid: x', '"id": ', "'id': ", ': ', ':', ' ', '  ', '\n', '\n  ', '- ', '-', '"', "'", '\\', '\\u00e9', '\\x41', '\\0', '#', ' #c', '[', ']', '{', '}', ',', '|', '|-', '>', '>+',
  '&x', '*x', '!!str', '!t', '%YAML 1.2', '---', '...', '?', '<<', '\t', '~', 'null', 'Null', 'true', 'yes', '0b101', '0x1F', '-0', '1_000', '.inf', '1e3', '2021-11-25T21:33:00+09:00',
  '2021-11-25 21:33 JST', '障害', 'ご迷惑', '__proto__', 'constructor', '\u0085', '\u2028', '\ufeff', '\u00a0', '\u3000', '\r', '\u0000', '\u001b', 'a: b: c', '[a]: 1', '{a: 1}: 2',
];
const stitched = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));

/** Record-shaped data with awkward strings, written out by yaml in several styles. */
const awkward = fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const data = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, awkward, fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(awkward, tie('node'), { maxKeys: 4 })),
})).node;
const written = fc
  .tuple(data, fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'), fc.boolean())
  .map(([value, defaultStringType, flow]) => {
    try {
      return stringify(value, { defaultStringType: defaultStringType as 'PLAIN', collectionStyle: flow ? 'flow' : 'block' });
    } catch {
      return '';
    }
  });

/** Parsing with the fast path and without it give the same value and the same diagnostics (positions included). */
function expectSameAsFull(text: string): void {
  const withFast = new DiagnosticCollector();
  const fast = parseYamlSource(text, 'x.yaml', withFast, 0, true);
  const withoutFast = new DiagnosticCollector();
  const full = parseYamlSource(text, 'x.yaml', withoutFast, 0, false);
  expect(fast?.value, JSON.stringify(text)).toEqual(full?.value);
  expect(withFast.items, JSON.stringify(text)).toEqual(withoutFast.items);
  if (fast && full && fastYamlValue(text)) {
    // Positions are built on demand from the same text: spot-check the first key of the mapping.
    const first = Object.keys(full.value as object)[0];
    if (first !== undefined) expect(fast.locate([first], 'key')).toEqual(full.locate([first], 'key'));
    if ('id' in (full.value as object)) expect(fast.locate(['id']), JSON.stringify(text)).toEqual(full.locate(['id']));
  }
}

describe('the fast YAML path', () => {
  it('gives the same values and diagnostics as the full parser (stitched syntax)', () => {
    fc.assert(fc.property(stitched, (text) => expectSameAsFull(text)), { numRuns: Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 3000) });
  });

  it('gives the same values and diagnostics as the full parser (data written in every style)', () => {
    fc.assert(fc.property(written, (text) => expectSameAsFull(text)), { numRuns: Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 2000) });
  });

  it('accepts ordinary records, so that the properties above say something', () => {
    const record = stringify({ id: 'EX1', title: { ja: '障害について', en: 'An outage' }, updates: [{ at: '2021-11-25 21:33 JST', status: 'investigating', body: { en: 'We are looking: into it.\n\n- a\n- b' } }] });
    expect(fastYamlValue(record)?.value).toEqual(parseDocument(record, { schema: 'core' }).toJS());
    let accepted = 0;
    fc.assert(
      fc.property(written, (text) => {
        if (fastYamlValue(text)) accepted += 1;
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(40);
  });

  it('leaves anchors, aliases, tags, explicit and complex keys, numbers and null keys to the full parser', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '? a\n: 1\n', '[a]: 1\n', '{a: 1}: 2\n', 'a: 0b101\n', 'a: 1\n', 'null: 1\n', '~: 1\n', 'a:\n\t- 1\n', '<<: {a: 1}\n', '__proto__: 1\n']) {
      expect(fastYamlValue(text), text).toBeUndefined();
    }
  });

  it('leaves quoted values that go on past their line to the full parser, whose indentation rules are the specification\'s', () => {
    // js-yaml reads this as {id: " id: x"}; the specification (and the full parser) refuses it.
    for (const text of ['id: "\nid: x"', "id: 'a\nb'\n", 'a: [ "x\n y" ]\n']) expect(fastYamlValue(text), text).toBeUndefined();
    expectSameAsFull('id: "\nid: x"');
    // Closed on their line, with escapes and doubled apostrophes, they keep the fast path.
    for (const text of ['id: "a \\" b"\n', "title: 'it''s'\n", "note: don't # it's a comment\n"]) expect(fastYamlValue(text), text).toBeDefined();
  });

  it('still gives positions when a diagnostic needs one (built on demand by the full parser)', () => {
    const diagnostics = new DiagnosticCollector();
    const parsed = parseYamlSource('id: EX1\nupdates:\n  - at: x\n    status: y\n', 'x.yaml', diagnostics);
    expect(parsed?.locate(['updates', 0, 'status'])).toEqual({ line: 4, column: 13 });
    expect(parsed?.locate(['updates', 0, 'status'], 'key')).toEqual({ line: 4, column: 5 });
    for (const text of ['title: x\nid: "EX1"\n', "title: x\n'id':   EX1 # c\n", 'id:\n  EX1\n', 'a: "x\n  id: y"\nid: EX1\n']) {
      const full = parseYamlSource(text, 'x.yaml', new DiagnosticCollector(), 3, false)!;
      expect(parseYamlSource(text, 'x.yaml', new DiagnosticCollector(), 3)!.locate(['id']), text).toEqual(full.locate(['id']));
    }
  });
});
