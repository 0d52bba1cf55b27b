import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, TEMPLATES } from '../helpers/build.js';
import { diagnostic, lines, loadFixture, withTempContent, YAML_RECORD } from '../helpers/fixture.js';
import { runKokuchi, STACK_TRACE } from '../fixtures/hostile/cli.js';

const FILE = 'content/incidents/EX1.yaml';
const RECORD = lines(...YAML_RECORD);

/** Shift_JIS bytes of メール (the record's title will be in Shift_JIS). */
const SHIFT_JIS_MAIL = [0x83, 0x81, 0x81, 0x5b, 0x83, 0x8b];

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const bytes = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  if (order === 'be') bytes.swap16();
  return new Uint8Array(bytes);
}

describe('a content file that is not UTF-8', () => {
  const cases: Record<string, { bytes: Uint8Array; line: number; column: number }> = {
    'Shift_JIS': { bytes: new Uint8Array([...Buffer.from('id: EX1\ntitle: '), ...SHIFT_JIS_MAIL, 0x0a]), line: 2, column: 8 },
    'Shift_JIS after Japanese UTF-8 text': { bytes: new Uint8Array([...Buffer.from('id: EX1\ntitle: 日本'), ...SHIFT_JIS_MAIL, 0x0a]), line: 2, column: 10 },
    'UTF-16 LE with a BOM': { bytes: utf16(RECORD, 'le', true), line: 1, column: 1 },
    'UTF-16 BE with a BOM': { bytes: utf16(RECORD, 'be', true), line: 1, column: 1 },
    'UTF-16 LE without a BOM': { bytes: utf16(RECORD, 'le', false), line: 1, column: 2 },
    'UTF-16 BE without a BOM': { bytes: utf16(RECORD, 'be', false), line: 1, column: 1 },
    'UTF-16 LE without a BOM, Japanese first': { bytes: utf16(`# メール\n${RECORD}`, 'le', false), line: 1, column: 2 },
    'UTF-32 LE with a BOM': { bytes: new Uint8Array([0xff, 0xfe, 0, 0, ...[...RECORD].flatMap((char) => [char.charCodeAt(0), 0, 0, 0])]), line: 1, column: 1 },
  };

  for (const [name, { bytes, line, column }] of Object.entries(cases)) {
    for (const file of [FILE, 'content/incidents/EX2.en.md']) {
      it(`in ${name} (${path.extname(file)}) is refused with a positioned encoding error`, () => {
        const result = loadFixture({ [file]: bytes });
        expect(result.model).toBeUndefined();
        expect(result.diagnostics).toEqual([diagnostic(file, line, column, 'encoding', '')]);
      });
    }
  }

  it('is refused by the CLI with exit code 1 and one line per file', async () => {
    const content = await withTempContent({
      'content/incidents/SJIS.yaml': cases['Shift_JIS']!.bytes,
      'content/incidents/U16LE.yaml': cases['UTF-16 LE with a BOM']!.bytes,
      'content/incidents/U16BE.en.md': cases['UTF-16 BE without a BOM']!.bytes,
    });
    try {
      const run = await runKokuchi(['check', '--no-cache', '--format', 'json'], content.cwd);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string }[];
      expect(report.map((item) => `${item.file}:${item.line}:${item.column} ${item.rule}`)).toEqual([
        'content/incidents/SJIS.yaml:2:8 encoding',
        'content/incidents/U16BE.en.md:1:1 encoding',
        'content/incidents/U16LE.yaml:1:1 encoding',
      ]);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    } finally {
      await content.remove();
    }
  });

  it('is reported in the human format without NUL or replacement characters from its bytes', async () => {
    const content = await withTempContent({ 'content/incidents/SJIS.yaml': cases['Shift_JIS']!.bytes, 'content/incidents/U16BE.en.md': cases['UTF-16 BE without a BOM']!.bytes });
    try {
      const run = await runKokuchi(['check', '--no-cache'], content.cwd);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^content\/incidents\/SJIS\.yaml:2:8 {2}error {2}.*\[encoding\]$/mu);
      // eslint-disable-next-line no-control-regex
      expect(run.stderr).not.toMatch(/[\u0000\ufffd]/u);
    } finally {
      await content.remove();
    }
  });
});

describe('a character that a page cannot show', () => {
  it('is refused where it stands in a file, and at the value when a YAML escape made it', () => {
    const result = loadFixture({
      'incidents/EX1.yaml': lines(...YAML_RECORD.slice(0, 2), 'title: {en: "Mail\\u0007 is delayed", ja: メール}', ...YAML_RECORD.slice(3)),
      'incidents/EX2.en.md': '---\nservice: exchange-online\ntitle: T\nstart: 2021-11-25 21:33 JST\n---\n\n## 2021-11-25 13:00 UTC — investigating\n\nText \u001b[31mred\n',
      'incidents/EX3.yaml': lines('id: EX3', ...YAML_RECORD.slice(1, 9), '    body: {en: "\\uFFFF", ja: "\\uD800"}', ...YAML_RECORD.slice(10)),
    });
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 3, 13, 'invalid-character', 'the character U+0007, which pages cannot show'),
      diagnostic('content/incidents/EX2.en.md', 9, 6, 'invalid-character', 'U+001B'),
      diagnostic('content/incidents/EX3.yaml', 10, 16, 'invalid-character', 'U+FFFF'),
    ]);
  });

  it('in services.yaml is a configuration error', () => {
    const result = loadFixture({ [FILE]: RECORD, 'services.yaml': 'exchange-online: {ja: "Exchange\\0", en: Exchange}\n' });
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics).toContainEqual(diagnostic('content/services.yaml', 1, 23, 'invalid-character', 'U+0000'));
  });
});

describe('symbolic links in content/', () => {
  const SECRET = 'TOPSECRETWORD';
  const secretRecord = (id: string) => lines(`id: ${id}`, 'service: exchange-online', `title: {en: ${SECRET} ${id}, ja: ${SECRET}}`, 'start: 2021-11-25 21:33 JST', 'updates:', '  - at: 2021-11-25 22:00 JST', '    status: investigating', `    body: {en: ${SECRET}, ja: ${SECRET}}`);

  /** A site whose content/incidents holds links to a record and a folder outside content/, to /etc/passwd and to /dev/zero. */
  const linkedSite = async () => {
    const content = await withTempContent({ [FILE]: RECORD, 'outside/LEAK1.yaml': secretRecord('LEAK1'), 'outside/folder/LEAK2.yaml': secretRecord('LEAK2') });
    const incidents = path.join(content.cwd, 'content/incidents');
    await symlink(path.join(content.cwd, 'outside/LEAK1.yaml'), path.join(incidents, 'LEAK1.yaml'));
    await symlink('../../outside/folder', path.join(incidents, 'linked'));
    await symlink('/etc/passwd', path.join(incidents, 'passwd.md'));
    await symlink('/dev/zero', path.join(incidents, 'zero.yaml'));
    return content;
  };
  const WARNED = ['content/incidents/LEAK1.yaml:1:1 symlink', 'content/incidents/linked:1:1 symlink', 'content/incidents/passwd.md:1:1 symlink', 'content/incidents/zero.yaml:1:1 symlink'];

  it('are not followed, to files or folders outside it, and give one warning each', async () => {
    const content = await linkedSite();
    try {
      const run = await runKokuchi(['build', '--no-cache', '--templates', TEMPLATES, '--format', 'json'], content.cwd, { timeoutMs: 10_000 });
      expect(run.timedOut).toBe(false);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout.slice(0, run.stdout.lastIndexOf(']') + 1)) as { file: string; line: number; column: number; rule: string; severity: string }[];
      expect(report.map((item) => `${item.file}:${item.line}:${item.column} ${item.rule}`)).toEqual(WARNED);
      expect(report.every((item) => item.severity === 'warning')).toBe(true);
      const output = await readTree(path.join(content.cwd, 'dist'));
      expect(output.size).toBeGreaterThan(5);
      expect([...output].filter(([, bytes]) => bytes.includes(SECRET) || bytes.includes('root:x:0')).map(([file]) => file)).toEqual([]);
      expect([...output.keys()].filter((file) => /leak/iu.test(file))).toEqual([]);
    } finally {
      await content.remove();
    }
  });

  it('are reported in the human format without reading their targets for excerpts', async () => {
    const content = await linkedSite();
    try {
      const run = await runKokuchi(['check', '--no-cache'], content.cwd, { timeoutMs: 6000 });
      expect(run.timedOut, 'the check hung (reading /dev/zero for an excerpt?)').toBe(false);
      expect(run.code).toBe(0);
      expect(run.stderr.split('\n').filter((text) => text.endsWith('[symlink]'))).toHaveLength(4);
      expect(run.stderr).not.toContain(SECRET);
      expect(run.stderr).not.toContain('root:');
    } finally {
      await content.remove();
    }
  });

  it('are not followed for the incidents folder itself', async () => {
    const content = await withTempContent({ 'outside/LEAK3.yaml': secretRecord('LEAK3') });
    try {
      await symlink('../outside', path.join(content.cwd, 'content/incidents'));
      const run = await runKokuchi(['build', '--no-cache', '--templates', TEMPLATES, '--format', 'json'], content.cwd);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('"file": "content/incidents"');
      expect(run.stdout).toContain('"rule": "symlink"');
      const output = await readTree(path.join(content.cwd, 'dist'));
      expect(output.size).toBeGreaterThan(3);
      expect([...output].filter(([, bytes]) => bytes.includes(SECRET)).map(([file]) => file)).toEqual([]);
    } finally {
      await content.remove();
    }
  });

  it('are not followed for services.yaml, which then counts as missing (exit code 2)', async () => {
    const content = await withTempContent({ [FILE]: RECORD, 'content/services.yaml': null, 'outside/services.yaml': `exchange-online: {ja: ${SECRET}, en: ${SECRET}}\n` });
    try {
      await symlink('../outside/services.yaml', path.join(content.cwd, 'content/services.yaml'));
      const run = await runKokuchi(['build', '--no-cache', '--templates', TEMPLATES, '--format', 'json'], content.cwd);
      expect(run.code).toBe(2);
      const report = JSON.parse(run.stdout.slice(0, run.stdout.lastIndexOf(']') + 1)) as { file: string; rule: string; severity: string }[];
      expect(report.map((item) => `${item.file} ${item.severity} ${item.rule}`)).toEqual(['content/services.yaml error missing-config', 'content/services.yaml warning symlink']);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    } finally {
      await content.remove();
    }
  });
});
