import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/incremental/memory.js';
import { copySampleSite, runCli } from '../helpers/build.js';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the build cache', () => {
  it('lives with the site: nothing is written into the folder a command is run from', async () => {
    const site = await copySampleSite();
    temporary.push(site.cwd);
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-elsewhere-'));
    temporary.push(elsewhere);
    const content = path.join(site.cwd, 'content');
    const check = await runCli(['check', '--content', content], elsewhere);
    expect(check.code, check.stderr).toBe(0);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(existsSync(path.join(site.cwd, '.cache', 'kokuchi'))).toBe(true);
    const build = await runCli(['build', '--content', content, '--out', path.join(site.cwd, 'dist')], elsewhere);
    expect(build.code, build.stderr).toBe(0);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('is in node_modules/.cache/kokuchi of the site when the site has node_modules, else in its .cache/kokuchi', async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-site-'));
    temporary.push(site);
    expect(defaultCacheDir(path.join(site, 'content'))).toBe(path.join(site, '.cache', 'kokuchi'));
    await mkdir(path.join(site, 'node_modules'));
    expect(defaultCacheDir(path.join(site, 'content'))).toBe(path.join(site, 'node_modules', '.cache', 'kokuchi'));
  });
});
