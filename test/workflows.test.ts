import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { CLI, copyTemplates, copyToTemp, readTree, REPO_ROOT, SAMPLE_CONTENT } from './helpers/build.js';

/** A GitHub Actions step, as far as these tests read it. */
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

/** A workflow file, as far as these tests read it. */
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, { needs?: string | string[]; environment?: { name: string }; steps: Step[] }>;
}

/** npm's own commands the workflows and .ci/run may use; anything else must be a script. */
const NPM_BUILTINS = new Set(['ci', 'install', 'run', 'run-script', 'test', 't']);

/**
 * Splits a shell word list the way bash would for the simple commands used in workflows: whitespace
 * separates words, single and double quotes group them, `&&`, `||`, `;` and newlines end a command.
 */
function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let index = 0; index < script.length; index += 1) {
    const character = script[index]!;
    if (quote) {
      if (character === quote) quote = undefined;
      else word = (word ?? '') + character;
    } else if (character === '"' || character === "'") {
      quote = character;
      word ??= '';
    } else if (character === '#' && word === undefined) {
      while (index < script.length && script[index] !== '\n') index += 1;
      endCommand();
    } else if (character === '\n' || character === ';') endCommand();
    else if ((character === '&' || character === '|') && script[index + 1] === character) {
      endCommand();
      index += 1;
    } else if (/\s/u.test(character)) endWord();
    else word = (word ?? '') + character;
  }
  endCommand();
  return commands;
}

/** Every `run:` command of a workflow, in order, with the step it belongs to. */
function runCommands(workflow: Workflow): { job: string; step: Step; words: string[] }[] {
  return Object.entries(workflow.jobs).flatMap(([job, { steps }]) => steps.flatMap((step) => (step.run ? shellCommands(step.run).map((words) => ({ job, step, words })) : [])));
}

const readText = (file: string) => readFile(path.join(REPO_ROOT, file), 'utf8');
const scripts = (JSON.parse(await readText('package.json')) as { scripts: Record<string, string> }).scripts;
const WORKFLOWS = {
  publish: parse(await readText('.github/workflows/publish.yml')) as Workflow,
  pullRequest: parse(await readText('.github/workflows/pull-request.yml')) as Workflow,
  // The workflows `kokuchi init` writes into a site that depends on kokuchi.
  sitePublish: parse(await readText('scaffold/github/workflows/publish.yml')) as Workflow,
  sitePullRequest: parse(await readText('scaffold/github/workflows/pull-request.yml')) as Workflow,
};

/** Replaces `${{ … }}` expressions with the values GitHub would give them for a project site. */
function expand(word: string): string {
  return word.replace(/\$\{\{\s*steps\.pages\.outputs\.base_url\s*\}\}/gu, 'https://example.github.io/status');
}

/** Runs kokuchi in `cwd` with captured output. */
async function kokuchi(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** The kokuchi arguments an `npm run X -- …` or `npx kokuchi …` command ends up running, if it runs kokuchi. */
function kokuchiArguments(words: readonly string[]): string[] | undefined {
  if (words[0] === 'npx' && words[1] === 'kokuchi') return words.slice(2).map(expand);
  if (words[0] === 'npm' && (words[1] === 'run' || words[1] === 'run-script')) {
    const script = scripts[words[2]!];
    const prefix = 'node bin/kokuchi.js ';
    if (!script?.startsWith(prefix)) return undefined;
    const separator = words.indexOf('--');
    return [...shellCommands(script.slice(prefix.length))[0]!, ...(separator >= 0 ? words.slice(separator + 1) : [])].map(expand);
  }
  return undefined;
}

describe('the shell word splitter of these tests', () => {
  it.each([
    ['npm ci', [['npm', 'ci']]],
    ['npm ci && npm test', [['npm', 'ci'], ['npm', 'test']]],
    ['npm run build -- --base-url "${{ x }}/"', [['npm', 'run', 'build', '--', '--base-url', '${{ x }}/']]],
    ["# comment\nnpx kokuchi check --format github; echo 'a b'", [['npx', 'kokuchi', 'check', '--format', 'github'], ['echo', 'a b']]],
    ['a || b', [['a'], ['b']]],
  ])('splits %j', (script, expected) => {
    expect(shellCommands(script)).toEqual(expected);
  });
});

describe('the GitHub Actions workflows', () => {
  // A site repository's layout: content/ and templates/ side by side; kokuchi runs from its root.
  let content: Awaited<ReturnType<typeof copyToTemp>>;
  beforeAll(async () => {
    content = await copyToTemp(SAMPLE_CONTENT, 'content');
    await copyTemplates(path.dirname(content.path));
  });
  afterAll(() => content.remove());

  for (const [name, workflow] of Object.entries(WORKFLOWS)) {
    it(`${name}: every npm command it runs is npm's own or a script in package.json`, () => {
      const npm = runCommands(workflow).filter(({ words }) => words[0] === 'npm');
      expect(npm.length).toBeGreaterThan(0);
      for (const { words } of npm) {
        expect(NPM_BUILTINS.has(words[1]!), words.join(' ')).toBe(true);
        if (words[1] === 'run' || words[1] === 'run-script') expect(scripts, words.join(' ')).toHaveProperty([words[2]!]);
        if (words[1] === 'test' || words[1] === 't') expect(scripts, words.join(' ')).toHaveProperty(['test']);
      }
    });

    it(`${name}: every kokuchi command it runs exists and accepts its options`, async () => {
      const runs = runCommands(workflow)
        .map(({ words }) => kokuchiArguments(words))
        .filter((args): args is string[] => args !== undefined);
      expect(runs.length).toBeGreaterThan(0);
      for (const args of runs) {
        const help = await kokuchi([args[0]!, '--help'], content.path);
        expect(help.stderr, args.join(' ')).not.toMatch(/unknown command/u);
        expect(help.code, args.join(' ')).toBe(0);
        // Run it for real on a copy of the sample content: an unknown option is a usage error (2).
        const result = await kokuchi(args, path.dirname(content.path));
        expect(result.code, `kokuchi ${args.join(' ')}\n${result.stderr}`).toBe(0);
      }
    });

    it(`${name}: uses the official actions at a major version and Node 20 with the npm cache`, () => {
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      for (const step of steps.filter((each) => each.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/u);
      const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
      expect(steps[0]?.uses).toMatch(/^actions\/checkout@/u);
    });
  }

  it('publish: runs on pushes to main, checks, builds with the Pages base URL and deploys dist/', () => {
    const { publish } = WORKFLOWS;
    expect(publish.on['push']).toEqual({ branches: ['main'] });
    expect(publish.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(publish.concurrency?.group).toBe('pages');
    const commands = runCommands(publish).map(({ words }) => words.join(' '));
    expect(commands).toEqual(['npm ci', 'npx kokuchi check --format github', 'npm run build -- --base-url ${{ steps.pages.outputs.base_url }}/']);
    const steps = Object.values(publish.jobs).flatMap((job) => job.steps);
    const index = (uses: string) => steps.findIndex((step) => step.uses?.startsWith(`actions/${uses}@`));
    expect(steps[index('configure-pages')]?.id).toBe('pages');
    const build = steps.findIndex((step) => step.run?.includes('npm run build'));
    expect(index('configure-pages')).toBeLessThan(build);
    expect(index('upload-pages-artifact')).toBeGreaterThan(build);
    expect(steps[index('upload-pages-artifact')]?.with).toEqual({ path: 'dist/' });
    const deploy = Object.values(publish.jobs).find((job) => job.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@')));
    expect(deploy?.needs).toBe('build');
    expect(deploy?.environment?.name).toBe('github-pages');
  });

  it('publish: the build it runs writes dist/ with the article\'s absolute URLs under the Pages address', async () => {
    const cwd = path.dirname(content.path);
    const result = await kokuchi(['build', '--base-url', 'https://example.github.io/status/'], cwd);
    expect(result.code, result.stderr).toBe(0);
    const page = await readFile(path.join(cwd, 'dist', 'en', 'incidents', 'ex300267', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="canonical" href="https://example.github.io/status/en/incidents/ex300267/">');
    const urls = page.match(/https:\/\/example\.github\.io[^"\s<]*/gu) ?? [];
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((url) => !url.startsWith('https://example.github.io/status/'))).toEqual([]);
  });

  it('publish: restores and saves kokuchi\'s cache, keyed on kokuchi\'s version, the templates and the tool\'s source', () => {
    const steps = WORKFLOWS.publish.jobs['build']!.steps;
    const cache = steps.findIndex((step) => step.uses?.startsWith('actions/cache@'));
    expect(cache).toBeGreaterThan(steps.findIndex((step) => step.run === 'npm ci'));
    expect(cache).toBeLessThan(steps.findIndex((step) => step.run?.includes('npm run build')));
    const settings = steps[cache]!.with as { path: string; key: string; 'restore-keys': string };
    expect(settings.path).toBe('node_modules/.cache/kokuchi');
    const prefix = "kokuchi-${{ runner.os }}-${{ hashFiles('package-lock.json', 'templates/**', 'src/**') }}-";
    // A key of its own per run, so that every publish saves its cache; restored by the prefix only.
    expect(settings.key).toBe(`${prefix}\${{ github.run_id }}`);
    expect(settings['restore-keys'].trim()).toBe(prefix);
  });

  it('publish: a build with a cache restored from an earlier build writes the same bytes as a cold one', async () => {
    const cwd = path.dirname(content.path);
    const cacheDir = path.join(cwd, 'restored-cache');
    const first = await kokuchi(['build', '--out', 'first', '--cache-dir', cacheDir], cwd);
    expect(first.code, first.stderr).toBe(0);
    // A fresh clone: every file has a new modification time.
    const later = new Date('2030-01-01T00:00:00Z');
    for (const file of (await readTree(content.path)).keys()) await utimes(path.join(content.path, file), later, later);
    const warm = await kokuchi(['build', '--out', 'warm', '--cache-dir', cacheDir], cwd);
    const cold = await kokuchi(['build', '--out', 'cold', '--no-cache'], cwd);
    expect([warm.code, cold.code]).toEqual([0, 0]);
    const [warmTree, coldTree] = await Promise.all([readTree(path.join(cwd, 'warm')), readTree(path.join(cwd, 'cold'))]);
    expect(coldTree.size).toBeGreaterThan(10);
    expect([...warmTree.keys()]).toEqual([...coldTree.keys()]);
    for (const [file, bytes] of coldTree) expect(warmTree.get(file)?.equals(bytes), file).toBe(true);
  });

  it('pull request: checks and builds the content in one job, runs the tool\'s tests in another', () => {
    const { pullRequest } = WORKFLOWS;
    expect(Object.keys(pullRequest.on)).toEqual(['pull_request']);
    const byJob = (job: string) => runCommands(pullRequest).filter((each) => each.job === job).map(({ words }) => words.join(' '));
    expect(Object.keys(pullRequest.jobs)).toEqual(['content', 'tests']);
    expect(byJob('content')).toEqual(['npm ci', 'npx kokuchi check --format github', 'npm run build']);
    expect(byJob('tests')).toEqual(['npm ci', 'npm test']);
  });
});

describe('.ci/with-minimal-content', () => {
  const script = path.join(REPO_ROOT, '.ci', 'with-minimal-content');
  const run = (cwd: string, command: string) => spawnSync(script, ['bash', '-c', command], { cwd, encoding: 'utf8' });

  it('runs the command on a minimal valid site with no incidents, then puts content/ back even when it fails', async () => {
    const site = await copyToTemp(SAMPLE_CONTENT, 'content');
    try {
      const cwd = path.dirname(site.path);
      const before = await readTree(site.path);
      const inside = run(cwd, `ls -A content/incidents | wc -l; node ${JSON.stringify(CLI)} check --no-cache; exit 3`);
      expect(inside.status).toBe(3);
      expect(inside.stdout.split('\n')[0]!.trim()).toBe('0');
      expect(inside.stdout).toContain('checked 0 incidents in content');
      const after = await readTree(site.path);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(after.get(file)?.equals(bytes), file).toBe(true);
      expect(existsSync(path.join(cwd, '.kokuchi-ci-content'))).toBe(false);
    } finally {
      await site.remove();
    }
  });

  it('puts back a content/ that a killed run left aside before it starts', async () => {
    const site = await copyToTemp(SAMPLE_CONTENT, 'content');
    try {
      const cwd = path.dirname(site.path);
      await rename(site.path, path.join(cwd, 'aside'));
      await mkdir(path.join(cwd, '.kokuchi-ci-content'));
      await rename(path.join(cwd, 'aside'), path.join(cwd, '.kokuchi-ci-content', 'content'));
      await mkdir(path.join(cwd, 'content'));
      expect(run(cwd, 'ls -A content/incidents | wc -l').stdout.trim()).toBe('0');
      expect((await readTree(site.path)).has('incidents/2021/EX300267.yaml')).toBe(true);
    } finally {
      await site.remove();
    }
  });
});

describe('.ci/run', () => {
  it('runs the type check, the tests and the browser tests, each an existing script or npm command', async () => {
    const commands = shellCommands(await readText('.ci/run')).map((words) => words.join(' '));
    for (const expected of ['npm ci', 'npx tsc --noEmit', 'npm test', 'npm run test:browser']) expect(commands).toContain(expected);
    const second = commands.find((each) => each.startsWith('.ci/with-minimal-content '));
    expect(second).toContain('npx vitest run');
    expect(commands.indexOf(second!)).toBeGreaterThan(commands.indexOf('npm test'));
    expect(commands.indexOf('npm test')).toBeLessThan(commands.indexOf('npm run test:browser'));
    for (const command of commands.filter((each) => /^npm run /u.test(each))) expect(scripts).toHaveProperty([command.split(' ')[2]!]);
  });
});
