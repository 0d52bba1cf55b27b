import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { REPO_ROOT } from '../helpers/build.js';
import { runMain, sampleWorkspace } from '../helpers/workspace.js';

const RECORD = 'content/incidents/2021/EX300267.yaml';
const ENGLISH = "      en: We're reviewing reports that some users can't send email and are checking whether your organization is affected. We'll provide an update within 30 minutes.\n";
const JAPANESE = '      ja: 一部のユーザーがメールを送信できないという報告を確認しています。\n';

async function workspace(): Promise<string> {
  const cwd = await sampleWorkspace('reimport');
  await rm(path.join(cwd, RECORD));
  await cp(path.join(REPO_ROOT, 'test/fixtures/m365'), path.join(cwd, 'fixtures'), { recursive: true });
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args);

const read = (cwd: string) => readFile(path.join(cwd, RECORD), 'utf8');

async function outdated(cwd: string) {
  const result = await loadContent(path.join(cwd, 'content'), cwd);
  return { model: result.model, warnings: result.diagnostics.filter((item) => item.rule === 'translation-outdated') };
}

/** Imports the first snapshot and translates the first update's Current status, as a writer does. */
async function translatedWorkspace(): Promise<string> {
  const cwd = await workspace();
  expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267.json')).code).toBe(0);
  const first = await read(cwd);
  expect(first).toContain(ENGLISH);
  await writeFile(path.join(cwd, RECORD), first.replace(ENGLISH, `${ENGLISH}${JAPANESE}`));
  return cwd;
}

describe('re-import never goes backwards', () => {
  it('remembers the snapshot time, and an older snapshot after a newer one changes no byte', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json')).code).toBe(0);
    const newer = await read(cwd);
    expect(newer).toContain('source_modified: 2021-11-26 16:58:12.400 UTC\n');
    const older = await run(cwd, 'import', 'm365', 'fixtures/ex300267.json');
    expect(older.code).toBe(0);
    expect(older.stdout).toContain("kept EX300267 (content/incidents/2021/EX300267.yaml): the imported data (last modified 2021-11-26T14:06:41.890Z) is older than the record's (2021-11-26T16:58:12.400Z); nothing changed\n");
    expect(older.stdout).toContain('0 files created, 0 updated');
    expect(await read(cwd)).toBe(newer);
  });

  it('merges a newer snapshot and moves source_modified on', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267.json')).code).toBe(0);
    expect(await read(cwd)).toContain('source_modified: 2021-11-26 14:06:41.890 UTC\n');
    const newer = await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json');
    expect(newer.stdout).toContain('updated EX300267 source_modified (2021-11-26 14:06:41.890 UTC → 2021-11-26T16:58:12.400Z)\n');
    expect(await read(cwd)).toContain('source_modified: 2021-11-26 16:58:12.400 UTC\n');
  });
});

describe('translations that are out of date stay visible', () => {
  it('warns at the translation in check until it is confirmed, showing the Japanese meanwhile', async () => {
    const cwd = await translatedWorkspace();
    expect((await outdated(cwd)).warnings).toEqual([]);
    expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json')).code).toBe(0);
    const merged = await read(cwd);
    const line = merged.split('\n').findIndex((text) => text.startsWith('      translated_from: ')) + 1;
    expect(line).toBeGreaterThan(0);

    const check = await run(cwd, 'check');
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`${RECORD}:${line}:7  warning  the English text of current_status of the update at 2021-11-26 06:02 UTC changed after it was translated; the translation may be out of date  [translation-outdated]`);
    // Still warned on the next check: nothing forgets it.
    expect((await run(cwd, 'check')).stderr).toContain('[translation-outdated]');
    const { model, warnings } = await outdated(cwd);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.texts?.ja.message).toBe('2021-11-26 06:02 UTC の更新の「current_status」は、翻訳した後に英語の原文が変わりました。翻訳が古くなっているかもしれません');
    const update = model!.incidents.find((incident) => incident.id === 'EX300267')!.updates.at(-1)!;
    expect(update.fields.current_status?.ja).toBe('一部のユーザーがメールを送信できないという報告を確認しています。');

    const confirm = await run(cwd, 'translations', '--confirm', 'EX300267');
    expect(confirm.code).toBe(0);
    expect(confirm.stdout).toBe(`confirmed 1 translation of EX300267 in ${RECORD}\n`);
    expect((await outdated(cwd)).warnings).toEqual([]);
    expect(await read(cwd)).toBe(merged.replace(/^ {6}translated_from: .*\n/mu, ''));
    expect((await run(cwd, 'translations', '--confirm', 'EX300267')).stdout).toContain('nothing to confirm');
  });

  it('stops warning once the writer edits the Japanese', async () => {
    const cwd = await translatedWorkspace();
    expect((await run(cwd, 'import', 'm365', 'fixtures/ex300267-v2.json')).code).toBe(0);
    expect((await outdated(cwd)).warnings).toHaveLength(1);
    const merged = await read(cwd);
    await writeFile(path.join(cwd, RECORD), merged.replace(JAPANESE, '      ja: 一部のユーザーがメールを送信できない問題を調査しています。30 分以内にお知らせします。\n'));
    expect((await outdated(cwd)).warnings).toEqual([]);
  });

  it('refuses an unknown id with a hint', async () => {
    const cwd = await translatedWorkspace();
    const result = await run(cwd, 'translations', '--confirm', 'EX300268');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no YAML record has the id "EX300268"');
    expect(result.stderr).toContain('did you mean EX300267?');
  });
});
