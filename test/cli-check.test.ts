import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySampleSite } from './helpers/build.js';
import { editLines, withTempContent, YAML_RECORD, type TempContent } from './helpers/fixture.js';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../bin/kokuchi.js', import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const outputs: Run[] = [];

/** Runs the compiled CLI as a user would, in `cwd` (the repository by default). */
function kokuchi(args: string[], cwd = repositoryRoot): Run {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'America/New_York', LANG: 'C' },
    timeout: 60_000,
  });
  const run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  outputs.push(run);
  return run;
}

let brokenRun: Run | undefined;
/** The human report on the broken fixtures, run once for the tests that read it. */
const checkBroken = () => (brokenRun ??= kokuchi(['check', '--content', 'test/fixtures/broken']));

/** The `path:line:column  severity  message  [rule]` lines of a human report. */
const problemLines = (text: string) => text.split('\n').filter((line) => /^\S+:\d+:\d+ {2}(error|warning) {2}/u.test(line));

const BROKEN = 'test/fixtures/broken/incidents';
const EXPECTED_BROKEN = [
  `${BROKEN}/bad-values.yaml:1:10  error  unknown service "exchange"; did you mean "exchange-online"?  [unknown-service]`,
  `${BROKEN}/bad-values.yaml:4:6  error  end (2021-11-25 12:00 UTC) is before start (2021-11-25 21:33 JST)  [end-before-start]`,
  `${BROKEN}/bad-values.yaml:7:10  error  the link "javascript:alert(1)" is not an http(s) URL  [link-scheme]`,
  `${BROKEN}/bad-values.yaml:12:18  error  next_update (2021-11-25 21:00 JST) is not after the update itself (Thursday, November 25, 2021, 10:00 PM (1:00 PM UTC))  [next-update-before-update]`,
  `${BROKEN}/bad-values.yaml:13:5  error  the update at 2021-11-26 09:00 JST has no text  [empty-update]`,
  `${BROKEN}/empty.yaml:1:1  error  the file is empty  [empty-file]`,
  `${BROKEN}/markdown/MD1.ja.md:2:10  error  service is "microsoft-teams" here but "exchange-online" in ${BROKEN}/markdown/MD1.en.md:2:10  [conflicting-value]`,
  `${BROKEN}/markdown/MD1.ja.md:8:27  error  unknown status "調査ちゅう"  [unknown-status]`,
  `${BROKEN}/markdown/MD2.fr.md:1:1  error  the file name says language "fr", but kokuchi writes ja and en  [unknown-language]`,
  `${BROKEN}/misspelt-key.yaml:2:1  error  unknown key "titel"; did you mean "title"?  [unknown-key]`,
  `${BROKEN}/no-zone.yaml:3:8  error  "2021-11-25 21:33" has no time zone  [time-no-zone]`,
  `${BROKEN}/number-time.yaml:5:9  error  updates[0].at must be a time written as text with a zone, not the number 2021  [time-format]`,
  `${BROKEN}/unknown-status.yaml:6:13  error  unknown status "investigatin"; did you mean "investigating"?  [unknown-status]`,
  `${BROKEN}/untranslated.yaml:2:8  warning  the title has no Japanese text  [missing-translation]`,
  `${BROKEN}/wrong-weekday.yaml:3:8  error  November 25, 2021 is a Thursday, not a Friday  [time-weekday]`,
];
const SAMPLE_WARNING =
  'content/incidents/2026/MO1180412.yaml:76:5  warning  the update at Thursday, November 26, 2026, 6:45 PM (9:45 AM UTC) has no Japanese text for title, impact, current_status, scope  [missing-translation]';

/** A working copy of the sample fixture (`content/` in a temporary folder): never the repository's own content/. */
let sample: { cwd: string; remove(): Promise<void> };
beforeAll(async () => {
  sample = await copySampleSite();
});
afterAll(() => sample.remove());

beforeAll(() => {
  // Compile src/ into lib/ (as `npm run compile` does) so that bin/kokuchi.js runs the current code. Type errors are the typecheck's
  // business (tsc exits with 2 but still writes lib/); anything else means there is nothing to run.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (build.status !== 0 && build.status !== 2) throw new Error(`tsc -p tsconfig.build.json failed:\n${build.stdout}${build.stderr}`);
  // …and bundle it into lib/kokuchi.js, which bin/kokuchi.js runs.
  const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
}, 180_000);

describe('kokuchi check', () => {
  it('exits 0 on the sample content and prints its one warning with an excerpt', () => {
    const run = kokuchi(['check'], sample.cwd);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('checked 3 incidents in content: no errors\n');
    expect(problemLines(run.stderr)).toEqual([SAMPLE_WARNING]);
    expect(run.stderr).toContain('   76 |   - at: "Thursday, November 26, 2026, 6:45 PM (9:45 AM UTC)"\n      |     ^\n');
    expect(run.stderr).toContain('    hint: the other language is shown with a note until it is translated\n');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('0 errors, 1 warning');
  });

  it('accepts --content pointing at the sample folder', () => {
    const run = kokuchi(['check', '--content', 'content'], sample.cwd);
    expect(run.status).toBe(0);
  });

  it('exits 1 on the broken fixtures and prints every expected line, sorted', () => {
    const run = checkBroken();
    expect(run.status).toBe(1);
    expect(problemLines(run.stderr)).toEqual(EXPECTED_BROKEN);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('14 errors, 1 warning');
    expect(run.stderr).not.toContain('_ignored.yaml');
    expect(run.stdout).toBe('');
  });

  it('shows the offending line with a caret under the column', () => {
    const run = checkBroken();
    const text = run.stderr.split('\n');
    const at = text.indexOf(`${BROKEN}/wrong-weekday.yaml:3:8  error  November 25, 2021 is a Thursday, not a Friday  [time-weekday]`);
    expect(text.slice(at + 1, at + 4)).toEqual([
      '    3 | start: "Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)"',
      '      |        ^',
      '    hint: fix the weekday or the date',
    ]);
    const japanese = text.indexOf(`${BROKEN}/markdown/MD1.ja.md:8:27  error  unknown status "調査ちゅう"  [unknown-status]`);
    // 「—」 is one column wide and nothing before it is wide, so the caret sits under 調.
    expect(text.slice(japanese + 1, japanese + 3)).toEqual(['    8 | ## 2021-11-25 22:00 JST — 調査ちゅう', '      |                           ^']);
  });

  it('turns the sample warning into an error with --strict and exits 1', () => {
    const run = kokuchi(['check', '--strict'], sample.cwd);
    expect(run.status).toBe(1);
    expect(problemLines(run.stderr)).toEqual([SAMPLE_WARNING.replace('  warning  ', '  error  ')]);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('1 error, 0 warnings');
  });

  it('prints a JSON array on stdout with --format json', () => {
    const run = kokuchi(['check', '--content', 'test/fixtures/broken', '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(report).toHaveLength(EXPECTED_BROKEN.length);
    for (const item of report) {
      expect(Object.keys(item)).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message', 'hint', 'language']);
      expect(item).toMatchObject({ file: expect.any(String), line: expect.any(Number), column: expect.any(Number), rule: expect.stringMatching(/^[a-z]+(-[a-z]+)*$/u) });
    }
    expect(report[0]).toEqual({
      file: `${BROKEN}/bad-values.yaml`,
      line: 1,
      column: 10,
      severity: 'error',
      rule: 'unknown-service',
      message: 'unknown service "exchange"; did you mean "exchange-online"?',
      hint: 'add it to content/services.yaml or use one of: exchange-online, microsoft-teams',
      language: 'en',
    });
    expect(report.map((item) => `${String(item.file)}:${String(item.line)}:${String(item.column)}`)).toEqual(EXPECTED_BROKEN.map((line) => line.split('  ')[0]));
  });

  it('prints an empty JSON array when there is nothing to report', async () => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': editLines(YAML_RECORD) });
    try {
      const run = kokuchi(['check', '--format', 'json'], content.cwd);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([]);
    } finally {
      await content.remove();
    }
  });

  it('prints GitHub workflow commands with --format github', () => {
    const run = kokuchi(['check', '--content', 'test/fixtures/broken', '--format', 'github']);
    expect(run.status).toBe(1);
    const commands = run.stdout.trimEnd().split('\n');
    expect(commands).toHaveLength(EXPECTED_BROKEN.length);
    for (const command of commands) expect(command).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=kokuchi [a-z-]+::\S/u);
    expect(commands).toContain(
      `::error file=${BROKEN}/wrong-weekday.yaml,line=3,col=8,title=kokuchi time-weekday::November 25, 2021 is a Thursday, not a Friday (fix the weekday or the date)`,
    );
    expect(commands.filter((command) => command.startsWith('::warning '))).toHaveLength(1);
  });

  it('uses content/ under the working directory by default and shows paths relative to it', async () => {
    const content: TempContent = await withTempContent({ 'content/incidents/2021/EX1.yaml': editLines(YAML_RECORD, { 4: 'start: 2021-11-25 21:33' }) });
    try {
      const run = kokuchi(['check'], content.cwd);
      expect(run.status).toBe(1);
      expect(problemLines(run.stderr)).toEqual(['content/incidents/2021/EX1.yaml:4:8  error  "2021-11-25 21:33" has no time zone  [time-no-zone]']);
    } finally {
      await content.remove();
    }
  });

  it('shows excerpts of files with a BOM and CRLF line endings without the BOM, caret in place', async () => {
    const text = `\uFEFF${editLines(YAML_RECORD, { 1: 'id: "../x"' }).replace(/\n/g, '\r\n')}`;
    const content = await withTempContent({ 'content/incidents/EX1.yaml': text });
    try {
      const lines = kokuchi(['check'], content.cwd).stderr.split('\n');
      const at = lines.indexOf('content/incidents/EX1.yaml:1:5  error  "../x" is not a valid id  [bad-id]');
      expect(at).toBeGreaterThan(-1);
      expect(lines.slice(at + 1, at + 3)).toEqual(['    1 | id: "../x"', '      |     ^']);
    } finally {
      await content.remove();
    }
  });

  it('exits 2 when the content folder does not exist', () => {
    const run = kokuchi(['check', '--content', 'no/such/folder']);
    expect(run.status).toBe(2);
    expect(problemLines(run.stderr)).toEqual(['no/such/folder/site.yaml:1:1  error  no/such/folder/site.yaml is missing  [missing-config]']);
  });

  it('exits 2 on an unknown option', () => {
    const run = kokuchi(['check', '--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^kokuchi check: Unknown option '--bogus'/u);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on an unknown format, an extra argument or an unknown command', () => {
    expect(kokuchi(['check', '--format', 'xml']).stderr).toBe('kokuchi check: --format must be human, json or github, not "xml"\n');
    expect(kokuchi(['check', '--format', 'xml']).status).toBe(2);
    expect(kokuchi(['check', 'content']).status).toBe(2);
    const unknown = kokuchi(['chek']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('kokuchi: unknown command "chek"');
  });

  it('prints usage with --help and exits 0', () => {
    const run = kokuchi(['check', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--strict');
  });

  it('never prints a stack trace, whatever went wrong above', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const run of outputs) expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^ {4}at /mu);
  });
});

