import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/build.js';

interface Manifest {
  private?: boolean;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  bundleDependencies?: boolean | string[];
}

describe('the npm package', () => {
  it('is publishable, bundles its dependencies (so its tarball installs offline) and ships what the CLI reads at run time', async () => {
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
    expect(manifest.private).toBeUndefined();
    expect(manifest.bin).toEqual({ kokuchi: 'bin/kokuchi.js' });
    expect(manifest.bundleDependencies).toBe(true);
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as [
      { files: { path: string }[]; bundled: string[] },
    ];
    const files = new Set(pack.files.map((file) => file.path));
    for (const file of [
      'bin/kokuchi.js',
      'lib/kokuchi.cjs',
      'lib/code-cache.js',
      'lib/load/worker.js',
      'lib/output/writer-thread.js',
      'lib/dev/render-worker.js',
      'templates/layouts/base.hbs',
      'templates/locales/ja.json',
      'schema/incident.schema.json',
      'scaffold/gitignore',
      'scaffold/github/workflows/publish.yml',
      'scaffold/github/workflows/pull-request.yml',
      'package.json',
      'README.md',
    ]) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files].filter((file) => file.startsWith('test/') || file.startsWith('content/') || file.startsWith('src/'))).toEqual([]);
    for (const dependency of Object.keys(manifest.dependencies)) expect(pack.bundled, dependency).toContain(dependency);
  }, 120_000);
});
