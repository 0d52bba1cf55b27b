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

/**
 * Call sites still saying English-only text (their facts come from the Graph client, certificate
 * reader and YAML editor in English), each `file: call(opening`. Unfinished work, not accepted text:
 * the list may only shrink.
 */
const NOT_YET_CONVERTED = new Set([
  'import.ts: usageError(--cloud must be one of , not ""',
  'import.ts: usageError(-- ',
  'import.ts: usageError(--since: ',
  "import.ts: usageError(--graph needs the app registration's cre",
  'import.ts: usageError(cannot read AZURE_CLIENT_CERTIFICATE_PAT',
  'import.ts: usageError(AZURE_CLIENT_CERTIFICATE_PATH (): ',
  'update.ts: fail(cannot add an update to : ',
]);

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

describe('the CLI phrases', () => {
  it('are what every command says: no literal sentence goes to usageError, fail or .write', () => {
    const found = literalSentences();
    expect(found.filter((line) => !NOT_YET_CONVERTED.has(line) && !MACHINE_OUTPUT.has(line))).toEqual([]);
    // An entry that no longer matches must leave the list.
    expect([...NOT_YET_CONVERTED, ...MACHINE_OUTPUT].filter((line) => !found.includes(line))).toEqual([]);
  });

  it('the scan finds a literal sentence when one is there, and not a phrase', () => {
    const sample = "out.write(`dry run: ${summary}; nothing\\n`); out.write(`${sayIn(environment, phrase('x', `a ${b}`))}\\n`); err.write(`kokuchi init: ${said}\\n`)";
    const writes = [...sample.matchAll(/\.write\(\s*(['"`])/gu)].map((match) => saysWords(literalText(sample, match.index + match[0].length - 1)));
    expect(writes).toEqual([true, false, false]);
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
      "埋める予定  EX2  incident  title (ja): "メールを送信できない"
      埋める予定  EX2  update 2021-12-01 09:10 JST  current_status (ja): "調査しています。"
      "
    `);
    expect(run.stderr()).toMatchInlineSnapshot(`
      "kokuchi translations: 1 ファイルの 2 か所を埋められます。何も書き込んでいません（--dry-run）
      "
    `);
    expect(await readFile(path.join(content.cwd, 'content/incidents/EX2.yaml'), 'utf8')).toBe(before);
  });
});
