import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/content/source.js';
import { MAX_UPDATES } from '../../src/content/schema.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { CLI, runCli } from '../helpers/build.js';
import { diagnostic, editLines, lines, loadFixture, withTempContent, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';
const TIME = '/usr/bin/time';
const MB = 1024 * 1024;

/** The first five lines of the valid record (id, service, title, start, end), to which tests append `updates:`. */
const HEAD = YAML_RECORD.slice(0, 5);

/** Runs the CLI under /usr/bin/time, returning its peak resident memory in KiB and its wall time. */
function runMeasured(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; peakKiB: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const options = { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' as const, maxBuffer: 256 * MB };
    execFile(TIME, ['-f', 'peak-rss-kib=%M', process.execPath, CLI, ...args], options, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      const match = /peak-rss-kib=(\d+)\s*$/u.exec(stderr);
      if (!match) return reject(new Error(`no measurement in ${stderr.slice(-500)}`));
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr: stderr.slice(0, match.index), peakKiB: Number(match[1]), ms: performance.now() - started });
    });
  });
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/mu);

describe('a 50 MB content file', () => {
  /** A small valid site, and the same site with a 50 MB record and a sparse 50 MB Markdown file (reading either costs 50 MB). */
  const sites = async () => {
    const small = await withTempContent({ [FILE]: lines(...YAML_RECORD) });
    const huge = await withTempContent({ [FILE]: lines(...YAML_RECORD) });
    await writeFile(path.join(huge.cwd, 'content/incidents/HUGE.yaml'), Buffer.alloc(50 * MB, 'note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'));
    const handle = await open(path.join(huge.cwd, 'content/incidents/HUGE2.en.md'), 'w');
    await handle.truncate(50 * MB);
    await handle.close();
    return { small, huge, remove: () => Promise.all([small.remove(), huge.remove()]) };
  };
  const expectRefused = (text: string) => {
    expect(text).toContain('content/incidents/HUGE.yaml');
    expect(text).toContain('content/incidents/HUGE2.en.md');
    expect(text.match(/file-too-large/gu)).toHaveLength(2);
    expect(text).toContain('the file is 50 MiB, over the limit of 4 MiB');
  };

  it.skipIf(!existsSync(TIME))('is refused with file-too-large before it is read: no more memory or time than a small site', async () => {
    const { small, huge, remove } = await sites();
    try {
      const args = ['check', '--no-cache', '--format', 'json'];
      const [baseline, measured] = await Promise.all([runMeasured(args, small.cwd), runMeasured(args, huge.cwd)]);
      expect(baseline.code, baseline.stderr).toBe(0);
      expect(measured.code).toBe(1);
      expectRefused(measured.stdout);
      noStackTrace(measured.stderr);
      expect(measured.peakKiB, `peak ${measured.peakKiB} KiB against ${baseline.peakKiB} KiB for a small site`).toBeLessThan(baseline.peakKiB + 25 * 1024);
      expect(measured.ms).toBeLessThan(baseline.ms + 3000);
    } finally {
      await remove();
    }
  });

  it.skipIf(!existsSync(TIME))('is reported in the human format without reading it for an excerpt', async () => {
    const { small, huge, remove } = await sites();
    try {
      const [baseline, measured] = await Promise.all([runMeasured(['check', '--no-cache'], small.cwd), runMeasured(['check', '--no-cache'], huge.cwd)]);
      expect(measured.code).toBe(1);
      expectRefused(measured.stderr);
      noStackTrace(measured.stderr);
      expect(measured.stderr.length, 'the report printed a huge excerpt').toBeLessThan(10_000);
      expect(measured.peakKiB, `peak ${measured.peakKiB} KiB against ${baseline.peakKiB} KiB for a small site`).toBeLessThan(baseline.peakKiB + 25 * 1024);
    } finally {
      await remove();
    }
  });
});

describe('a file with too many updates', () => {
  const tinyUpdates = (count: number) => [...HEAD, 'updates:', ...Array.from({ length: count }, () => '  - {at: a, status: b}')];

  it(`over ${MAX_UPDATES} but small gives one too-many-updates error at the key, not one error per update, quickly`, () => {
    const rows = tinyUpdates(3000);
    expect(Buffer.byteLength(lines(...rows))).toBeLessThan(MAX_FILE_BYTES);
    const started = performance.now();
    const result = loadFixture({ [FILE]: lines(...rows) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 6, 1, 'too-many-updates', `incident EX1 has 3000 updates, over the limit of ${MAX_UPDATES}`)]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('in Markdown headings gives one error at the first heading over the limit', () => {
    const sections = Array.from({ length: 2500 }, (_, index) => `## 2021-11-25 13:00 UTC — investigating\n\nText ${index}.\n`);
    const text = `---\nservice: exchange-online\ntitle: T\nstart: 2021-11-25 21:33 JST\n---\n\n${sections.join('\n')}`;
    const started = performance.now();
    const result = loadFixture({ 'incidents/EX2.en.md': text });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX2.en.md', 7 + MAX_UPDATES * 4, 1, 'too-many-updates', `incident EX2 has 2500 updates, over the limit of ${MAX_UPDATES}`)]);
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('of 100,000 real updates is over the size limit and refused without parsing', () => {
    const rows = [...HEAD, 'updates:'];
    for (let index = 0; index < 100_000; index += 1) rows.push(`  - {at: "2021-11-25 22:${String(index % 60).padStart(2, '0')} JST", status: investigating, body: "Update ${index}."}`);
    const text = lines(...rows);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_FILE_BYTES);
    const started = performance.now();
    const result = loadFixture({ [FILE]: text });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 1, 1, 'file-too-large', 'over the limit of 4 MiB')]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('deeply nested YAML', () => {
  const cases: Record<string, { text: string; line: number; column?: number }> = {
    '10,000 nested flow sequences': { text: `id: EX1\ntitle: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, line: 2, column: 8 + 256 },
    '10,000 nested flow maps': { text: `title: ${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}\n`, line: 1, column: 8 + 256 * 4 },
    'a million nested brackets': { text: `title: ${'[{'.repeat(500_000)}\n`, line: 1, column: 8 + 256 },
    '10,000 nested block sequences on one line': { text: `title:\n${'- '.repeat(10_000)}x\n`, line: 2 },
    '2,000 nested block maps': { text: `${Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n')} x\n`, line: 0 },
    '40 nested flow sequences': { text: `title: ${'['.repeat(40)}${']'.repeat(40)}\n`, line: 1, column: 8 + 32 },
  };
  for (const [name, { text, line, column }] of Object.entries(cases)) {
    it(`with ${name} gives one positioned yaml-too-deep error, quickly`, () => {
      expect(Buffer.byteLength(text)).toBeLessThan(MAX_FILE_BYTES);
      const started = performance.now();
      const result = loadFixture({ [FILE]: text });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(result.diagnostics).toHaveLength(1);
      const [only] = result.diagnostics;
      expect(only).toMatchObject({ file: FILE, rule: 'yaml-too-deep', severity: 'error' });
      if (line > 0) expect(only!.line).toBe(line);
      if (column !== undefined) expect(only!.column).toBe(column);
      expect(only!.line).toBeGreaterThan(0);
    });
  }

  it('in front matter is positioned in the Markdown file', () => {
    const result = loadFixture({ 'incidents/EX2.en.md': `---\nservice: exchange-online\ntitle: ${'['.repeat(10_000)}\n---\n\nText.\n` });
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/EX2.en.md', 3, 8 + 256, 'yaml-too-deep', 'nested more than 32 levels')]);
  });
});

describe('Markdown nested absurdly deep', () => {
  const cases: Record<string, string> = {
    '10,000 nested block quotes': `${'> '.repeat(10_000)}x`,
    '10,000 nested list items on one line': `${'- '.repeat(10_000)}x`,
    'a list nested 1,000 levels by indentation': Array.from({ length: 1000 }, (_, depth) => `${' '.repeat(depth * 2)}- x`).join('\n'),
    '10,000 nested emphases': `${'*a '.repeat(10_000)}x${' b*'.repeat(10_000)}`,
    '5,000 nested strikethroughs': `${'~~a '.repeat(5000)}x${' b~~'.repeat(5000)}`,
  };

  for (const [name, markdown] of Object.entries(cases)) {
    it(`(${name}) in a Markdown body is refused with a positioned markdown-too-deep error, quickly`, () => {
      const started = performance.now();
      const result = loadFixture({ 'incidents/EX2.en.md': `---\nservice: exchange-online\ntitle: T\nstart: 2021-11-25 21:33 JST\n---\n\nIntro.\n\n## 2021-11-25 13:00 UTC — investigating\n\n${markdown}\n` });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'content/incidents/EX2.en.md', rule: 'markdown-too-deep', severity: 'error' })]);
      expect(result.diagnostics[0]!.line).toBeGreaterThanOrEqual(11);
    });

    it(`(${name}) in a YAML field is refused at the value, and rendered only as escaped text`, () => {
      const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 10: `    body: {en: ${JSON.stringify(markdown)}, ja: x}` }) });
      expect(result.diagnostics).toEqual([diagnostic(FILE, 10, 16, 'markdown-too-deep', 'nested more than 32 levels')]);
      const started = performance.now();
      const html = renderMarkdown(markdown);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(html.startsWith('<p>')).toBe(true);
      expect(html).not.toMatch(/<(?!\/?p>)/u);
    });
  }

  it('within the limit is still rendered as Markdown', () => {
    const nested = Array.from({ length: 10 }, (_, depth) => `${' '.repeat(depth * 2)}- level ${depth}`).join('\n');
    expect(loadFixture({ [FILE]: editLines(YAML_RECORD, { 10: `    body: {en: ${JSON.stringify(`> > quoted *a **b _c_** d*\n\n${nested}`)}, ja: x}` }) }).diagnostics).toEqual([]);
    expect(renderMarkdown(nested).match(/<ul>/gu)).toHaveLength(10);
    expect(renderMarkdown('snake_case_name *a* __b__ ~~c~~ _id _x')).toContain('<em>a</em>');
  });
});

describe('YAML aliases that expand exponentially ("billion laughs")', () => {
  const bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (const [level, name] of [...'bcdefghi'].entries()) bomb.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[level]}`).join(', ')}]`);

  it('are refused quickly with yaml-aliases, in a record and in front matter', () => {
    const started = performance.now();
    const result = loadFixture({ [FILE]: lines(...bomb), 'incidents/EX2.en.md': `---\n${bomb.join('\n')}\n---\n\nText.\n` });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.diagnostics).toEqual([
      diagnostic('content/incidents/EX1.yaml', 1, 1, 'yaml-aliases', 'the YAML could not be expanded'),
      diagnostic('content/incidents/EX2.en.md', 2, 1, 'yaml-aliases', 'the YAML could not be expanded'),
    ]);
  });

  it('that refer to themselves give a positioned type error, not a hang or a crash', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 3: 'title: &t {en: *t}' }) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 3, 16, 'invalid-type', 'title.en must be text')]);
  });
});

describe('nested and bombed YAML on the command line', () => {
  it('exits 1 within seconds with one positioned line per file and no stack trace', async () => {
    const bomb = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level < 10; level += 1) bomb.push(`a${level}: &a${level} [${Array(10).fill(level === 1 ? '*a' : `*a${level - 1}`).join(', ')}]`);
    const content = await withTempContent({
      'content/incidents/BOMB.yaml': lines(...bomb),
      'content/incidents/DEEP.yaml': `title: ${'['.repeat(100_000)}\n`,
      'content/incidents/BLOCK.yaml': `title:\n${'- '.repeat(10_000)}x\n`,
      'content/incidents/QUOTES.en.md': `---\ntitle: T\n---\n\n${'> '.repeat(100_000)}x\n`,
    });
    try {
      const started = performance.now();
      const run = await runCli(['build', '--no-cache'], content.cwd);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(run.code, run.stderr).toBe(1);
      noStackTrace(run.stderr);
      const rules = run.stderr.split('\n').flatMap((line) => /^(content\/\S+):\d+:\d+ {2}error {2}.*\[([a-z-]+)\]$/u.exec(line)?.slice(1, 3).join(' ') ?? []);
      expect(rules).toEqual([
        'content/incidents/BLOCK.yaml yaml-too-deep',
        'content/incidents/BOMB.yaml yaml-aliases',
        'content/incidents/DEEP.yaml yaml-too-deep',
        'content/incidents/QUOTES.en.md markdown-too-deep',
      ]);
    } finally {
      await content.remove();
    }
  });
});
