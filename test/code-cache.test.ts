import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, SAMPLE_CONTENT } from './helpers/build.js';

const run = promisify(execFile);
/** Node 22 and later keep the cache themselves (module.enableCompileCache), in their own format. */
const ownCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** A cache file as src/code-cache.ts writes it: its mark, the SHA-256 of the rest, the rest. */
function valid(bytes: Buffer): boolean {
  const mark = Buffer.from('kokuchi-code-cache-1\n');
  const data = bytes.subarray(mark.length + 32);
  return bytes.subarray(0, mark.length).equals(mark) && data.length > 100_000 && createHash('sha256').update(data).digest().equals(bytes.subarray(mark.length, mark.length + 32));
}

describe.skipIf(ownCache)('the code cache of the CLI', () => {
  let directory: string;
  let cache: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-code-cache-test-'));
    cache = path.join(directory, 'cache');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const check = (env: Record<string, string> = {}) =>
    run(process.execPath, [CLI, 'check', '--content', SAMPLE_CONTENT, '--format', 'json'], { cwd: directory, env: { ...process.env, NODE_COMPILE_CACHE: cache, ...env }, maxBuffer: 16 * 1024 * 1024 });
  const files = async () => (await readdir(cache).catch(() => [] as string[])).sort();

  it('is written after the first run of a command, then read and left alone; output and messages stay the same', async () => {
    const first = await check();
    const written = await files();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^check-[0-9a-f]{16}\.bin$/u);
    const file = path.join(cache, written[0]!);
    const before = await stat(file);
    expect(before.size).toBeGreaterThan(100_000);
    expect(before.mode & 0o077).toBe(0);
    expect(valid(await readFile(file))).toBe(true);
    const second = await check();
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    // Another command has a cache of its own.
    await run(process.execPath, [CLI, '--help'], { cwd: directory, env: { ...process.env, NODE_COMPILE_CACHE: cache } });
    expect(await files()).toHaveLength(2);
  }, 60_000);

  it('is made again when damaged, cut short or foreign, and the command runs as if it were not there', async () => {
    const expected = await check();
    const [name] = await files();
    const file = path.join(cache, name!);
    const good = await readFile(file);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 100]! ^= 0xff;
    for (const bytes of [damaged, good.subarray(0, good.length / 2), Buffer.from('not a cache'), Buffer.alloc(0)]) {
      await writeFile(file, bytes);
      const result = await check();
      expect(result.stdout).toBe(expected.stdout);
      expect(result.stderr).toBe(expected.stderr);
      expect(valid(await readFile(file))).toBe(true);
      expect(await files()).toEqual([name]);
    }
  }, 60_000);

  it('is not used from a folder others can write to, nor when turned off', async () => {
    await mkdir(cache, { mode: 0o700 });
    await chmod(cache, 0o777);
    await check();
    expect(await files()).toEqual([]);
    await chmod(cache, 0o700);
    await check({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(await files()).toEqual([]);
    await check();
    expect(await files()).toHaveLength(1);
  }, 60_000);
});
