import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';
import { runKokuchi } from '../fixtures/hostile/cli.js';
import { generateSite, hashTree, treeDifferences } from '../fixtures/hostile/hostile.js';

/** Environments a build may run in; none of them may change a byte of the output. */
const ENVIRONMENTS: Record<string, Record<string, string>> = {
  'TZ=UTC': { TZ: 'UTC' },
  'TZ=America/Los_Angeles': { TZ: 'America/Los_Angeles' },
  'TZ=Asia/Tokyo': { TZ: 'Asia/Tokyo' },
  'LANG=C': { LANG: 'C', LC_ALL: 'C' },
  'LANG=ja_JP.UTF-8': { LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8', LANGUAGE: 'ja' },
};

/** Every file under a folder, relative, sorted. */
async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(root, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)])));
  return nested.flat().sort();
}

/** Runs tasks at most `limit` at a time (the machine has two cores). */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < tasks.length; index += limit) results.push(...(await Promise.all(tasks.slice(index, index + limit).map((task) => task()))));
  return results;
}

describe('the output is byte-identical', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-determinism-'));
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  const cliBuild = async (name: string, content: string, args: string[] = [], env: Record<string, string> = {}) => {
    const run = await runKokuchi(['build', '--content', content, '--templates', TEMPLATES, '--out', `out-${name}`, ...args], cwd, { env, timeoutMs: 60_000 });
    expect(run.code, `${name}: ${run.stderr}`).toBe(0);
    return hashTree(await readTree(path.join(cwd, `out-${name}`)));
  };

  it('really changes what Node sees in each environment (so that the comparison means something)', () => {
    const probe = (env: Record<string, string>) =>
      execFileSync(process.execPath, ['-e', 'process.stdout.write(`${new Date(Date.UTC(2021, 0, 1)).getTimezoneOffset()} ${new Intl.DateTimeFormat().resolvedOptions().locale}`)'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(probe(ENVIRONMENTS['TZ=America/Los_Angeles']!).split(' ')[0]).toBe('480');
    expect(probe(ENVIRONMENTS['TZ=Asia/Tokyo']!).split(' ')[0]).toBe('-540');
    expect(probe(ENVIRONMENTS['LANG=ja_JP.UTF-8']!).split(' ')[1]).toBe('ja-JP');
    expect(probe(ENVIRONMENTS['LANG=C']!).split(' ')[1]).not.toBe('ja-JP');
  });

  it('for the sample content whatever the zone, the locale and the order the files were created in', async () => {
    const reversed = path.join(cwd, 'reversed');
    for (const file of (await listFiles(SAMPLE_CONTENT)).reverse()) {
      await mkdir(path.dirname(path.join(reversed, file)), { recursive: true });
      await copyFile(path.join(SAMPLE_CONTENT, file), path.join(reversed, file));
    }
    const names = Object.keys(ENVIRONMENTS);
    const trees = await inBatches(
      [...names.map((name) => () => cliBuild(name.replace(/[^a-z0-9]+/giu, '-'), SAMPLE_CONTENT, ['--no-cache'], ENVIRONMENTS[name])), () => cliBuild('reversed', reversed, ['--no-cache'])],
      2,
    );
    const [first, ...others] = trees;
    expect(first!.size).toBeGreaterThan(10);
    others.forEach((tree, index) => expect(treeDifferences(first!, tree), [...names, 'files created in reverse order'][index + 1]).toEqual([]));
  }, 120_000);

  it('for a site large enough for worker threads, with one or two workers, without cache and with a cold, a warm or a damaged cache', async () => {
    const large = path.join(cwd, 'large');
    for (const [file, text] of Object.entries(generateSite(64, 'd'))) {
      const target = path.join(large, file.replace(/^content\//u, ''));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    // One worker without cache, against two workers filling a cold cache (every incident processed on the pool).
    const [single, cold] = await Promise.all([
      cliBuild('single', large, ['--workers', '1', '--no-cache']),
      cliBuild('cold', large, ['--workers', '2', '--cache-dir', 'cache'], ENVIRONMENTS['TZ=America/Los_Angeles']),
    ]);
    // The group cache (other files there record earlier outputs, which differ by output folder).
    const cacheFiles = async () => new Map([...hashTree(await readTree(path.join(cwd, 'cache')))].filter(([file]) => file.startsWith('groups.')));
    const cacheAfterCold = await cacheFiles();
    const cacheTimes = async () => Promise.all([...cacheAfterCold.keys()].map(async (file) => (await stat(path.join(cwd, 'cache', file))).mtimeMs));
    const timesAfterCold = await cacheTimes();
    const warm = await cliBuild('warm', large, ['--workers', '2', '--cache-dir', 'cache'], ENVIRONMENTS['LANG=ja_JP.UTF-8']);
    expect(single.size).toBeGreaterThan(130);
    expect(treeDifferences(single, cold), 'two workers, cold cache').toEqual([]);
    expect(treeDifferences(single, warm), 'warm cache').toEqual([]);

    // The warm build really took every incident from the cache: a build that processes anything rewrites the cache file.
    expect(cacheAfterCold.size).toBeGreaterThan(0);
    expect(treeDifferences(await cacheFiles(), cacheAfterCold)).toEqual([]);
    expect(await cacheTimes()).toEqual(timesAfterCold);

    // A damaged cache file (cut in half, as by a full disk) is ignored, not trusted.
    const cacheFile = path.join(cwd, 'cache', [...cacheAfterCold.keys()][0]!);
    const bytes = await readFile(cacheFile);
    await writeFile(cacheFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const damaged = await cliBuild('damaged', large, ['--workers', '2', '--cache-dir', 'cache']);
    expect(treeDifferences(single, damaged), 'damaged cache').toEqual([]);
  }, 120_000);
});
