import { describe, expect, it } from 'vitest';
import { diagnostic, editLines, lines, loadFixture, MARKDOWN_EN, MARKDOWN_JA, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';
const loadRecord = (text: string) => loadFixture({ [FILE]: text });

describe('a valid record', () => {
  it('loads without diagnostics in both forms', () => {
    const result = loadFixture({
      [FILE]: lines(...YAML_RECORD),
      'content/incidents/EX2.en.md': lines(...MARKDOWN_EN),
      'content/incidents/EX2.ja.md': lines(...MARKDOWN_JA),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents.map((incident) => incident.id)).toEqual(['EX1', 'EX2']);
  });
});

describe('yaml-syntax', () => {
  it('reports a YAML syntax error with its position and gives no model', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 3: 'title: {en: Mail is delayed' }));
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((item) => item.rule === 'yaml-syntax' && item.file === FILE)).toBe(true);
    expect(result.diagnostics[0]).toEqual(diagnostic(FILE, 4, 1, 'yaml-syntax', 'YAML syntax error'));
  });

  it('reports a key given twice in one map', () => {
    const result = loadRecord(editLines(YAML_RECORD, {}, ['service: microsoft-teams']));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 15, 1, 'yaml-syntax', 'map keys must be unique')]);
  });

  it('reports front matter that is never closed at its opening line', () => {
    const result = loadFixture({ 'content/incidents/EX2.en.md': lines('---', 'service: exchange-online', 'title: Mail', '', 'Body') });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX2.en.md', 1, 1, 'yaml-syntax', 'front matter starting here is never closed')]);
  });

  it('reports a syntax error inside front matter at its line in the Markdown file', () => {
    const result = loadFixture({ 'content/incidents/EX2.en.md': lines('---', 'service: exchange-online', 'title: "Mail', '---', '', 'Body') });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((item) => item.rule === 'yaml-syntax' && item.line >= 3)).toBe(true);
  });
});

describe('unknown-key', () => {
  it('points at a misspelt key and suggests the right one', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 3: 'titel: {en: Mail is delayed, ja: メールが遅延している}' }));
    expect(result.diagnostics).toContainEqual(diagnostic(FILE, 3, 1, 'unknown-key', 'unknown key "titel"; did you mean "title"?'));
    expect(result.diagnostics.find((item) => item.rule === 'unknown-key')?.hint).toContain('known keys here: id, service');
  });

  it('points at a misspelt key inside an update and names the update', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 13: '    stauts: service-restored' }));
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 12, 5, 'missing-key', 'missing required key "status" in updates[1]'),
      diagnostic(FILE, 13, 5, 'unknown-key', 'unknown key "stauts" in updates[1]; did you mean "status"?'),
    ]);
  });

  it('refuses the Markdown-only lang key in a YAML record', () => {
    const result = loadRecord(editLines(YAML_RECORD, {}, ['lang: en']));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 15, 1, 'unknown-key', 'unknown key "lang"')]);
  });
});

describe('missing-key', () => {
  it.each([
    ['service', 2],
    ['start', 4],
  ])('reports a YAML record without %s', (key, line) => {
    const result = loadRecord(editLines(YAML_RECORD, { [line]: null }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'missing-key', `missing required key "${key}"`)]);
  });

  it('reports a YAML record without updates', () => {
    const result = loadRecord(lines(...YAML_RECORD.slice(0, 6)));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'missing-key', 'missing required key "updates"')]);
  });

  it('reports an empty updates list at its key', () => {
    const result = loadRecord(lines(...YAML_RECORD.slice(0, 6), 'updates: []'));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 7, 1, 'invalid-value', 'updates needs at least 1 entry')]);
  });

  it('reports a service that is in none of the Markdown files of an incident, once', () => {
    const result = loadFixture({
      'content/incidents/EX2.en.md': editLines(MARKDOWN_EN, { 2: null }),
      'content/incidents/EX2.ja.md': lines(...MARKDOWN_JA),
    });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX2.en.md', 1, 1, 'missing-key', 'missing required key "service" (in none of the 2 files of EX2)')]);
  });

  it('accepts a shared key that stands in only one of the Markdown files', () => {
    const result = loadFixture({
      'content/incidents/EX2.en.md': lines(...MARKDOWN_EN),
      'content/incidents/EX2.ja.md': lines(...MARKDOWN_JA),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.service).toBe('exchange-online');
  });
});

describe('bad-id', () => {
  it.each([
    ['../x', '"../x" is not a valid id'],
    ['a/b', '"a/b" is not a valid id'],
    ['ЕX1', '"ЕX1" is not a valid id'],
    ['-x', '"-x" is not a valid id'],
    ['A'.repeat(65), 'the id is 65 characters long, over the limit of 64'],
  ])('refuses the id key %j at its value', (id, message) => {
    const result = loadRecord(editLines(YAML_RECORD, { 1: `id: "${id}"` }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 5, 'bad-id', message)]);
  });

  it('tells the Cyrillic look-alike apart from the Latin letter', () => {
    expect('ЕX1'.codePointAt(0)).toBe(0x415);
    const result = loadRecord(editLines(YAML_RECORD, { 1: 'id: ЕX1' }));
    expect(result.diagnostics.map((item) => item.rule)).toEqual(['bad-id']);
  });

  it('refuses a Windows device name taken from the file name, in any case', () => {
    for (const name of ['CON', 'nul', 'Com1', 'LPT9']) {
      const file = `content/incidents/${name}.yaml`;
      const result = loadFixture({ [file]: editLines(YAML_RECORD, { 1: null }) });
      expect(result.diagnostics).toEqual([diagnostic(file, 1, 1, 'bad-id', `"${name}" is a reserved device name on Windows`)]);
    }
  });

  it('accepts an id of 64 characters', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 1: `id: ${'A'.repeat(64)}` }));
    expect(result.diagnostics).toEqual([]);
  });

  it('takes the id from the file name when the record has no id key', () => {
    const result = loadFixture({ 'content/incidents/2021/EX300999.yaml': editLines(YAML_RECORD, { 1: null }) });
    expect(result.model?.incidents[0]).toMatchObject({ id: 'EX300999', slug: 'ex300999' });
  });
});

describe('duplicate-id', () => {
  it('names both YAML files', () => {
    const result = loadFixture({
      'content/incidents/2021/EX1.yaml': lines(...YAML_RECORD),
      'content/incidents/2022/other.yaml': lines(...YAML_RECORD),
    });
    expect(result.diagnostics).toEqual([
      diagnostic('content/incidents/2022/other.yaml', 1, 5, 'duplicate-id', 'duplicate id EX1: also used by content/incidents/2021/EX1.yaml:1:5'),
    ]);
  });

  it('compares ids ignoring case', () => {
    const result = loadFixture({
      'content/incidents/a/EX1.yaml': lines(...YAML_RECORD),
      'content/incidents/b/ex1.yaml': editLines(YAML_RECORD, { 1: null }),
    });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/b/ex1.yaml', 1, 1, 'duplicate-id', 'also used by content/incidents/a/EX1.yaml:1:5')]);
  });

  it('names both files when one id is used by a YAML record and a Markdown record', () => {
    const result = loadFixture({
      'content/incidents/EX1.yaml': lines(...YAML_RECORD),
      'content/incidents/md/EX1.en.md': lines(...MARKDOWN_EN),
    });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/md/EX1.en.md', 1, 1, 'duplicate-id', 'duplicate id EX1: also used by content/incidents/EX1.yaml:1:5')]);
  });

  it('names both files when two Japanese Markdown files in different folders share an id', () => {
    const result = loadFixture({
      'content/incidents/a/EX2.ja.md': lines(...MARKDOWN_EN),
      'content/incidents/b/EX2.ja.md': lines(...MARKDOWN_EN),
    });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/b/EX2.ja.md', 1, 1, 'duplicate-id', 'duplicate id EX2: also used by content/incidents/a/EX2.ja.md:1:1')]);
    expect(result.diagnostics[0]?.hint).toContain('ID.ja.md, ID.en.md');
  });
});

describe('unknown-service', () => {
  it('points at the value and lists the known keys', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 2: 'service: exchange' }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 2, 10, 'unknown-service', 'unknown service "exchange"; did you mean "exchange-online"?')]);
    expect(result.diagnostics[0]?.hint).toContain('exchange-online, microsoft-teams');
  });
});

describe('unknown-status', () => {
  it('points at an update status and suggests the closest one', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 9: '    status: investigatin' }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 9, 13, 'unknown-status', 'unknown status "investigatin"; did you mean "investigating"?')]);
  });

  it('checks the record-level status too', () => {
    const result = loadRecord(editLines(YAML_RECORD, {}, ['status: restord']));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 15, 9, 'unknown-status', 'unknown status "restord"')]);
  });

  it('accepts camelCase keys and labels in either language', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 9: '    status: 調査中', 13: '    status: serviceRestored' }, ['status: Service Restored']));
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.updates.map((update) => update.status)).toEqual(['service-restored', 'investigating']);
    expect(result.model?.incidents[0]?.status).toBe('service-restored');
  });
});

describe('unknown-language', () => {
  it('refuses a Markdown file named for a language the site does not write', () => {
    const result = loadFixture({ 'content/incidents/EX2.fr.md': lines(...MARKDOWN_EN) });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX2.fr.md', 1, 1, 'unknown-language', 'the file name says language "fr"')]);
  });

  it('refuses an fr key in a localized map, at the key', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 3: 'title: {en: Mail is delayed, fr: Courrier retardé}' }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 3, 30, 'unknown-language', 'unknown language "fr" in title')]);
  });

  it('refuses an fr key in an update field', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 10: '    body:', 11: '      en: We are looking into it.\n      fr: Nous examinons.' }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 12, 7, 'unknown-language', 'unknown language "fr" in updates[0].body')]);
  });
});

describe('link-scheme', () => {
  it('refuses a javascript: URL at its value', () => {
    const result = loadRecord(editLines(YAML_RECORD, {}, ['links:', '  - title: Status', '    url: "javascript:alert(1)"']));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 17, 10, 'link-scheme', 'the link "javascript:alert(1)" is not an http(s) URL')]);
  });

  it('accepts http and https links and keeps their titles per language', () => {
    const result = loadRecord(
      editLines(YAML_RECORD, {}, ['links:', '  - title: {en: Status, ja: 状態}', '    url: https://status.example.com/', '  - title: Old', '    url: http://example.com/']),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.links).toEqual([
      { url: 'https://status.example.com/', title: { en: 'Status', ja: '状態' } },
      { url: 'http://example.com/', title: { en: 'Old' } },
    ]);
  });
});

describe('missing-title', () => {
  it('reports an incident with no title in any language', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 3: 'title: {en: "  "}' }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'missing-title', 'incident EX1 has no title in any language')]);
  });
});

describe('empty-update', () => {
  it('reports an update with neither a body nor a labelled field', () => {
    const result = loadRecord(editLines(YAML_RECORD, { 14: null }));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 12, 5, 'empty-update', 'the update at 2021-11-26 01:30 JST has no text')]);
  });

  it('reports a Markdown update heading with nothing under it', () => {
    const file = 'content/incidents/EX2.en.md';
    const result = loadFixture({ [file]: editLines(MARKDOWN_EN, { 16: null }) });
    expect(result.diagnostics).toContainEqual(diagnostic(file, 14, 1, 'empty-update', 'the update at 2021-11-25 16:30 UTC has no text'));
  });
});

describe('invalid values', () => {
  it('names the expected type and shows an example', () => {
    const result = loadRecord(editLines(YAML_RECORD, {}, ['tags: mail', 'draft: yes', 'classification: incidnet']));
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 15, 7, 'invalid-type', 'tags must be a list, not "mail"'),
      diagnostic(FILE, 16, 8, 'invalid-type', 'draft must be true or false, not "yes"'),
      diagnostic(FILE, 17, 17, 'invalid-value', 'classification must be one of incident, advisory, not "incidnet"; did you mean "incident"?'),
    ]);
  });

  it('refuses a record that is a list', () => {
    const result = loadRecord(lines('- a', '- b'));
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'invalid-type', 'the record must be a map of keys, not a list')]);
  });
});
