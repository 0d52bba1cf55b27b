import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { REPO_ROOT } from '../helpers/build.js';
import { readTexts, runMain, sampleWorkspace } from '../helpers/workspace.js';

const SHAPES = path.join(REPO_ROOT, 'test/fixtures/m365/shapes');

async function workspace(): Promise<string> {
  const cwd = await sampleWorkspace('shapes');
  await cp(SHAPES, path.join(cwd, 'shapes'), { recursive: true });
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args);

/** Texts of the records an import wrote, for checks on what readers will see. */
async function written(cwd: string, ids: string[]): Promise<string> {
  const texts: string[] = [];
  for (const id of ids) texts.push(await readFile(path.join(cwd, 'content/incidents/2024', `${id}.yaml`), 'utf8'));
  return texts.join('\n');
}

describe('kokuchi import m365 with the files real tools write', () => {
  it.each([
    ['cli-health-list-issues.json', ['EX810001', 'SP810002']],
    ['cli-health-get-issues.json', ['EX810001']],
    ['graph-health-overviews.json', ['EX810001']],
    ['cli-healthissue-list.json', ['EX810001', 'TM810003']],
    ['powershell-utf16.json', ['EX810005']],
    ['mojibake-cp850.json', ['EX810004']],
  ])('imports %s into clean records that check accepts', async (file, ids) => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'm365', `shapes/${file}`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`imported ${ids.length} issue${ids.length === 1 ? '' : 's'} from shapes/${file}`);
    const text = await written(cwd, ids);
    expect(text).not.toMatch(/Ô|Ç|Ã|â€/u);
    expect(text).not.toMatch(/\\\n|\\$|\\\\/mu);
    expect(text).not.toContain('\\-');
    const loaded = await loadContent(path.join(cwd, 'content'), cwd);
    expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  });

  it('repairs mojibake, warns at each repaired field, and writes real lists', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'm365', 'shapes/mojibake-cp850.json');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/shapes\/mojibake-cp850\.json:5:12 +warning +"title" of issue EX810004 was UTF-8 read as CP850/u);
    expect(result.stderr).toContain('import-mojibake');
    const text = await written(cwd, ['EX810004']);
    expect(text).toContain('title:\n  en: Admins’ exports don’t finish\n');
    expect(text).toContain('impact:\n  en: Admins’ exports may stop before they’re complete.\n');
    expect(text).toContain('- We’re reviewing the export service.\n');
    expect(text).toContain('- We’re preparing a fix.\n');
  });

  it('keeps working with unknownFutureValue and other casings, with a warning', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'm365', 'shapes/cli-healthissue-list.json', '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { rule: string; message: string }[];
    const unknown = report.filter((item) => item.rule === 'import-unknown-value').map((item) => item.message);
    expect(unknown).toEqual(['"classification" is "unknownFutureValue", which kokuchi does not know yet; it is imported as incident', '"status" is "unknownFutureValue", which kokuchi does not know yet; it is imported as investigating']);
    const cased = await run(await workspace(), 'import', 'm365', 'shapes/cli-health-list-issues.json');
    expect(cased.code).toBe(0);
    expect(cased.stderr).not.toContain('import-unknown-value');
  });

  it('keeps a post dated before the issue start as an update', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'm365', 'shapes/cli-health-list-issues.json')).code).toBe(0);
    const text = await written(cwd, ['SP810002']);
    expect(text).toContain('start: 2024-03-04 08:10 UTC');
    expect(text).toContain('- at: 2024-03-04 07:55 UTC');
  });

  it.each([
    ['statuspage.json', 'a Statuspage export', 'kokuchi import statuspage shapes/statuspage.json'],
    ['google-cloud.json', 'a Google Cloud status file (incidents.json)', 'kokuchi import google-cloud shapes/google-cloud.json'],
  ])('says what %s is and which command imports it, in one message, writing nothing', async (file, what, command) => {
    const cwd = await workspace();
    const before = await readTexts(path.join(cwd, 'content'));
    const result = await run(cwd, 'import', 'm365', `shapes/${file}`, '--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { rule: string; message: string; hint: string; line: number; column: number }[];
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ rule: 'import-foreign-file', message: `this is not a Microsoft 365 file but ${what}`, hint: `import it with: ${command}`, column: 1 });
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });
});
