import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { CLIENT, SECRET, startGraphServer, TENANT } from './import/graph-server.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = parse(await readFile(path.join(REPO, '.github/workflows/sync.yml'), 'utf8')) as Workflow;
const scripts = (JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/**
 * The simple commands of a step's script, as bash runs them: split at line ends, `;`, `&&` and `||`,
 * words grouped by quotes, a redirection and what follows it dropped, `if`/`then`/`fi` removed.
 */
function commandsOf(script: string): string[][] {
  const commands: string[][] = [];
  for (const line of script.split('\n')) {
    const pieces = line.match(/"[^"]*"|'[^']*'|&&|\|\||;|[^\s;]+/gu) ?? [];
    let words: string[] = [];
    let redirected = false;
    const end = () => {
      const kept = words.filter((word) => !['if', 'then', 'fi'].includes(word));
      if (kept.length > 0) commands.push(kept);
      words = [];
      redirected = false;
    };
    for (const piece of pieces) {
      if (piece === '&&' || piece === '||' || piece === ';') end();
      else if (piece === '>' || piece === '>>') redirected = true;
      else if (!redirected) words.push(piece.replace(/^(["'])(.*)\1$/u, '$2'));
    }
    end();
  }
  return commands;
}

const commands = steps.flatMap((step) => (step.run ? commandsOf(step.run).map((words) => ({ step, words })) : []));
const kokuchiCommands = commands.filter(({ words }) => words[0] === 'npx' && words[1] === 'kokuchi').map(({ step, words }) => ({ step, args: words.slice(2) }));

/** The programs the workflow may call, and the subcommands of each that exist. */
const PROGRAMS: Record<string, readonly string[] | undefined> = {
  npm: ['ci'],
  npx: ['kokuchi'],
  git: ['fetch', 'switch', 'diff', 'config', 'add', 'commit', 'push'],
  gh: ['pr'],
  echo: undefined,
  cat: undefined,
  grep: undefined,
  exit: undefined,
};

async function kokuchi(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, env, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

describe('the sync workflow (.github/workflows/sync.yml)', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-sync-'));
    await cp(path.join(REPO, 'test/fixtures/sample-site/content'), path.join(cwd, 'content'), { recursive: true });
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('runs every 15 minutes and on demand, one run at a time, allowed to push and open pull requests', () => {
    expect(workflow.on).toEqual({ schedule: [{ cron: '*/15 * * * *' }], workflow_dispatch: null });
    expect(workflow.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(workflow.concurrency).toEqual({ group: 'sync-m365', 'cancel-in-progress': false });
  });

  it('names only programs and subcommands that exist', () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const { words } of commands) {
      expect(Object.keys(PROGRAMS), words.join(' ')).toContain(words[0]);
      const subcommands = PROGRAMS[words[0]!];
      if (subcommands) expect(subcommands, words.join(' ')).toContain(words[1]);
    }
    for (const { words } of commands.filter(({ words }) => words[0] === 'npm' && words[1] === 'run')) expect(scripts).toHaveProperty([words[2]!]);
  });

  it('names only kokuchi commands and options that exist, and they run locally against a loopback Graph (--dry-run)', async () => {
    expect(kokuchiCommands.map(({ args }) => args[0])).toEqual(['import', 'check', 'translations']);
    const graph = await startGraphServer('ok');
    try {
      for (const { step, args } of kokuchiCommands) {
        const help = await kokuchi([args[0]!, '--help'], cwd);
        expect(help.code, args.join(' ')).toBe(0);
        const isImport = args[0] === 'import';
        const env: Record<string, string> = isImport ? { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET } : {};
        if (isImport) expect(Object.keys(step.env ?? {}).sort()).toEqual(['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID']);
        const local = isImport ? [...args, '--graph-endpoint', graph.origin, '--authority-host', graph.origin, '--dry-run'] : args;
        const result = await kokuchi(local, cwd, env);
        expect(result.code, `kokuchi ${local.join(' ')}\n${result.stderr}`).toBe(0);
        if (isImport) {
          expect(result.stdout).toContain('dry run: 3 issues from');
          expect(result.stdout).toMatch(/^would create content\/incidents\/2024\/EX820001\.yaml/mu);
          expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
        }
      }
      expect(await readdir(path.join(cwd, 'content/incidents'))).not.toContain('2024');
    } finally {
      await graph.close();
    }
  });

  it('takes the credentials from repository secrets, never from the file itself', () => {
    const importStep = kokuchiCommands.find(({ args }) => args[0] === 'import')!.step;
    expect(importStep.env).toEqual({
      AZURE_TENANT_ID: '${{ secrets.AZURE_TENANT_ID }}',
      AZURE_CLIENT_ID: '${{ secrets.AZURE_CLIENT_ID }}',
      AZURE_CLIENT_SECRET: '${{ secrets.AZURE_CLIENT_SECRET }}',
    });
  });
});
