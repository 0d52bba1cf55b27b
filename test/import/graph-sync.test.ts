import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { syncGraphIssues } from '../../src/import/graph/client.js';
import { messageOf } from '../../src/messages/index.js';
import { readTexts, runMain, sampleWorkspace } from '../helpers/workspace.js';
import { CLIENT, SECRET, startGraphServer, TENANT, type Scenario } from './graph-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const workspace = () => sampleWorkspace('graph');

async function server(scenario: Scenario) {
  const started = await startGraphServer(scenario);
  cleanups.push(started.close);
  return started;
}

const ENV = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET };

const run = (cwd: string, args: string[], env: Record<string, string> = ENV) => runMain(cwd, args, env);

const graphArgs = (origin: string, ...more: string[]) => ['import', 'm365', '--graph', '--graph-endpoint', origin, '--authority-host', origin, ...more];

describe('kokuchi import m365 --graph against a loopback Graph', () => {
  it('gets a token, follows every page through a 429 with Retry-After, and imports every issue', async () => {
    const graph = await server('ok');
    const cwd = await workspace();
    const result = await run(cwd, graphArgs(graph.origin));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`fetched 3 issues in 3 pages from ${graph.origin}/v1.0/admin/serviceAnnouncement/issues\n`);
    expect(result.stdout).toContain(`imported 3 issues from ${graph.origin}/v1.0/admin/serviceAnnouncement/issues: 3 files created, 0 updated\n`);
    expect(graph.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /${TENANT}/oauth2/v2.0/token`,
      'GET /v1.0/admin/serviceAnnouncement/issues',
      'GET /v1.0/admin/serviceAnnouncement/issues?$skiptoken=2',
      'GET /v1.0/admin/serviceAnnouncement/issues?$skiptoken=2',
      'GET /v1.0/admin/serviceAnnouncement/issues?$skiptoken=3',
    ]);
    for (const id of ['EX820001', 'EX820002']) expect(await readFile(path.join(cwd, 'content/incidents/2024', `${id}.yaml`), 'utf8')).toContain(`id: ${id}\n`);
    expect(await readFile(path.join(cwd, 'content/incidents/2024/SP820003.yaml'), 'utf8')).toContain('source_modified: 2024-03-04 08:29 UTC\n');
    const everything = [result.stdout, result.stderr, ...(await readTexts(path.join(cwd, 'content'))).values()].join('\n');
    expect(everything).not.toContain(SECRET);
  });

  it('reads compressed pages, whose Content-Length is the compressed length', async () => {
    const graph = await server('gzip');
    const cwd = await workspace();
    const result = await run(cwd, graphArgs(graph.origin));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`imported 3 issues from ${graph.origin}/v1.0/admin/serviceAnnouncement/issues: 3 files created, 0 updated\n`);
  });

  it('filters on the server with --since and --service', async () => {
    const graph = await server('empty');
    const cwd = await workspace();
    const result = await run(cwd, graphArgs(graph.origin, '--since', '2024-03-04 17:00 JST', '--service', "Exchange Online's"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no issues modified since 2024-03-04T08:00:00.000Z');
    const filter = new URL(graph.seen[1]!.path, graph.origin).searchParams.get('$filter');
    expect(filter).toBe("lastModifiedDateTime ge 2024-03-04T08:00:00.000Z and service eq 'Exchange Online''s'");
  });

  it.each<[Scenario, RegExp]>([
    ['token-401', /refused the credentials with HTTP 401 \(invalid_client, AADSTS7000215\)\n {4}hint: check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET .*ServiceHealth\.Read\.All.*admin consent/u],
    ['graph-401', /refused the credentials with HTTP 401 \(InvalidAuthenticationToken\)\n.*ServiceHealth\.Read\.All/u],
    ['graph-403', /answered HTTP 403: the app may not read service health \(UnknownError\)\n {4}hint: give the app registration the Microsoft Graph application permission ServiceHealth\.Read\.All and grant admin consent/u],
    ['truncated', /the response from 127\.0\.0\.1:\d+ was cut off before its end/u],
    ['gzip-truncated', /the response from 127\.0\.0\.1:\d+ was cut off before its end/u],
    ['throttled', /kept answering 429\/503 \(too many requests\) after 5 attempts/u],
    ['foreign-next-link', /@odata\.nextLink points to another host \(127\.0\.0\.1:9\)/u],
  ])('%s: says what to do, writes nothing and never prints the secret', async (scenario, message) => {
    const graph = await server(scenario);
    const cwd = await workspace();
    const before = await readTexts(path.join(cwd, 'content'));
    const result = await run(cwd, graphArgs(graph.origin));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('nothing was written');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });

  it('authenticates with a certificate (AZURE_CLIENT_CERTIFICATE_PATH) instead of a secret', async () => {
    const cwd = await workspace();
    const pem = path.join(cwd, 'app.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem, '-out', `${pem}.crt`, '-days', '2', '-subj', '/CN=kokuchi-test']);
    const certificate = await readFile(`${pem}.crt`, 'utf8');
    await writeFile(pem, `${await readFile(pem, 'utf8')}${certificate}`);
    const graph = await startGraphServer('ok', { certificatePem: certificate });
    cleanups.push(graph.close);
    const result = await run(cwd, graphArgs(graph.origin, '--dry-run'), { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: 'app.pem' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run: 3 issues from');
    expect(`${result.stdout}${result.stderr}`).not.toContain('PRIVATE KEY');
    // A certificate the app does not have is refused like a wrong secret.
    const other = await startGraphServer('ok', { certificatePem: undefined });
    cleanups.push(other.close);
    const refused = await run(cwd, graphArgs(other.origin), { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: 'app.pem' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the credentials with HTTP 401');
  });

  it('names the host when nothing listens there', async () => {
    const graph = await startGraphServer('ok');
    await graph.close();
    const cwd = await workspace();
    const result = await run(cwd, graphArgs(graph.origin));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`kokuchi import m365 --graph: cannot reach ${new URL(graph.origin).host}: ECONNREFUSED`);
    expect(result.stderr).not.toContain(SECRET);
  });

  it('times out a page that stalls, and writes nothing although two pages arrived', async () => {
    const graph = await server('stall');
    const cwd = await workspace();
    const before = await readTexts(path.join(cwd, 'content'));
    const started = Date.now();
    const result = await run(cwd, graphArgs(graph.origin, '--timeout', '0.5'));
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:\d+ sent nothing for 0\.5 seconds/u);
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });

  it('gives up within the total time limit when Retry-After asks for more', async () => {
    const graph = await server('ok');
    const cwd = await workspace();
    const before = await readTexts(path.join(cwd, 'content'));
    const result = await run(cwd, graphArgs(graph.origin, '--time-limit', '0.5'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the sync with 127\.0\.0\.1:\d+ took longer than 0\.5 seconds in all/u);
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });

  it('writes nothing with --dry-run, and gives JSON problems with --format json', async () => {
    const graph = await server('ok');
    const cwd = await workspace();
    const before = await readTexts(path.join(cwd, 'content'));
    const dry = await run(cwd, graphArgs(graph.origin, '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: 3 issues from');
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);

    const denied = await server('graph-403');
    const json = await run(cwd, graphArgs(denied.origin, '--format', 'json'));
    expect(json.code).toBe(1);
    const [problem] = JSON.parse(json.stdout) as { rule: string; hint: string }[];
    expect(problem!.rule).toBe('graph-request');
    expect(problem!.hint).toContain('ServiceHealth.Read.All');
    expect(messageOf('graph-request', 'ja', { kind: 'forbidden', status: 403, host: 'graph.microsoft.com' }).hint).toContain('ServiceHealth.Read.All を追加し、テナントの管理者の同意を与えてください');
  });

  it.each([
    [['--graph-endpoint', 'http://graph.example.com'], '--graph-endpoint must use https:// (http:// is accepted only for loopback addresses such as 127.0.0.1)'],
    [['--authority-host', 'https://user:pw@login.example.com'], '--authority-host must not contain a user name or password'],
    [['--cloud', 'moon'], '--cloud must be one of global, usgov, usgov-dod, china, not "moon"'],
    [['--since', '2024-03-04 17:00'], '--since:'],
    [['--timeout', 'soon'], '--timeout must be a number of seconds'],
  ])('refuses %j as a usage error before any request', async (options, message) => {
    const cwd = await workspace();
    const result = await run(cwd, ['import', 'm365', '--graph', ...options]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('names the missing environment variables without printing any value', async () => {
    const cwd = await workspace();
    const result = await run(cwd, ['import', 'm365', '--graph'], { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AZURE_CLIENT_ID, AZURE_CLIENT_SECRET are not set');
    expect(result.stderr).not.toContain(TENANT);
    expect((await run(cwd, ['import', 'm365', '--since', '2024-03-04T00:00Z', 'x.json'])).stderr).toContain('--since needs --graph');
  });
});

describe('syncGraphIssues', () => {
  const options = (origin: string) => ({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, graphEndpoint: origin, authorityHost: origin });

  it('fails as a whole when a response is larger than the limit', async () => {
    const graph = await server('ok');
    const result = await syncGraphIssues({ ...options(graph.origin), maxBytes: 200 });
    expect(result).toEqual({ ok: false, problem: { kind: 'too-large', host: new URL(graph.origin).host, limit: '0 MiB' } });
  });

  it('times out a stalled page by the total time limit when that comes before the stall timeout', async () => {
    const graph = await server('stall');
    const result = await syncGraphIssues({ ...options(graph.origin), stallTimeoutMs: 30_000, timeLimitMs: 1500 });
    expect(result).toEqual({ ok: false, problem: { kind: 'time-limit', host: new URL(graph.origin).host, seconds: 1.5 } });
  });
});
