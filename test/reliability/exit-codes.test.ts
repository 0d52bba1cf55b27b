import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TEMPLATES } from '../helpers/build.js';
import { editLines, lines, withTempContent, YAML_RECORD, type TempContent } from '../helpers/fixture.js';
import { runKokuchi, STACK_TRACE, type TimedRun } from '../fixtures/hostile/cli.js';

/** The documented exit codes (docs/cli.md). */
const OK = 0;
const CONTENT = 1;
const USAGE = 2;

/** Content folders a case runs in: valid, with a broken record, without site.yaml, with an untranslated title. */
type Site = 'valid' | 'broken' | 'unconfigured' | 'untranslated' | 'none';

const SITES: Record<Exclude<Site, 'none'>, Record<string, string | null>> = {
  valid: { 'content/incidents/EX1.yaml': lines(...YAML_RECORD) },
  broken: { 'content/incidents/EX1.yaml': lines(...YAML_RECORD), 'content/incidents/EX2.yaml': editLines(YAML_RECORD, { 1: 'id: EX2', 9: '    status: fixed-it' }) },
  unconfigured: { 'content/incidents/EX1.yaml': lines(...YAML_RECORD), 'content/site.yaml': null },
  untranslated: { 'content/incidents/EX1.yaml': editLines(YAML_RECORD, { 3: 'title: {en: Mail is delayed}' }) },
};

const M365 = (file: string) => path.join(REPO_ROOT, 'test/fixtures/m365', file);

/** Every command of `kokuchi --help`, with the cases that give each exit code. */
const CASES: { command: string; args: string[]; site: Site; code: number }[] = [
  { command: '', args: [], site: 'none', code: USAGE },
  { command: '', args: ['--help'], site: 'none', code: OK },
  { command: '', args: ['chek'], site: 'none', code: USAGE },

  { command: 'check', args: ['check'], site: 'valid', code: OK },
  { command: 'check', args: ['check'], site: 'broken', code: CONTENT },
  { command: 'check', args: ['check', '--strict'], site: 'untranslated', code: CONTENT },
  { command: 'check', args: ['check'], site: 'unconfigured', code: USAGE },
  { command: 'check', args: ['check', '--content', 'missing-folder'], site: 'valid', code: USAGE },
  { command: 'check', args: ['check', '--bogus'], site: 'valid', code: USAGE },

  { command: 'build', args: ['build', '--templates', TEMPLATES, '--no-cache'], site: 'valid', code: OK },
  { command: 'build', args: ['build', '--templates', TEMPLATES, '--no-cache'], site: 'broken', code: CONTENT },
  { command: 'build', args: ['build', '--templates', TEMPLATES, '--no-cache'], site: 'unconfigured', code: USAGE },
  { command: 'build', args: ['build', '--templates', 'no-such-templates', '--no-cache'], site: 'valid', code: USAGE },
  { command: 'build', args: ['build', '--templates', TEMPLATES, '--out', '.'], site: 'valid', code: USAGE },
  { command: 'build', args: ['build', '--workers', '0'], site: 'valid', code: USAGE },
  // The output's parent is a file: the site cannot be written (a positioned message, not a stack trace).
  { command: 'build', args: ['build', '--templates', TEMPLATES, '--no-cache', '--out', 'content/site.yaml/dist'], site: 'valid', code: USAGE },
  { command: 'build', args: ['build', '--help'], site: 'none', code: OK },

  { command: 'init', args: ['init', 'new-site'], site: 'none', code: OK },
  { command: 'init', args: ['init'], site: 'valid', code: CONTENT },
  { command: 'init', args: ['init', '--languages', 'fr'], site: 'none', code: USAGE },

  { command: 'new', args: ['new', 'EX9', '--service', 'exchange-online'], site: 'valid', code: OK },
  { command: 'new', args: ['new', '../EX9', '--service', 'exchange-online'], site: 'valid', code: CONTENT },
  { command: 'new', args: ['new', 'EX9'], site: 'valid', code: USAGE },
  { command: 'new', args: ['new', 'EX9', '--service', 'exchange-online'], site: 'unconfigured', code: USAGE },

  { command: 'update', args: ['update', 'EX1', '--status', 'service-restored', '--at', '2021-11-26 02:00 JST'], site: 'valid', code: OK },
  { command: 'update', args: ['update', 'NOPE', '--status', 'investigating'], site: 'valid', code: CONTENT },
  { command: 'update', args: ['update', 'EX1'], site: 'valid', code: USAGE },
  { command: 'update', args: ['update', 'EX1', '--status', 'investigating'], site: 'unconfigured', code: USAGE },

  { command: 'translations', args: ['translations'], site: 'untranslated', code: OK },
  { command: 'translations', args: ['translations', '--fail-on-missing'], site: 'untranslated', code: CONTENT },
  { command: 'translations', args: ['translations', '--lang', 'fr'], site: 'valid', code: USAGE },
  { command: 'translations', args: ['translations', '--fill', '--dry-run'], site: 'untranslated', code: OK },
  { command: 'translations', args: ['translations', '--dry-run'], site: 'valid', code: USAGE },
  { command: 'translations', args: ['translations'], site: 'unconfigured', code: USAGE },

  { command: 'schema', args: ['schema', '--out', 'schema'], site: 'valid', code: OK },
  { command: 'schema', args: ['schema', '--check', '--out', 'stale-schema'], site: 'valid', code: CONTENT },
  { command: 'schema', args: ['schema', '--bogus'], site: 'valid', code: USAGE },

  { command: 'import', args: ['import', 'm365', M365('ex300267.json'), '--dry-run'], site: 'valid', code: OK },
  { command: 'import', args: ['import', 'm365', M365('malformed.json')], site: 'valid', code: CONTENT },
  { command: 'import', args: ['import', 'm365', 'no-such-file.json'], site: 'valid', code: USAGE },
  { command: 'import', args: ['import', 'm365', M365('ex300267.json')], site: 'unconfigured', code: USAGE },

  // dev serves until stopped; only its refusals and help are run here.
  { command: 'dev', args: ['dev', '--bogus'], site: 'valid', code: USAGE },
  { command: 'dev', args: ['dev', '--help'], site: 'none', code: OK },
];

const label = (item: (typeof CASES)[number]) => `kokuchi ${item.args.map((arg) => (arg.startsWith('/') ? path.basename(arg) : arg)).join(' ')} (${item.site} content)`;

describe('exit codes', () => {
  const runs = new Map<(typeof CASES)[number], TimedRun>();
  const folders: TempContent[] = [];
  let help = '';

  beforeAll(async () => {
    help = (await runKokuchi(['--help'], REPO_ROOT)).stdout;
    const queue = [...CASES];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const folder = await withTempContent(item.site === 'none' ? {} : SITES[item.site]);
        folders.push(folder);
        runs.set(item, await runKokuchi(item.args, folder.cwd, { env: { KOKUCHI_NOW: '2021-11-26T03:00:00Z' }, timeoutMs: 30_000 }));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }, 120_000);
  afterAll(() => Promise.all(folders.map((folder) => folder.remove())));

  it('are tested for every command that kokuchi --help lists, each with a success and a usage error', () => {
    const listed = [...help.matchAll(/^ {2}([a-z]+) {2,}/gmu)].map((match) => match[1]!);
    expect(listed).toEqual(expect.arrayContaining(['check', 'build']));
    for (const command of listed) {
      const codes = CASES.filter((item) => item.command === command).map((item) => item.code);
      expect(codes, `no case for ${command}`).toContain(USAGE);
      expect(codes, `no success case for ${command}`).toContain(OK);
    }
    expect(help).toContain('Exit codes: 0 ok, 1 content errors, 2 usage or configuration errors.');
  });

  for (const item of CASES) {
    it(`are ${item.code} for ${label(item)}, with no stack trace`, () => {
      const run = runs.get(item)!;
      expect(run.timedOut).toBe(false);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(item.code);
      expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
      if (item.code !== OK) expect(run.stderr.trim() || run.stdout.trim(), 'nothing says what went wrong').not.toBe('');
      if (item.code === USAGE && item.site !== 'unconfigured' && !item.args.includes('missing-folder')) expect(run.stderr).toMatch(/^kokuchi( [a-z]+)?: |^Usage: kokuchi|error/mu);
    });
  }
});
