import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/content/source.js';
import { diagnostic, editLines, lines, loadFixture, MARKDOWN_EN, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('encoding', () => {
  it('reports Shift_JIS bytes at the first byte that is not UTF-8', () => {
    // タイトル in Shift_JIS
    const shiftJis = [0x83, 0x5e, 0x83, 0x43, 0x83, 0x67, 0x83, 0x8b];
    const result = loadFixture({ [FILE]: bytes('id: EX1\nservice: exchange-online\ntitle: ', shiftJis, '\n') });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 3, 8, 'encoding', 'the file is not valid UTF-8 (it may be Shift_JIS')]);
  });

  it('counts the column of invalid bytes in UTF-16 units after Japanese text', () => {
    const result = loadFixture({ [FILE]: bytes('title: 日本語', [0x82, 0xa0], '\n') });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 11, 'encoding', 'not valid UTF-8')]);
  });

  it('reports a UTF-16 file by its byte order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(...YAML_RECORD), 'utf16le')]);
    const result = loadFixture({ [FILE]: utf16 });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'encoding', 'the file is UTF-16, but content files must be UTF-8')]);
  });

  it('reports a NUL character', () => {
    const result = loadFixture({ [FILE]: 'id: EX1\nservice: \0\n' });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 2, 10, 'encoding', 'NUL character')]);
  });

  it('accepts a UTF-8 byte order mark and CRLF line endings, keeping line numbers right', () => {
    const crlf = `\uFEFF${editLines(YAML_RECORD, { 9: '    status: investigatin' }).replace(/\n/g, '\r\n')}`;
    const result = loadFixture({ [FILE]: crlf });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 9, 13, 'unknown-status', 'unknown status "investigatin"')]);
  });

  it('loads a BOM and CRLF file into the same model as a plain one', () => {
    const plain = loadFixture({ [FILE]: lines(...YAML_RECORD) });
    const windows = loadFixture({ [FILE]: `\uFEFF${lines(...YAML_RECORD).replace(/\n/g, '\r\n')}` });
    expect(windows.diagnostics).toEqual([]);
    expect(windows.model?.incidents).toEqual(plain.model?.incidents);
  });

  it('accepts a BOM and CRLF in a Markdown file, with the heading positions right', () => {
    const file = 'content/incidents/EX2.en.md';
    const text = `\uFEFF${editLines(MARKDOWN_EN, { 14: '## 2021-11-25 16:30 UTC — Restord' }).replace(/\n/g, '\r\n')}`;
    const result = loadFixture({ [file]: text });
    expect(result.diagnostics).toEqual([diagnostic(file, 14, 27, 'unknown-status', 'unknown status "Restord"')]);
  });
});

describe('empty-file', () => {
  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n  \n\t\n'],
    ['a file with only a BOM', '\uFEFF'],
  ])('reports %s', (_name, text) => {
    const result = loadFixture({ [FILE]: text });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'empty-file', 'the file is empty')]);
  });

  it('reports a YAML file with only a comment as not being a record', () => {
    const result = loadFixture({ [FILE]: '# to do\n' });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'invalid-type', 'the record must be a map of keys, not an empty value')]);
  });
});

describe('one bad file', () => {
  it('never stops the other files from being checked', () => {
    const result = loadFixture({
      'content/incidents/A.yaml': editLines(YAML_RECORD, { 1: 'id: A', 9: '    status: nope' }),
      'content/incidents/B.yaml': editLines(YAML_RECORD, { 1: 'id: B', 4: 'start: 2021-11-25 21:33' }),
      'content/incidents/C.yaml': bytes('id: C\n', [0xff], '\n'),
      'content/incidents/D.yaml': 'id: [\n',
      'content/incidents/E.yaml': editLines(YAML_RECORD, { 1: 'id: E' }),
    });
    expect(result.model).toBeUndefined();
    const rulesByFile: Record<string, string[]> = {};
    for (const item of result.diagnostics) {
      const rules = (rulesByFile[item.file] ??= []);
      if (!rules.includes(item.rule)) rules.push(item.rule);
    }
    expect(rulesByFile).toEqual({
      'content/incidents/A.yaml': ['unknown-status'],
      'content/incidents/B.yaml': ['time-no-zone'],
      'content/incidents/C.yaml': ['encoding'],
      'content/incidents/D.yaml': ['yaml-syntax'],
    });
  });

  it('reports every problem of one record together', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 2: 'service: exchange', 4: 'start: 2021-11-25 21:33', 9: '    status: nope' }) });
    expect(result.diagnostics.map((item) => `${item.line}:${item.column} ${item.rule}`)).toEqual(['2:10 unknown-service', '4:8 time-no-zone', '9:13 unknown-status']);
  });

  it('still checks the other values of an update whose time is wrong', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 8: '  - at: 2021-11-25 22:00', 9: '    status: nope', 11: '    next_update: 2021-11-25 23:00' }) });
    expect(result.diagnostics.map((item) => `${item.line}:${item.column} ${item.rule}`)).toEqual(['8:9 time-no-zone', '9:13 unknown-status', '11:18 time-no-zone']);
  });
});

describe('limits', () => {
  it('refuses a file over 4 MiB without decoding it', () => {
    const result = loadFixture({ [FILE]: new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61) });
    expect(MAX_FILE_BYTES).toBe(4 * 1024 * 1024);
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'file-too-large', 'the file is 4194305 bytes, over the limit of 4 MiB')]);
  });

  it('refuses YAML aliases that expand into a huge document', () => {
    const rows = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 8; level += 1) rows.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
    const result = loadFixture({ [FILE]: lines(...rows) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'yaml-aliases', 'the YAML could not be expanded')]);
  });

  it('refuses YAML nested more than 32 levels deep', () => {
    const result = loadFixture({ [FILE]: `a: ${'['.repeat(40)}${']'.repeat(40)}\n` });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 36, 'yaml-too-deep', 'nested more than 32 levels deep')]);
  });

  it('accepts 2000 updates and refuses 2001', () => {
    const withUpdates = (count: number) => {
      const rows = [...YAML_RECORD.slice(0, 4), 'updates:'];
      for (let index = 0; index < count; index += 1) {
        rows.push(`  - at: ${new Date(Date.UTC(2021, 11, 1) + index * 60_000).toISOString()}`, '    status: investigating', '    body: {en: x, ja: x}');
      }
      return loadFixture({ [FILE]: lines(...rows) });
    };
    expect(withUpdates(2000).diagnostics).toEqual([]);
    expect(withUpdates(2001).diagnostics).toEqual([diagnostic(FILE, 5, 1, 'too-many-updates', 'incident EX1 has 2001 updates, over the limit of 2000')]);
  });
});

describe('configuration', () => {
  it('reports a missing site.yaml as a configuration error', () => {
    const result = loadFixture({ 'content/site.yaml': null, [FILE]: lines(...YAML_RECORD) });
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics).toEqual([diagnostic('content/site.yaml', 1, 1, 'missing-config', 'content/site.yaml is missing')]);
  });

  it('reports a missing services.yaml as a configuration error and still checks the records', () => {
    const result = loadFixture({ 'content/services.yaml': null, [FILE]: editLines(YAML_RECORD, { 4: 'start: 2021' }) });
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics.map((item) => `${item.file} ${item.rule}`)).toEqual(['content/incidents/EX1.yaml time-format', 'content/services.yaml missing-config']);
  });

  it('reports a site.yaml problem as a configuration error', () => {
    const result = loadFixture({ 'content/site.yaml': lines('title: Test', 'base_url: ftp://example.com/'), [FILE]: lines(...YAML_RECORD) });
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics).toEqual([diagnostic('content/site.yaml', 2, 11, 'invalid-value', 'base_url must be an absolute http(s) URL')]);
  });

  it('reports an unknown display zone in site.yaml', () => {
    const result = loadFixture({ 'content/site.yaml': lines('title: Test', 'base_url: https://example.com/', 'zones: {primary: Asia/Tokio, secondary: UTC}') });
    expect(result.diagnostics).toEqual([diagnostic('content/site.yaml', 3, 18, 'unknown-zone', '"Asia/Tokio" is not a known IANA time zone')]);
  });

  it('reports a service key that is not lower-case kebab-case', () => {
    const result = loadFixture({ 'content/services.yaml': lines('Exchange: {en: Exchange Online}') });
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics).toEqual([diagnostic('content/services.yaml', 1, 1, 'invalid-key', '"Exchange" is not a valid key here')]);
  });

  it('warns about a service without a Japanese name', () => {
    const result = loadFixture({ 'content/services.yaml': lines('exchange-online: {en: Exchange Online}'), [FILE]: lines(...YAML_RECORD) });
    expect(result.configurationError).toBe(false);
    expect(result.diagnostics).toEqual([diagnostic('content/services.yaml', 1, 1, 'missing-translation', 'service "exchange-online" has no Japanese name', 'warning')]);
    expect(result.model?.services.get('exchange-online')?.names).toEqual({ en: 'Exchange Online' });
  });
});
