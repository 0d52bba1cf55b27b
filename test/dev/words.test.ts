import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDev } from '../../src/commands/dev.js';
import { messageOf, withoutStack } from '../../src/dev/server.js';
import type { MessageLanguage } from '../../src/messages/types.js';
import { SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';

const RECORD = 'content/incidents/2021/EX300267.yaml';

/** Polls until `check` passes. */
async function eventually(check: () => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Runs `kokuchi dev` in `language` (as `main` chooses it from --lang), edits one record's title, stops, and gives back its stdout lines. */
async function devLines(language: MessageLanguage): Promise<{ lines: string[]; stderr: string }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-dev-words-'));
  try {
    await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
    await cp(TEMPLATES, path.join(cwd, 'templates'), { recursive: true });
    let stdout = '';
    let stderr = '';
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const environment = { stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: (chunk: string) => (stderr += chunk) }, cwd, env: {}, language };
    const run = runDev(['--port', '0', '--no-cache', '--no-search'], environment, stopped);
    await eventually(() => expect(stdout).toContain('Ctrl+C'), 30_000);
    const record = path.join(cwd, RECORD);
    const before = await readFile(record, 'utf8');
    const after = before.replace(/^ {2}ja: 複数のオンプレミス IP がブロック対象となり.*$/mu, '  ja: 編集後のタイトル（テスト）');
    expect(after).not.toBe(before);
    await writeFile(record, after);
    await eventually(() => expect(stdout).toContain('→'), 10_000);
    stop();
    expect(await run).toBe(0);
    return { lines: stdout.split('\n'), stderr };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe("kokuchi dev: its own progress lines, in the chosen language", () => {
  it('in English', async () => {
    const { lines, stderr } = await devLines('en');
    expect(lines[0]).toMatch(/^kokuchi dev: building http:\/\/127\.0\.0\.1:\d+\/ …$/u);
    expect(lines[1]).toMatch(/^kokuchi dev: \d+ incidents, \d+ files, \d+\.\d MB in memory \(\d+(?: ms|\.\d s)\)$/u);
    const edit = lines.find((line) => line.includes('→'));
    expect(edit).toMatch(/^\d\d:\d\d:\d\d content\/incidents\/2021\/EX300267\.yaml → 2 pages in \d+(?: ms|\.\d s); listings and feeds follow$/u);
    expect(stderr).toBe('');
  }, 60_000);

  it('in Japanese', async () => {
    const { lines, stderr } = await devLines('ja');
    expect(lines[0]).toMatch(/^kokuchi dev: http:\/\/127\.0\.0\.1:\d+\/ をビルドしています…$/u);
    expect(lines[1]).toMatch(/^kokuchi dev: 障害 \d+ 件、\d+ ファイル、メモリー上に \d+\.\d MB（\d+(?: ms|\.\d s)）$/u);
    const edit = lines.find((line) => line.includes('→'));
    expect(edit).toMatch(/^\d\d:\d\d:\d\d content\/incidents\/2021\/EX300267\.yaml → 2 ページ（\d+(?: ms|\.\d s)）。一覧とフィードはこのあと更新します$/u);
    expect(lines.join('\n')).not.toMatch(/[A-Za-z]{3,} (?:incidents?|files?|pages?|errors?)\b|shown in the browser|in the background/u);
    expect(stderr).toBe('');
  }, 60_000);
});

describe('kokuchi dev: internal failures', () => {
  it('name the error and drop the stack frames', () => {
    const error = new TypeError('cannot read "x"');
    expect(error.stack).toMatch(/\n\s+at /u);
    expect(messageOf(error)).toBe('cannot read "x"');
    expect(withoutStack(error.stack!)).toBe('TypeError: cannot read "x"');
    expect(withoutStack('first line\n    at render (file.js:1:2)\n    at async run (file.js:3:4)\nsecond line')).toBe('first line\nsecond line');
    expect(messageOf('not an Error')).toBe('not an Error');
  });
});
