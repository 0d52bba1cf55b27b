import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/build.js';
import { diagnostic, editLines, loadFixture, withTempContent, YAML_RECORD } from '../helpers/fixture.js';

/** Ids that could escape the output folder, collide on some file system, or pass for another id. Written as YAML scalars. */
const BAD_IDS: Record<string, string> = {
  'a parent folder': '"../x"',
  'a parent folder with a backslash': '"..\\\\x"',
  'a slash': 'a/b',
  'an absolute path': '"/etc/passwd"',
  'a Cyrillic look-alike': 'ЕХ300267',
  'full-width letters and digits': 'ＥＸ３００２６７',
  'a zero-width space': '"EX1\\u200B"',
  'a combining accent': '"EX1\\u0301"',
  'CON': 'CON',
  'nul in lower case': 'nul',
  'COM1': 'COM1',
  'LPT9': 'LPT9',
  'Aux in mixed case': 'Aux',
  'a trailing dot': '"EX1."',
  'a leading dot': '.EX1',
  'a leading dash': '-EX1',
  'a space': '"EX 1"',
  'an empty string': '""',
  '65 characters': 'A'.repeat(65),
  '10,000 characters': 'B'.repeat(10_000),
};

describe('an id', () => {
  for (const [name, value] of Object.entries(BAD_IDS)) {
    it(`with ${name} is refused with a bad-id error at the id`, () => {
      const result = loadFixture({ 'incidents/EX1.yaml': editLines(YAML_RECORD, { 1: `id: ${value}` }) });
      expect(result.model).toBeUndefined();
      expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX1.yaml', 1, 5, 'bad-id', '')]);
      expect(result.diagnostics[0]!.message.length).toBeLessThan(200);
      // eslint-disable-next-line no-control-regex
      expect(result.diagnostics[0]!.message).not.toMatch(/[\u0000-\u001f]/u);
    });
  }

  it('with a NUL is refused at the id, as a character no page can show', () => {
    const result = loadFixture({ 'incidents/EX1.yaml': editLines(YAML_RECORD, { 1: 'id: "EX1\\0.html"' }) });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX1.yaml', 1, 5, 'invalid-character', 'U+0000')]);
  });

  it('of 64 characters is accepted', () => {
    const result = loadFixture({ 'incidents/EX1.yaml': editLines(YAML_RECORD, { 1: `id: ${'A'.repeat(64)}` }) });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model?.incidents.map((incident) => incident.slug)).toEqual(['a'.repeat(64)]);
  });

  for (const file of ['CON.yaml', 'nul.yaml', 'com1.en.md', 'LPT9.ja.md', 'ЕХ1.yaml', 'ＥＸ１.en.md']) {
    it(`taken from the file name ${file} is refused at the start of the file`, () => {
      const text = file.endsWith('.md') ? '---\nservice: exchange-online\ntitle: T\nstart: 2021-11-25 21:33 JST\n---\n\n## 2021-11-25 22:00 JST — investigating\n\nText.\n' : editLines(YAML_RECORD, { 1: null });
      const result = loadFixture({ [`incidents/${file}`]: text });
      expect(result.model).toBeUndefined();
      expect(result.diagnostics).toContainEqual(diagnostic(`content/incidents/${file}`, 1, 1, 'bad-id', ''));
    });
  }

  it('that is bad exits 1 from the CLI with one positioned line per file and no stack trace', async () => {
    const content = await withTempContent({
      'content/incidents/A.yaml': editLines(YAML_RECORD, { 1: 'id: "../../etc/x"' }),
      'content/incidents/B.yaml': editLines(YAML_RECORD, { 1: 'id: ЕХ300267' }),
      'content/incidents/C.yaml': editLines(YAML_RECORD, { 1: 'id: COM1' }),
      'content/incidents/D.yaml': editLines(YAML_RECORD, { 1: 'id: "x\\0y"' }),
    });
    try {
      const run = await runCli(['build', '--no-cache'], content.cwd);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr.split('\n').filter((line) => /\[(bad-id|invalid-character)\]$/u.test(line))).toEqual(
        ['A bad-id', 'B bad-id', 'C bad-id', 'D invalid-character'].map((item) => {
          const [name, rule] = item.split(' ');
          return expect.stringMatching(new RegExp(`^content/incidents/${name}\\.yaml:1:5 {2}error {2}.*\\[${rule}\\]$`, 'u'));
        }),
      );
      expect(run.stderr).not.toMatch(/^\s+at /mu);
      expect(run.stderr).not.toContain('\0');
    } finally {
      await content.remove();
    }
  });
});
