import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { withTempContent } from '../helpers/fixture.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const COMMANDS = path.join(import.meta.dirname, '../../src/commands');

/** Machine output, not sentences: `build --timings` prints a table of stage names for developers. */
const MACHINE_OUTPUT = new Set(['build.ts: .write(timings:\\n\\n']);

/** The literal text of the string or template literal opening at `start`, without its `${…}` parts. */
function literalText(source: string, start: number): string {
  const quote = source[start]!;
  let text = '';
  let depth = 0;
  for (let index = start + 1; index < source.length; index += 1) {
    const char = source[index]!;
    if (depth === 0 && char === '\\') {
      text += source.slice(index, index + 2);
      index += 1;
    } else if (depth === 0 && char === quote) return text;
    else if (quote === '`' && depth === 0 && char === '$' && source[index + 1] === '{') {
      depth = 1;
      index += 1;
    } else if (depth > 0 && char === '{') depth += 1;
    else if (depth > 0 && char === '}') depth -= 1;
    else if (depth === 0) text += char;
  }
  return text;
}

/** Whether a literal says words of its own (beyond the program's name, escapes and punctuation). */
const saysWords = (text: string) => /[A-Za-z]{2,}/u.test(text.replace(/\\n/gu, ' ').replace(/^kokuchi[ a-z0-9-]*:/u, ''));

/** Literal (not phrase) text passed to `usageError(` or `fail(`, or written with `.write(`, as `file: call(opening` lines. */
function literalSentences(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(COMMANDS).filter((file) => file.endsWith('.ts'))) {
    const source = readFileSync(path.join(COMMANDS, name), 'utf8');
    for (const match of source.matchAll(/\b(usageError|fail|\.write)\(\s*(['"`])/gu)) {
      const text = literalText(source, match.index + match[0].length - 1);
      if (match[1] !== '.write' || saysWords(text)) found.push(`${name}: ${match[1]}(${text.slice(0, 40)}`);
    }
  }
  return found;
}

/** The text of the call's arguments: from the `(` at `open` to its matching `)` (strings and templates skipped over roughly). */
function argumentsAt(source: string, open: number): string {
  let depth = 0;
  for (let index = open; index < source.length; index += 1) {
    const char = source[index]!;
    if (char === "'" || char === '"') {
      index = source.indexOf(char, index + 1);
      if (index < 0) break;
    } else if (char === '(') depth += 1;
    else if (char === ')' && (depth -= 1) === 0) return source.slice(open + 1, index);
  }
  return source.slice(open + 1);
}

/** Whether call arguments pass some `.message` or `.hint` (an error's or a diagnostic's, said in English) without saying it through a phrase. */
const passesRawMessage = (text: string) => /\.(message|hint)\b/u.test(text) && !/\b(phrase|sayIn|sayNow|say)\(/u.test(text);

/** Calls of `usageError(`, `fail(` or `.write(` that pass a `.message` or `.hint` as it is, as `file: call(arguments` lines. */
function rawMessages(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(COMMANDS).filter((file) => file.endsWith('.ts'))) {
    const source = readFileSync(path.join(COMMANDS, name), 'utf8');
    for (const match of source.matchAll(/\b(usageError|fail|\.write)\(/gu)) {
      const text = argumentsAt(source, match.index + match[0].length - 1);
      if (passesRawMessage(text)) found.push(`${name}: ${match[1]}(${text.slice(0, 60)}`);
    }
  }
  return found;
}

const DEV_SERVER = path.join(import.meta.dirname, '../../src/dev/server.ts');
const LOG_CALL = /\blog\.(info|problem)\(/gu;

/** The dev server's `log.info(`/`log.problem(` calls that say a literal sentence or pass a `.message` without a phrase. */
function devLogSentences(source = readFileSync(DEV_SERVER, 'utf8')): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(LOG_CALL)) {
    const open = match.index + match[0].length - 1;
    const rest = source.slice(open + 1).trimStart();
    const literal = /^['"`]/u.test(rest) ? literalText(rest, 0) : '';
    if (saysWords(literal) || passesRawMessage(argumentsAt(source, open))) found.push(`log.${match[1]}(${argumentsAt(source, open).slice(0, 60)}`);
  }
  return found;
}

describe('the CLI phrases', () => {
  it('are what every command says: no literal sentence goes to usageError, fail or .write', () => {
    const found = literalSentences();
    expect(found.filter((line) => !MACHINE_OUTPUT.has(line))).toEqual([]);
    // An entry that no longer matches must leave the list.
    expect([...MACHINE_OUTPUT].filter((line) => !found.includes(line))).toEqual([]);
  });

  it('are what every command says: no .message or .hint goes to usageError, fail or .write without a phrase', () => {
    expect(rawMessages()).toEqual([]);
  });

  it('the scan finds a message passed as it is, and not one said through a phrase', () => {
    const sample = [
      'environment.stderr.write(`kokuchi dev: ${error.message}\\n`);',
      'return fail(problems.items[0]!.message, problems.items[0]!.hint);',
      "usageError(now.message);",
      "environment.stderr.write(`kokuchi dev: ${sayIn(environment, phrase('dev-server-error', error.message))}\\n`);",
      "return fail(phrase('text', en.message, ja.message));",
      "usageError(phrase('bad-lang', value));",
    ].join('\n');
    const calls = [...sample.matchAll(/\b(usageError|fail|\.write)\(/gu)].map((match) => passesRawMessage(argumentsAt(sample, match.index + match[0].length - 1)));
    expect(calls).toEqual([true, true, true, false, false, false]);
  });

  it('the scan finds a literal sentence when one is there, and not a phrase', () => {
    const sample = "out.write(`dry run: ${summary}; nothing\\n`); out.write(`${sayIn(environment, phrase('x', `a ${b}`))}\\n`); err.write(`kokuchi init: ${said}\\n`)";
    const writes = [...sample.matchAll(/\.write\(\s*(['"`])/gu)].map((match) => saysWords(literalText(sample, match.index + match[0].length - 1)));
    expect(writes).toEqual([true, false, false]);
  });
  it("are what the dev server says: no literal sentence or raw .message goes to log.info or log.problem", () => {
    const source = readFileSync(DEV_SERVER, 'utf8');
    expect([...source.matchAll(LOG_CALL)].length).toBeGreaterThan(5);
    // Without options.formatDiagnostics (library use) problems are listed as `file:line:column  message  [rule]`;
    // `kokuchi dev` always passes report.ts's formatter, which says them in the chosen language.
    const fallback = 'log.problem(\n      this.options.formatDiagnostics\n        ? this.options';
    expect(devLogSentences(source)).toEqual([fallback]);
  });

  it('the dev server scan finds a literal sentence and a raw message, and not a phrase', () => {
    const sample = [
      'this.log.info(`${clock()} ${names} → rendering every page in the background`);',
      'this.log.problem(`kokuchi dev: ${error.message}\\n`);',
      "this.log.info(`kokuchi dev: ${this.say(phrase('dev-building', this.url))}`);",
      "this.log.problem(`kokuchi dev: ${this.say(phrase('dev-rebuild-failed', messageOf(error)))}\\n`);",
    ];
    expect(sample.map((line) => devLogSentences(line).length)).toEqual([1, 1, 0, 0]);
  });
});

describe('--lang ja', () => {
  it('kokuchi new: a bad --start and an unknown service, in Japanese', async () => {
    // new's own --lang names the record's language, so the message language comes first.
    const content = await withTempContent({});
    cleanups.push(() => content.remove());
    const start = capture(content.cwd);
    expect(await main(['--lang', 'ja', 'new', 'EX1', '--service', 'exchange-online', '--start', '2021年11月25日(金) 21:33 JST'], start.environment)).toBe(1);
    expect(start.stderr()).toMatchInlineSnapshot(`
      "kokuchi new: --start "2021年11月25日(金) 21:33 JST": 2021 年 11 月 25 日は木曜日で、金曜日ではありません
          ヒント: 曜日か日付を直してください
      "
    `);
    const service = capture(content.cwd);
    expect(await main(['--lang', 'ja', 'new', 'EX1', '--service', 'exchange-onlin'], service.environment)).toBe(1);
    expect(service.stderr()).toMatchInlineSnapshot(`
      "kokuchi new: 「exchange-onlin」というサービスはありません。「exchange-online」のことですか？
          ヒント: 次のどれかを使ってください: exchange-online, microsoft-teams（または content/services.yaml に追加してください）
      "
    `);
    const english = capture(content.cwd);
    expect(await main(['--lang', 'en', 'new', 'EX1', '--service', 'exchange-onlin'], english.environment)).toBe(1);
    expect(english.stderr()).toMatchInlineSnapshot(`
      "kokuchi new: unknown service "exchange-onlin"; did you mean "exchange-online"?
          hint: use one of: exchange-online, microsoft-teams (or add it to content/services.yaml)
      "
    `);
  });

  it('kokuchi init: refusing to overwrite, in Japanese', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-init-ja-'));
    cleanups.push(() => rm(cwd, { recursive: true, force: true }));
    await mkdir(path.join(cwd, '.github/workflows'), { recursive: true });
    await writeFile(path.join(cwd, '.github/workflows/publish.yml'), 'mine\n');
    const run = capture(cwd);
    expect(await main(['init', '--lang', 'ja'], run.environment)).toBe(1);
    expect(run.stderr()).toMatchInlineSnapshot(`
      "kokuchi init: .github/workflows/publish.yml がもうあるため、何も書き込んでいません
          ヒント: 空のフォルダーで実行するか、フォルダーを指定してください: kokuchi init my-site
      "
    `);
    expect(await readFile(path.join(cwd, '.github/workflows/publish.yml'), 'utf8')).toBe('mine\n');
  });

  it('kokuchi import statuspage: a usage error, in Japanese', async () => {
    const content = await withTempContent({});
    cleanups.push(() => content.remove());
    const run = capture(content.cwd);
    expect(await main(['import', 'statuspage', '--lang', 'ja'], run.environment)).toBe(2);
    expect(run.stderr()).toMatchInlineSnapshot(`
      "kokuchi import: 保存したファイルか、その URL を指定してください: kokuchi import statuspage FILE.json|URL
      "
    `);
    const graph = capture(content.cwd);
    expect(await main(['--lang', 'ja', 'import', 'statuspage', '--graph'], graph.environment)).toBe(2);
    expect(graph.stderr()).toMatchInlineSnapshot(`
      "kokuchi import: --graph は m365 専用です。kokuchi import statuspage は保存したファイルか URL を読みます
      "
    `);
  });

  it('kokuchi translations --fill --dry-run, in Japanese', async () => {
    const content = await withTempContent({
      'content/incidents/EX1.yaml': ['id: EX1', 'service: exchange-online', 'title: {en: Users cannot send mail, ja: メールを送信できない}', 'start: 2021-11-25 21:33 JST', 'updates:', '  - at: 2021-11-25 22:00 JST', '    status: investigating', '    current_status: {en: We are looking into it., ja: 調査しています。}', ''].join('\n'),
      'content/incidents/EX2.yaml': ['id: EX2', 'service: exchange-online', 'title: Users cannot send mail', 'start: 2021-12-01 09:00 JST', 'updates:', '  - at: 2021-12-01 09:10 JST', '    status: investigating', '    current_status: {en: We are looking into it.}', ''].join('\n'),
    });
    cleanups.push(() => content.remove());
    const before = await readFile(path.join(content.cwd, 'content/incidents/EX2.yaml'), 'utf8');
    const run = capture(content.cwd);
    // translations' own --lang names the language to fill, so the message language comes first.
    expect(await main(['--lang', 'ja', 'translations', '--fill', '--dry-run'], run.environment)).toBe(0);
    expect(run.stdout()).toMatchInlineSnapshot(`
      "埋める予定  EX2  障害  title (ja): "メールを送信できない"
      埋める予定  EX2  続報 2021-12-01 09:10 JST  current_status (ja): "調査しています。"
      "
    `);
    expect(run.stderr()).toMatchInlineSnapshot(`
      "kokuchi translations: 1 ファイルの 2 か所を埋められます。何も書き込んでいません（--dry-run）
      "
    `);
    expect(await readFile(path.join(content.cwd, 'content/incidents/EX2.yaml'), 'utf8')).toBe(before);
  });
});

/** Runs kokuchi in `cwd` with `env`, in each language; stderr and the exit code of each. */
async function inBothLanguages(cwd: string, args: string[], env: Record<string, string> = {}) {
  const said: Record<'en' | 'ja', { code: number; stderr: string; stdout: string }> = { en: { code: -1, stderr: '', stdout: '' }, ja: { code: -1, stderr: '', stdout: '' } };
  for (const language of ['en', 'ja'] as const) {
    const run = capture(cwd);
    run.environment.env = env;
    const code = await main(['--lang', language, ...args], run.environment);
    said[language] = { code, stderr: run.stderr(), stdout: run.stdout() };
  }
  return said;
}

describe('kokuchi import m365 --graph: usage errors in both languages', () => {
  const SECRET = 'Zq9~not-to-be-printed';
  const GRAPH_ENV = { AZURE_TENANT_ID: 'tenant-0000', AZURE_CLIENT_ID: 'client-1111', AZURE_CLIENT_SECRET: SECRET };

  async function site() {
    const content = await withTempContent({});
    cleanups.push(() => content.remove());
    return content.cwd;
  }

  it('an unknown --cloud', async () => {
    const said = await inBothLanguages(await site(), ['import', 'm365', '--graph', '--cloud', 'moon'], GRAPH_ENV);
    expect(said.en).toEqual({ code: 2, stdout: '', stderr: 'kokuchi import: --cloud must be one of global, usgov, usgov-dod, china, not "moon"\n' });
    expect(said.ja).toEqual({ code: 2, stdout: '', stderr: 'kokuchi import: --cloud には global、usgov、usgov-dod、china のどれかを指定します。「moon」は使えません\n' });
  });

  it.each([
    ['--graph-endpoint', 'graph.example.com', '--graph-endpoint is not a URL', '--graph-endpoint には https:// で始まる URL を指定します'],
    ['--graph-endpoint', 'ftp://graph.example.com', '--graph-endpoint must start with https://', '--graph-endpoint は https:// で始めてください'],
    [
      '--graph-endpoint',
      'http://graph.example.com',
      '--graph-endpoint must use https:// (http:// is accepted only for loopback addresses such as 127.0.0.1)',
      '--graph-endpoint には https:// を使ってください（http:// が使えるのは 127.0.0.1 などのループバックアドレスだけです）',
    ],
    ['--authority-host', 'https://user:pw@login.example.com', '--authority-host must not contain a user name or password', '--authority-host にユーザー名やパスワードを含めないでください'],
    ['--authority-host', 'https://login.example.com/?tenant=x', '--authority-host must not have a query or fragment', '--authority-host にクエリ（?…）やフラグメント（#…）を付けないでください'],
    [
      '--graph-endpoint',
      'https://graph.example.com/v1.0',
      '--graph-endpoint must be an origin such as https://graph.microsoft.com, without a path',
      '--graph-endpoint には https://graph.microsoft.com のようなオリジンだけを指定します（パスは付けません）',
    ],
  ])('%s %s', async (option, value, english, japanese) => {
    const said = await inBothLanguages(await site(), ['import', 'm365', '--graph', option, value], GRAPH_ENV);
    expect(said.en).toEqual({ code: 2, stdout: '', stderr: `kokuchi import: ${english}\n` });
    expect(said.ja).toEqual({ code: 2, stdout: '', stderr: `kokuchi import: ${japanese}\n` });
    // The value may hold a password: it is never echoed.
    expect(`${said.en.stderr}${said.ja.stderr}`).not.toContain('pw@');
  });

  it('a --since without a zone', async () => {
    const said = await inBothLanguages(await site(), ['import', 'm365', '--graph', '--since', '2024-03-04 17:00'], GRAPH_ENV);
    expect(said.en).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kokuchi import: --since: "2024-03-04 17:00" has no time zone (write it with a zone, e.g. "2024-03-04 17:00 JST" or "2024-03-04T17:00+09:00")\n',
    });
    expect(said.ja).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kokuchi import: --since: 「2024-03-04 17:00」にタイムゾーンがありません（タイムゾーンを付けて書いてください（例: "2024-03-04 17:00 JST" または "2024-03-04T17:00+09:00"））\n',
    });
  });

  it('missing credentials, named without any value; Japanese also from LANG', async () => {
    const cwd = await site();
    const said = await inBothLanguages(cwd, ['import', 'm365', '--graph'], { AZURE_TENANT_ID: 'tenant-0000', AZURE_CLIENT_ID: '' });
    expect(said.en).toEqual({
      code: 2,
      stdout: '',
      stderr: "kokuchi import: --graph needs the app registration's credentials in the environment: AZURE_CLIENT_ID, AZURE_CLIENT_SECRET are not set (see docs/import.md#app-registration)\n",
    });
    expect(said.ja).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kokuchi import: --graph には、アプリの登録の資格情報を環境変数で渡します。AZURE_CLIENT_ID、AZURE_CLIENT_SECRET が設定されていません（docs/import.md#app-registration を参照）\n',
    });
    const one = capture(cwd);
    one.environment.env = { LANG: 'ja_JP.UTF-8', AZURE_CLIENT_ID: 'client-1111', AZURE_CLIENT_SECRET: SECRET };
    expect(await main(['import', 'm365', '--graph'], one.environment)).toBe(2);
    expect(one.stderr()).toBe('kokuchi import: --graph には、アプリの登録の資格情報を環境変数で渡します。AZURE_TENANT_ID が設定されていません（docs/import.md#app-registration を参照）\n');
    expect(`${said.en.stderr}${said.ja.stderr}${one.stderr()}`).not.toMatch(/tenant-0000|client-1111|Zq9/u);
  });

  it('a certificate file that cannot be read, or holds no certificate, no key, or an unreadable one; never its contents', async () => {
    const cwd = await site();
    const env = (file: string) => ({ AZURE_TENANT_ID: 'tenant-0000', AZURE_CLIENT_ID: 'client-1111', AZURE_CLIENT_CERTIFICATE_PATH: file });
    const missing = await inBothLanguages(cwd, ['import', 'm365', '--graph'], env('nowhere.pem'));
    expect(missing.en).toEqual({ code: 2, stdout: '', stderr: 'kokuchi import: cannot read AZURE_CLIENT_CERTIFICATE_PATH (nowhere.pem)\n' });
    expect(missing.ja).toEqual({ code: 2, stdout: '', stderr: 'kokuchi import: AZURE_CLIENT_CERTIFICATE_PATH のファイル（nowhere.pem）を読めません\n' });

    const KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n';
    const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nbm90LWEtY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    await writeFile(path.join(cwd, 'key-only.pem'), KEY);
    await writeFile(path.join(cwd, 'certificate-only.pem'), CERTIFICATE);
    await writeFile(path.join(cwd, 'broken.pem'), `${CERTIFICATE}${KEY}`);
    const cases = [
      ['key-only.pem', 'it holds no "BEGIN CERTIFICATE" block', '証明書（「BEGIN CERTIFICATE」の部分）が入っていません'],
      [
        'certificate-only.pem',
        'it holds no "BEGIN PRIVATE KEY" block (put the certificate and its private key in one PEM file)',
        '秘密キー（「BEGIN PRIVATE KEY」の部分）が入っていません。証明書と秘密キーを 1 つの PEM ファイルにまとめてください',
      ],
      ['broken.pem', 'its certificate or private key cannot be read (an encrypted key is not supported)', '証明書か秘密キーを読み取れません（暗号化された秘密キーには対応していません）'],
    ] as const;
    for (const [file, english, japanese] of cases) {
      const said = await inBothLanguages(cwd, ['import', 'm365', '--graph'], env(file));
      expect(said.en).toEqual({ code: 2, stdout: '', stderr: `kokuchi import: AZURE_CLIENT_CERTIFICATE_PATH (${file}): ${english}\n` });
      expect(said.ja).toEqual({ code: 2, stdout: '', stderr: `kokuchi import: AZURE_CLIENT_CERTIFICATE_PATH のファイル（${file}）: ${japanese}\n` });
      expect(`${said.en.stderr}${said.ja.stderr}`).not.toMatch(/c2VjcmV0|bm90LWEt|tenant-0000|client-1111/u);
    }
  });

  it('a refused request, with its hint, in Japanese (and never the secret)', async () => {
    const { startGraphServer, SECRET: GRAPH_SECRET, TENANT, CLIENT } = await import('../import/graph-server.js');
    const graph = await startGraphServer('graph-403');
    cleanups.push(graph.close);
    const host = new URL(graph.origin).host;
    const said = await inBothLanguages(await site(), ['import', 'm365', '--graph', '--graph-endpoint', graph.origin, '--authority-host', graph.origin], {
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: GRAPH_SECRET,
    });
    expect(said.ja.code).toBe(1);
    expect(said.ja.stderr.replaceAll(host, 'HOST')).toBe(
      [
        'kokuchi import m365 --graph: HOST が HTTP 403 を返しました。このアプリにはサービス正常性を読む権限がないようです (UnknownError)',
        '    ヒント: アプリの登録に Microsoft Graph のアプリケーションのアクセス許可 ServiceHealth.Read.All を追加し、テナントの管理者の同意を与えてください（docs/import.md#app-registration）',
        '取り込めませんでした。何も書き込んでいません',
        '',
      ].join('\n'),
    );
    expect(said.en.stderr.replaceAll(host, 'HOST')).toMatch(/^kokuchi import m365 --graph: HOST answered HTTP 403: the app may not read service health.*\n {4}hint: give the app registration/u);
    expect(`${said.en.stderr}${said.ja.stderr}`).not.toContain(GRAPH_SECRET);
  });
});

describe('kokuchi update: refusals and notes in both languages', () => {
  const RECORD = ['id: EX1', 'service: exchange-online', 'title: {en: Mail is delayed, ja: メールが遅延している}', 'start: 2021-11-25 21:33 JST'];

  it.each([
    [
      'updates: with nothing in it',
      [...RECORD, 'updates:', ''].join('\n'),
      'updates: is empty; write the list by hand or remove the key',
      'updates: が空です。リストを手で書くか、このキーを消してください',
    ],
    ['updates: that is not a list', [...RECORD, 'updates: soon', ''].join('\n'), 'updates: is not a list', 'updates: がリストになっていません'],
    [
      'a YAML syntax error',
      [...RECORD, 'updates:', '  - at: [', ''].join('\n'),
      'the file has YAML syntax errors; run kokuchi check and fix them first',
      'YAML の書き方に誤りがあります。先に kokuchi check で場所を確かめて直してください',
    ],
  ])('cannot add an update to a record with %s', async (_case, record, english, japanese) => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': record });
    cleanups.push(() => content.remove());
    const said = await inBothLanguages(content.cwd, ['update', 'EX1', '--status', 'investigating', '--at', '2021-11-25 22:00 JST']);
    expect(said.en).toEqual({ code: 1, stdout: '', stderr: `kokuchi update: cannot add an update to content/incidents/EX1.yaml: ${english}\n` });
    expect(said.ja).toEqual({ code: 1, stdout: '', stderr: `kokuchi update: content/incidents/EX1.yaml に続報を追加できません: ${japanese}\n` });
    expect(await readFile(path.join(content.cwd, 'content/incidents/EX1.yaml'), 'utf8')).toBe(record);
  });

  it('the notes after adding a resolved update to a record that sets its own status', async () => {
    const record = [...RECORD, 'status: investigating', 'updates:', '  - at: 2021-11-25 22:00 JST', '    status: investigating', '    current_status: {en: We are looking into it., ja: 調査しています。}', ''].join('\n');
    const said: Record<string, string> = {};
    for (const language of ['en', 'ja']) {
      const content = await withTempContent({ 'content/incidents/EX1.yaml': record });
      cleanups.push(() => content.remove());
      const run = capture(content.cwd);
      expect(await main(['--lang', language, 'update', 'EX1', '--status', 'service-restored', '--at', '2021-11-26 01:00 JST'], run.environment)).toBe(0);
      said[language] = run.stderr();
    }
    expect(said.en).toBe(
      [
        "note: the record sets status: investigating, which stays the incident's status; change it to service-restored (or remove it to follow the newest update)",
        'note: service-restored is a resolved status: add end: <time> to the record once the impact has ended',
        'next: replace the "TODO:" texts, then run kokuchi check',
        '',
      ].join('\n'),
    );
    expect(said.ja).toBe(
      [
        '注意: 記録に status: investigating と書かれているため、障害の状態は investigating のままです。service-restored に書き換えてください（status: を消せば、最新の続報の状態になります）',
        '注意: service-restored は解決済みの状態です。影響が終わったら、記録に end: <時刻> を書き足してください',
        '次に: 「TODO:」の文を書き換えてから kokuchi check を実行してください',
        '',
      ].join('\n'),
    );
  });
});
