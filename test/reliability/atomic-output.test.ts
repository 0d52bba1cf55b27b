import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { recoverOutput } from '../../src/output/writer.js';
import { CLI, readTree, TEMPLATES } from '../helpers/build.js';
import { runKokuchi } from '../fixtures/hostile/cli.js';
import { generateSite, hashTree, treeDifferences } from '../fixtures/hostile/hostile.js';

/** Incidents in the generated site: about 180 pages and 400 files, so that writing takes a while. */
const SIZE = 80;

async function writeFiles(root: string, files: Record<string, string>, rename: (file: string) => string = (file) => file): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, rename(file));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/** Entries beside the output folder that a build leaves while it runs. */
async function leftovers(cwd: string): Promise<string[]> {
  return (await readdir(cwd)).filter((name) => name.startsWith('dist.kokuchi-') || name.startsWith('dist.')).sort();
}

const buildArgs = (variant: 'a' | 'b') => ['build', '--content', `content-${variant}`, '--cache-dir', `.cache-${variant}`, '--templates', TEMPLATES];

/** Starts a build and kills it with SIGKILL after `delayMs`; resolves when the process is gone. */
function killedBuild(cwd: string, variant: 'a' | 'b', delayMs: number): Promise<{ exited: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...buildArgs(variant)], { cwd, stdio: 'ignore' });
    let exited = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      exited = signal === null && code === 0;
      resolve({ exited });
    });
  });
}

describe('a build killed with SIGKILL at any moment', () => {
  let cwd: string;
  const trees: Record<'a' | 'b', Map<string, string>> = { a: new Map(), b: new Map() };

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-atomic-'));
    await writeFiles(cwd, generateSite(SIZE, 'a'), (file) => file.replace(/^content\//u, 'content-a/'));
    await writeFiles(cwd, generateSite(SIZE, 'b'), (file) => file.replace(/^content\//u, 'content-b/'));
    // The two complete trees, built side by side (warming their caches).
    await Promise.all(
      (['a', 'b'] as const).map(async (variant) => {
        const run = await runKokuchi([...buildArgs(variant), '--out', `reference-${variant}`], cwd, { timeoutMs: 60_000 });
        expect(run.code, run.stderr).toBe(0);
        trees[variant] = hashTree(await readTree(path.join(cwd, `reference-${variant}`)));
      }),
    );
    expect(treeDifferences(trees.a, trees.b).length).toBeGreaterThan(SIZE);
  }, 120_000);
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('leaves the old complete tree, the new one, or a journal that completes the new one, and the next build cleans up and restores', async () => {
    // A warm build into dist/ gives the starting tree and how long a build takes.
    const first = await runKokuchi(buildArgs('a'), cwd, { timeoutMs: 60_000 });
    expect(first.code, first.stderr).toBe(0);
    const duration = first.ms;
    // Kill moments: one early, most in the write at the end of a build, one after it (a build that first
    // cleans up after a killed one takes a little longer than the measured one).
    const fractions = [0.5, 0.9, 0.97, 1.04, 1.12, 1.6];
    // A loaded machine can make every killed build slower than the measured one: then later kills
    // follow, until one build gets through (so that both outcomes are seen whatever the load).
    const later = [2.5, 4, 8];
    const outcomes: string[] = [];
    let current: 'a' | 'b' = 'a';
    for (let index = 0; index < fractions.length || (later.length > 0 && !outcomes.some((line) => line.includes(': finished, '))); index += 1) {
      const fraction = index < fractions.length ? fractions[index]! : later.shift()!;
      const target: 'a' | 'b' = current === 'a' ? 'b' : 'a';
      const delay = Math.round(duration * (fraction + (Math.random() - 0.5) * 0.04));
      const { exited } = await killedBuild(cwd, target, delay);
      const beside = await leftovers(cwd);
      const dist = await stat(path.join(cwd, 'dist')).catch(() => undefined);
      let state: string;
      if (dist) {
        const tree = hashTree(await readTree(path.join(cwd, 'dist')));
        state = treeDifferences(tree, trees[current]).length === 0 ? current : treeDifferences(tree, trees[target]).length === 0 ? target : 'mixed';
        if (state === 'mixed' && beside.includes('dist.kokuchi-journal')) {
          // Killed while moving changed files into place: the journal lets the next run finish the commit.
          await recoverOutput(path.join(cwd, 'dist'));
          const recovered = hashTree(await readTree(path.join(cwd, 'dist')));
          state = treeDifferences(recovered, trees[target]).length === 0 ? `journal-then-${target}` : 'mixed';
        }
      } else {
        // Between the two renames: the old tree waits complete beside it, for the next build to put back.
        const old = beside.find((name) => name.startsWith('dist.kokuchi-old-'));
        const tree = old ? hashTree(await readTree(path.join(cwd, old))) : new Map<string, string>();
        state = old && treeDifferences(tree, trees[current]).length === 0 ? `missing-with-old-${current}` : 'lost';
      }
      outcomes.push(`kill at ${delay} ms (${fraction} of ${Math.round(duration)} ms): ${exited ? 'finished' : 'killed'}, dist is ${state}, beside it: ${beside.join(' ') || 'nothing'}`);
      expect([current, target, `missing-with-old-${current}`, `journal-then-${target}`], outcomes.join('\n')).toContain(state);
      if (exited) expect(state, outcomes.join('\n')).toBe(target);
      if (state === target || state === `journal-then-${target}`) current = target;
    }
    // Both outcomes happened: some builds were killed before their swap, some got through.
    expect(outcomes.some((line) => line.includes(': killed, ')), outcomes.join('\n')).toBe(true);
    expect(outcomes.some((line) => line.includes(': finished, ')), outcomes.join('\n')).toBe(true);

    // On top of whatever the kills left, the state of a build that died between its two renames.
    if (await stat(path.join(cwd, 'dist')).catch(() => undefined)) await rename(path.join(cwd, 'dist'), path.join(cwd, 'dist.kokuchi-old-99999'));
    await mkdir(path.join(cwd, 'dist.kokuchi-tmp-99999-deadbeef/en'), { recursive: true });
    await writeFile(path.join(cwd, 'dist.kokuchi-tmp-99999-deadbeef/en/index.html'), '<p>half');
    const final = current === 'a' ? 'b' : 'a';
    const run = await runKokuchi(buildArgs(final), cwd, { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(treeDifferences(hashTree(await readTree(path.join(cwd, 'dist'))), trees[final])).toEqual([]);
    expect(await leftovers(cwd), outcomes.join('\n')).toEqual([]);
  }, 120_000);
});

describe('files that did not change between builds', () => {
  it('keep their bytes and their modification times; changed files get new ones', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-mtime-'));
    try {
      const files = generateSite(12, 'a');
      await writeFiles(cwd, files);
      const options = { cwd, contentDir: path.join(cwd, 'content'), templatesDir: TEMPLATES, outDir: path.join(cwd, 'dist'), drafts: false, strict: false, cacheDir: false as const };
      const times = async () => {
        const result = new Map<string, number>();
        for (const file of (await readTree(options.outDir)).keys()) result.set(file, Math.floor((await stat(path.join(options.outDir, file))).mtimeMs));
        return result;
      };
      expect((await build(options)).ok).toBe(true);
      const firstTree = hashTree(await readTree(options.outDir));
      const firstTimes = await times();
      await new Promise((resolve) => setTimeout(resolve, 30));

      const again = await build(options);
      expect(again.stats?.written).toBe(0);
      expect(treeDifferences(hashTree(await readTree(options.outDir)), firstTree)).toEqual([]);
      expect(await times()).toEqual(firstTimes);
      await new Promise((resolve) => setTimeout(resolve, 30));

      const edited = Object.keys(files).find((file) => file.endsWith('GEN0003.yaml'))!;
      await writeFile(path.join(cwd, edited), files[edited]!.replace('users see delays', 'users see long delays'));
      const changed = await build(options);
      expect(changed.ok).toBe(true);
      const secondTree = hashTree(await readTree(options.outDir));
      const differing = treeDifferences(secondTree, firstTree);
      expect(differing).toContain('en/incidents/gen0003/index.html');
      expect(differing.length).toBeLessThan(secondTree.size / 2);
      const secondTimes = await times();
      for (const [file, time] of secondTimes) {
        if (differing.includes(file)) expect(time, file).toBeGreaterThan(firstTimes.get(file) ?? 0);
        else expect(time, file).toBe(firstTimes.get(file));
      }
      expect(changed.stats?.written).toBe(differing.filter((file) => secondTree.has(file)).length);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
