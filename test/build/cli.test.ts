import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { htmlFiles, parseHtml, readTree, runCli, SAMPLE_CONTENT, TEMPLATES, type OutputTree } from '../helpers/build.js';
import { lines, withTempContent } from '../helpers/fixture.js';

/** A record with two errors: an impossible time (line 4) and an unknown status (line 7). */
const BROKEN_RECORD = lines(
  'id: BROKEN1',
  'service: exchange-online',
  'title: {en: Broken, ja: 壊れた記録}',
  'start: 2026-11-30 25:99 JST',
  'updates:',
  '  - at: 2026-11-30 10:00 JST',
  '    status: fixed-it',
);

/** A file-by-file copy of a tree, so that later writes cannot change it. */
const snapshot = (tree: OutputTree) => new Map([...tree].map(([file, bytes]) => [file, Buffer.from(bytes)]));

describe('kokuchi build on the command line', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-cli-'));
    await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('prints one summary line on success', async () => {
    const run = await runCli(['build', '--templates', TEMPLATES], cwd);
    expect(run.code, run.stderr).toBe(0);
    // The sample's one untranslated update is a warning, not an error.
    expect(run.stderr).not.toMatch(/ {2}error {2}/u);
    const match = /^built 2 languages, (\d+) pages, 3 incidents in \d+\.\d s → dist\/\n$/u.exec(run.stdout);
    expect(match, run.stdout).not.toBeNull();
    expect(Number(match![1])).toBe(htmlFiles(await readTree(path.join(cwd, 'dist'))).length);
  });

  it('says with --timings how many files the render made: none when nothing changed', async () => {
    const first = await runCli(['build', '--templates', TEMPLATES, '--timings', '--out', 'dist-timings'], cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(Number(/^ {2}made +(\d+) files$/mu.exec(first.stderr)?.[1])).toBeGreaterThan(10);
    const again = await runCli(['build', '--templates', TEMPLATES, '--timings', '--out', 'dist-timings', '--no-search'], cwd);
    const third = await runCli(['build', '--templates', TEMPLATES, '--timings', '--out', 'dist-timings', '--no-search'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(third.stderr).toMatch(/^ {2}made +0 files$/mu);
    await rm(path.join(cwd, 'dist-timings'), { recursive: true });
  });

  it('exits 1 on a broken record, prints positioned errors and leaves the previous output byte-identical', async () => {
    const dist = path.join(cwd, 'dist');
    await runCli(['build', '--templates', TEMPLATES], cwd);
    const before = snapshot(await readTree(dist));
    expect(before.size).toBeGreaterThan(5);

    await writeFile(path.join(cwd, 'content/incidents/2026/BROKEN1.yaml'), BROKEN_RECORD);
    try {
      const run = await runCli(['build', '--templates', TEMPLATES], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^content\/incidents\/2026\/BROKEN1\.yaml:4:\d+ {2}error {2}/mu);
      expect(run.stderr).toMatch(/^content\/incidents\/2026\/BROKEN1\.yaml:7:\d+ {2}error {2}/mu);
      expect(run.stderr).toContain('dist was left as it was');

      const after = await readTree(dist);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(Buffer.compare(after.get(file)!, bytes), file).toBe(0);
      // No temporary folder is left beside the output either (.cache is the build's own cache).
      expect((await readdir(cwd)).filter((name) => name !== '.cache').sort()).toEqual(['content', 'dist']);
    } finally {
      await rm(path.join(cwd, 'content/incidents/2026/BROKEN1.yaml'));
    }
  });
});

/** A CLI environment that records what the command prints. */
function captureEnvironment(cwd: string): CliEnvironment & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

const DRAFT_FIXTURE = {
  'content/incidents/EX1.yaml': lines(
    'id: EX1',
    'service: exchange-online',
    'title: {en: Published, ja: 公開}',
    'start: 2021-11-25 21:33 JST',
    'end: 2021-11-26 01:00 JST',
    'updates:',
    '  - at: 2021-11-25 22:00 JST',
    '    status: service-restored',
    '    body: {en: Fixed., ja: 解決。}',
  ),
  'content/incidents/EX2.yaml': lines(
    'id: EX2',
    'service: exchange-online',
    'title: {en: Draft, ja: 下書き}',
    'draft: true',
    'start: 2021-11-27 21:33 JST',
    'updates:',
    '  - at: 2021-11-27 22:00 JST',
    '    status: investigating',
    '    body: {en: Looking., ja: 調査中。}',
  ),
};

describe('build options', () => {
  it('leave drafts out by default and include them with --drafts', async () => {
    const temp = await withTempContent(DRAFT_FIXTURE);
    try {
      const environment = captureEnvironment(temp.cwd);
      expect(await main(['build', '--templates', TEMPLATES], environment), environment.err()).toBe(0);
      let files = await readTree(path.join(temp.cwd, 'dist'));
      expect(files.has('en/incidents/ex1/index.html')).toBe(true);
      expect([...files.keys()].filter((file) => file.includes('ex2'))).toEqual([]);
      // Not even the folder the writer created ahead of time, guessing from the file name.
      expect(existsSync(path.join(temp.cwd, 'dist/en/incidents/ex2'))).toBe(false);
      expect(files.get('en/index.html')!.toString()).not.toContain('Draft');
      expect(environment.out()).toContain(', 1 incident in ');

      const withDrafts = captureEnvironment(temp.cwd);
      expect(await main(['build', '--templates', TEMPLATES, '--drafts'], withDrafts), withDrafts.err()).toBe(0);
      files = await readTree(path.join(temp.cwd, 'dist'));
      expect(files.has('en/incidents/ex2/index.html')).toBe(true);
      expect(files.has('ja/incidents/ex2/index.html')).toBe(true);
      expect(withDrafts.out()).toContain(', 2 incidents in ');
    } finally {
      await temp.remove();
    }
  });

  it('use --base-url for canonical and alternate URLs', async () => {
    const temp = await withTempContent(DRAFT_FIXTURE);
    try {
      const environment = captureEnvironment(temp.cwd);
      expect(await main(['build', '--templates', TEMPLATES, '--base-url', 'https://example.github.io/status/', '--out', 'site'], environment), environment.err()).toBe(0);
      const files = await readTree(path.join(temp.cwd, 'site'));
      expect(environment.out()).toMatch(/→ site\/\n$/u);
      const document = parseHtml(files.get('ja/incidents/ex1/index.html')!.toString());
      expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://example.github.io/status/ja/incidents/ex1/');
      const alternates = Array.from(document.querySelectorAll('link[rel="alternate"][hreflang]')).map((link) => link.getAttribute('href'));
      expect(alternates).toContain('https://example.github.io/status/en/incidents/ex1/');
      for (const href of alternates) expect(href).toMatch(/^https:\/\/example\.github\.io\/status\//u);
    } finally {
      await temp.remove();
    }
  });

  it('reject a --base-url that is not an absolute http(s) URL', async () => {
    const temp = await withTempContent(DRAFT_FIXTURE);
    try {
      const environment = captureEnvironment(temp.cwd);
      expect(await main(['build', '--templates', TEMPLATES, '--base-url', 'status/'], environment)).toBe(2);
      expect(environment.err()).toContain('--base-url');
      expect((await readdir(temp.cwd)).filter((name) => name !== '.cache')).toEqual(['content']);
    } finally {
      await temp.remove();
    }
  });
});
