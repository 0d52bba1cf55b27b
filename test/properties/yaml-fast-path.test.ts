import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import { fastYamlValue, parseYamlSource, type ValuePath } from '../../src/content/yaml-source.js';
import { blockOffsets } from '../../src/content/yaml-offsets.js';

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

  it('finds every key and value where the full parser does, from a scan of the lines (texts in every style)', () => {
    let scanned = 0;
    const check = (text: string) => {
      const fast = fastYamlValue(text);
      if (!fast) return;
      if (blockOffsets(text, fast.value)) scanned += 1;
      expectSamePositions(text);
    };
    fc.assert(fc.property(written, check), { numRuns: Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 2000) });
    fc.assert(fc.property(stitched, check), { numRuns: Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 2000) });
    const runs = Number(process.env.KOKUCHI_PROPERTY_RUNS ?? 1000);
    const before = scanned;
    fc.assert(fc.property(records, check), { numRuns: runs });
    // The scan reads most record-shaped texts itself, so the comparison above is of the scan, not of the full parser with itself.
    expect(scanned - before).toBeGreaterThan(runs * 0.4);
  });

  it('reads ordinary records by the scan, and leaves flow collections\' insides to the full parser', () => {
    const record = [
      '# An incident',
      'id: EX1',
      'services: [exchange, teams]',
      'title2: {ja: "東京 [a], b", en: \'it\'\'s {x}\'} # flow',
      'title:',
      '  ja: 障害について',
      '  en: "An outage"',
      'updates:',
      '- at: 2021-11-25 21:33 JST',
      '  status: investigating',
      '  body:',
      '    en: |',
      '      We are looking into it.',
      '',
      '      - a',
      '    ja: >-',
      '      調査中です。',
      '  # a comment between keys',
      '  note:   plain text that goes',
      '    on to a second line',
      '- at: 2021-11-26 09:00 JST',
      '  status: resolved',
      '',
    ].join('\n');
    const value = fastYamlValue(record)?.value;
    expect(blockOffsets(record, value)).toBeDefined();
    expectSamePositions(record);
    const full = parseYamlSource(record, 'x.yaml', new DiagnosticCollector(), 0, false)!;
    for (const path of [['services', 1], ['title2', 'en'], ['title2', 'ja']]) expect(parseYamlSource(record, 'x.yaml', new DiagnosticCollector())!.locate(path)).toEqual(full.locate(path));
    // Texts the scan is not sure of: an empty value, a comment inside a plain scalar, nested sequence markers.
    for (const text of ['id: EX1\nnote:\n', 'a: b\n  # c\n  d\n', 'a:\n- - x\n']) {
      const fast = fastYamlValue(text);
      if (fast) expect(blockOffsets(text, fast.value), text).toBeUndefined();
    }
  });
});

/** Record-shaped texts: block mappings and sequences of updates, values in every scalar style, comments and blank lines. */
const line = fc.stringMatching(/^[a-zA-Z0-9 .,()調査障害-]{1,20}$/u).filter((text) => text.trim() === text);
const scalarText = fc.oneof(
  line,
  line.map((text) => `"${text}"`),
  line.map((text) => `'${text}'`),
  fc.tuple(fc.constantFrom('|', '|-', '>', '>+'), fc.array(line, { minLength: 1, maxLength: 3 })).map(([header, lines]) => ({ header, lines })),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  fc.tuple(line, line).map(([ja, en]) => `{ja: "${ja}", en: '${en}'}`),
);
const records = fc
  .array(fc.tuple(fc.constantFrom('id', 'title', 'summary', 'note', 'status', 'x_y', 'a-b'), scalarText, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 6 })
  .chain((entries) => fc.tuple(fc.constant(entries), fc.array(fc.array(fc.tuple(fc.constantFrom('at', 'status', 'body'), scalarText), { minLength: 1, maxLength: 3 }), { maxLength: 3 }), fc.constantFrom(0, 2)))
  .map(([entries, updates, seqIndent]) => {
    const out: string[] = [];
    const write = (indent: string, key: string, value: typeof entries[number][1], comment: boolean) => {
      if (typeof value === 'string') out.push(`${indent}${key}: ${value}${comment ? ' # c' : ''}`);
      else out.push(`${indent}${key}: ${value.header}`, ...value.lines.map((text) => `${indent.replace('-', ' ')}  ${text}`));
    };
    const seen = new Set<string>();
    for (const [key, value, nested, comment] of entries) {
      if (seen.has(key)) continue;
      seen.add(key);
      if (comment) out.push('# note');
      if (nested) {
        out.push(`${key}:`);
        write('  ', 'ja', value, comment);
        out.push('');
        write('  ', 'en', value, false);
      } else write('', key, value, comment);
    }
    if (updates.length > 0) {
      out.push('updates:');
      const pad = ' '.repeat(seqIndent);
      for (const update of updates) {
        const keys = new Set<string>();
        update.filter(([key]) => !keys.has(key) && keys.add(key)).forEach(([key, value], position) => write(position === 0 ? `${pad}- ` : `${pad}  `, key, value, false));
      }
    }
    return `${out.join('\n')}\n`;
  });

/** Every path of the parsed value, and a path past each, located by the fast path as by the full parser (keys and values). */
function expectSamePositions(text: string): void {
  const fast = parseYamlSource(text, 'x.yaml', new DiagnosticCollector(), 2, true);
  const full = parseYamlSource(text, 'x.yaml', new DiagnosticCollector(), 2, false);
  if (!fast || !full) return;
  const paths: ValuePath[] = [];
  const walk = (node: unknown, path: ValuePath) => {
    paths.push(path, [...path, 'missing']);
    if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
  };
  walk(full.value, []);
  for (const path of paths) {
    for (const target of ['key', 'value'] as const) expect(fast.locate(path, target), `${JSON.stringify(text)} ${JSON.stringify(path)} ${target}`).toEqual(full.locate(path, target));
  }
}

