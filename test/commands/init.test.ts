import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main, type CliEnvironment } from '../../src/cli.js';
import { readTree, REPO_ROOT } from '../helpers/build.js';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function emptyFolder(): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-init-'));
  temporary.push(cwd);
  return cwd;
}

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const FILES = ['content/site.yaml', 'content/services.yaml', 'content/incidents/.gitkeep', 'package.json', '.gitignore', '.github/workflows/publish.yml', '.github/workflows/pull-request.yml'];

describe('kokuchi init', () => {
  it('writes a site that depends on kokuchi, checks clean, and builds with kokuchi\'s own templates', async () => {
    const cwd = await emptyFolder();
    const run = capture(cwd);
    expect(await main(['init', 'my-site'], run.environment)).toBe(0);
    expect(run.stdout()).toBe(FILES.map((file) => `my-site/${file}\n`).join(''));
    const site = path.join(cwd, 'my-site');
    const manifest = JSON.parse(await readFile(path.join(site, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; scripts: Record<string, string> };
    const version = (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest).toMatchObject({ name: 'my-site', dependencies: { kokuchi: `^${version}` }, scripts: { build: 'kokuchi build', check: 'kokuchi check' } });
    expect((await readFile(path.join(site, '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', '.cache/']));
    expect(parse(await readFile(path.join(site, 'content/site.yaml'), 'utf8'))).toMatchObject({ title: { ja: '障害情報', en: 'Incident notes' }, base_url: 'https://example.com/', languages: ['ja', 'en'], default_language: 'ja', source_language: 'en' });

    const check = capture(site);
    expect(await main(['check'], check.environment)).toBe(0);
    expect(check.stdout()).toBe('checked 0 incidents in content: no problems\n');
    const created = capture(site);
    created.environment.env.KOKUCHI_NOW = '2026-12-02T00:00:00Z';
    expect(await main(['new', 'EX1', '--service', 'exchange-online', '--title-en', 'Mail is delayed', '--title-ja', 'メールの遅延'], created.environment)).toBe(0);
    const build = capture(site);
    expect(await main(['build'], build.environment), build.stderr()).toBe(0);
    const dist = await readTree(path.join(site, 'dist'));
    expect(dist.has('ja/incidents/ex1/index.html')).toBe(true);
    // The cache went with the site, not into the folder init was run from.
    expect((await readdir(cwd)).sort()).toEqual(['my-site']);
  });

  it('takes the title, base URL and languages from options, asking nothing', async () => {
    const cwd = await emptyFolder();
    const run = capture(cwd);
    expect(await main(['init', '--title-en', 'Status: ours', '--base-url', 'https://status.example.org/notes/', '--languages', 'en'], run.environment)).toBe(0);
    const site = parse(await readFile(path.join(cwd, 'content/site.yaml'), 'utf8')) as Record<string, unknown>;
    expect(site).toMatchObject({ title: { en: 'Status: ours' }, base_url: 'https://status.example.org/notes/', languages: ['en'], default_language: 'en', source_language: 'en' });
    expect(parse(await readFile(path.join(cwd, 'content/services.yaml'), 'utf8'))).toMatchObject({ 'exchange-online': { en: 'Exchange Online' } });
    const check = capture(cwd);
    expect(await main(['check'], check.environment)).toBe(0);
  });

  it('refuses to overwrite any existing file and writes nothing', async () => {
    const cwd = await emptyFolder();
    await mkdir(path.join(cwd, '.github/workflows'), { recursive: true });
    await writeFile(path.join(cwd, '.github/workflows/publish.yml'), 'mine\n');
    const run = capture(cwd);
    expect(await main(['init'], run.environment)).toBe(1);
    expect(run.stderr()).toBe('kokuchi init: .github/workflows/publish.yml already exists, so nothing was written\n    hint: run it in an empty folder, or give one: kokuchi init my-site\n');
    expect(await readdir(cwd)).toEqual(['.github']);
    expect(await readFile(path.join(cwd, '.github/workflows/publish.yml'), 'utf8')).toBe('mine\n');
  });

  it('keeps a package.json that already depends on kokuchi (as npm install of the tarball leaves it)', async () => {
    const cwd = await emptyFolder();
    const manifest = '{\n  "dependencies": {\n    "kokuchi": "file:vendor/kokuchi-0.1.0.tgz"\n  }\n}\n';
    await writeFile(path.join(cwd, 'package.json'), manifest);
    const run = capture(cwd);
    expect(await main(['init'], run.environment)).toBe(0);
    expect(await readFile(path.join(cwd, 'package.json'), 'utf8')).toBe(manifest);
    expect(run.stderr()).toContain('kept package.json: it already depends on kokuchi\n');
    expect(existsSync(path.join(cwd, 'content/site.yaml'))).toBe(true);
  });

  it.each([
    [['init', '--base-url', 'ftp://example.com/'], '--base-url must be an absolute http(s) URL'],
    [['init', '--base-url', 'https://user:secret@example.com/'], '--base-url must be an absolute http(s) URL without credentials'],
    [['init', '--languages', 'ja,fr'], '--languages lists "fr"'],
    [['init', '--languages', 'ja', '--default-language', 'en'], '--default-language must be one of ja, not "en"'],
    [['init', 'a', 'b'], 'unexpected argument "b"'],
  ])('treats %j as a usage error and writes nothing', async (argv, message) => {
    const cwd = await emptyFolder();
    const run = capture(cwd);
    expect(await main(argv, run.environment)).toBe(2);
    expect(run.stderr()).toContain(message);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('writes the publish workflow of this repository, building with npx kokuchi', async () => {
    const cwd = await emptyFolder();
    expect(await main(['init'], capture(cwd).environment)).toBe(0);
    const ours = await readFile(path.join(REPO_ROOT, '.github/workflows/publish.yml'), 'utf8');
    const written = await readFile(path.join(cwd, '.github/workflows/publish.yml'), 'utf8');
    expect(written).toBe(ours.replace('npm run build -- --base-url', 'npx kokuchi build --base-url'));
  });
});
