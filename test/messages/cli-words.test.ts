import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevServerError, startDevServer } from '../../src/dev/server.js';
import { sayNow } from '../../src/messages/cli.js';
import { SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';
import { readTexts, runMain, sampleWorkspace } from '../helpers/workspace.js';

describe('KOKUCHI_NOW that is not a time, in both languages', () => {
  it.each([
    ['new', ['new', 'EX300300', '--service', 'exchange-online']],
    ['update', ['update', 'EX300267', '--status', 'investigating']],
  ])('kokuchi %s: a usage error, and nothing written', async (command, args) => {
    const cwd = await sampleWorkspace('kokuchi-now');
    const before = await readTexts(path.join(cwd, 'content'));
    const said = async (now: string, language: string) => {
      const run = await runMain(cwd, ['--lang', language, ...args], { KOKUCHI_NOW: now });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      return run.stderr;
    };
    expect(await said('tomorrow', 'en')).toBe(
      `kokuchi ${command}: KOKUCHI_NOW="tomorrow" is not a time kokuchi reads: cannot read "tomorrow" as a time (write it as "2021-11-25 21:33 JST", "2021-11-25T12:33:00Z" or "Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)")\n`,
    );
    expect(await said('tomorrow', 'ja')).toBe(
      `kokuchi ${command}: 環境変数 KOKUCHI_NOW：「tomorrow」を時刻として読めません（「2021-11-25 21:33 JST」「2021-11-25T12:33:00Z」「Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)」のように書きます）\n`,
    );
    expect(await said('2026-11-27 01:00', 'en')).toBe(
      `kokuchi ${command}: KOKUCHI_NOW="2026-11-27 01:00" is not a time kokuchi reads: "2026-11-27 01:00" has no time zone (write it with a zone, e.g. "2026-11-27 01:00 JST" or "2026-11-27T01:00+09:00")\n`,
    );
    expect(await said('2026-11-27 01:00', 'ja')).toBe(
      `kokuchi ${command}: 環境変数 KOKUCHI_NOW：「2026-11-27 01:00」にタイムゾーンがありません（タイムゾーンを付けて書いてください（例: "2026-11-27 01:00 JST" または "2026-11-27T01:00+09:00"））\n`,
    );
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });
});

describe('kokuchi dev: the server\'s refusals, in both languages', () => {
  it('a port already in use', async () => {
    const cwd = await sampleWorkspace('dev-port');
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const said = async (language: string) => {
        const run = await runMain(cwd, ['--lang', language, 'dev', '--port', String(port), '--no-cache']);
        expect(run.code).toBe(2);
        return run.stderr;
      };
      expect(await said('en')).toBe(`kokuchi dev: port ${port} is already in use on 127.0.0.1; pass --port with another port (0 picks a free one)\n`);
      expect(await said('ja')).toBe(`kokuchi dev: ポート ${port} は 127.0.0.1 ですでに使われています。--port で別のポートを指定してください（0 なら空いているポートを選びます）\n`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('an address other machines could reach, as the server says it (the CLI allows it when --host is given)', async () => {
    const refused = await startDevServer({ cwd: os.tmpdir(), contentDir: SAMPLE_CONTENT, templatesDir: TEMPLATES, host: '0.0.0.0', port: 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DevServerError);
    const message = (refused as Error).message;
    expect(sayNow('en', 'dev-server-error', message)).toBe(message);
    expect(sayNow('ja', 'dev-server-error', message)).toBe('0.0.0.0 では待ち受けません。ほかのマシンからプレビュー（下書きを含む）が見えてしまいます。許可するには --host を明示して指定してください');
  });

  it('an address it cannot listen on', () => {
    expect(sayNow('ja', 'dev-server-error', 'cannot listen on 192.0.2.1:4321 (EADDRNOTAVAIL)')).toBe('192.0.2.1:4321 で待ち受けできません（EADDRNOTAVAIL）');
    // A refusal it does not know is shown as the server said it.
    expect(sayNow('ja', 'dev-server-error', 'something else')).toBe('something else');
  });
});

describe('kokuchi new: an id that is not valid, in both languages', () => {
  it('says the problem and its hint in the chosen language, and writes nothing', async () => {
    const cwd = await sampleWorkspace('new-bad-id');
    const before = await readTexts(path.join(cwd, 'content'));
    const said = async (language: string) => {
      const run = await runMain(cwd, ['--lang', language, 'new', 'bad id!', '--service', 'exchange-online'], { KOKUCHI_NOW: '2026-11-27T01:00:00Z' });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      return run.stderr;
    };
    expect(await said('en')).toBe('kokuchi new: "bad id!" is not a valid id\n    hint: an id starts with a letter or digit and has only A–Z, a–z, 0–9, "_" and "-", e.g. EX300267\n');
    expect(await said('ja')).toBe('kokuchi new: 「bad id!」は ID として使えません\n    ヒント: ID は英字か数字で始め、A–Z・a–z・0–9・「_」・「-」だけを使います（例: EX300267）\n');
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });
});

describe('kokuchi import: a file it cannot read, in both languages', () => {
  it('a missing file and a folder, end to end', async () => {
    const cwd = await sampleWorkspace('import-unreadable');
    const said = async (language: string, file: string) => (await runMain(cwd, ['--lang', language, 'import', 'm365', file])).stderr;
    expect(await said('en', 'missing.json')).toBe('kokuchi import: cannot read missing.json: no such file\n');
    expect(await said('ja', 'missing.json')).toBe('kokuchi import: missing.json を読めません：ファイルがありません\n');
    expect(await said('en', 'content')).toBe('kokuchi import: cannot read content: it is a folder\n');
    expect(await said('ja', 'content')).toBe('kokuchi import: content を読めません：フォルダーです\n');
  });

  it('another failure: in Japanese the system\'s English is left out (unit: a refused permission cannot be staged when tests run as root)', () => {
    const detail = "Error: EACCES: permission denied, open '/x/issues.json'";
    expect(sayNow('en', 'cannot-read', 'issues.json', 'other', detail, 'EACCES')).toBe(`cannot read issues.json: ${detail}`);
    expect(sayNow('ja', 'cannot-read', 'issues.json', 'other', detail, 'EACCES')).toBe('issues.json を読めません：読む権限がありません');
    expect(sayNow('ja', 'cannot-read', 'issues.json', 'other', 'Error: EIO: i/o error', 'EIO')).toBe('issues.json を読めません（EIO）');
  });
});
