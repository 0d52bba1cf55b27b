import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/build.js';
import { sayImportNote, type ImportNote } from '../../src/messages/cli-import-notes.js';
import { runMain, sampleWorkspace } from '../helpers/workspace.js';
import { CLIENT, SECRET, startGraphServer, TENANT } from '../import/graph-server.js';

const RECORD = 'content/incidents/2021/EX300267.yaml';
const ENGLISH = "      en: We're reviewing reports that some users can't send email and are checking whether your organization is affected. We'll provide an update within 30 minutes.\n";

/** The sample site without EX300267, with the import fixtures under fixtures/ and a service map for Statuspage. */
async function workspace(): Promise<string> {
  const cwd = await sampleWorkspace('import-words');
  await rm(path.join(cwd, RECORD));
  await cp(path.join(REPO_ROOT, 'test/fixtures'), path.join(cwd, 'fixtures'), { recursive: true, filter: (source) => !source.includes('sample-site') });
  await writeFile(path.join(cwd, 'map.yaml'), 'Messaging: chatterbox-messaging\nVoice: chatterbox-voice\nCloud Storage: onedrive\n');
  return cwd;
}

/** Runs each command in a fresh workspace per language; what each printed. */
async function inBothLanguages(commands: string[][], prepare?: (cwd: string) => Promise<void>) {
  const said: Record<'en' | 'ja', { code: number; stdout: string; stderr: string }[]> = { en: [], ja: [] };
  for (const language of ['en', 'ja'] as const) {
    const cwd = await workspace();
    for (const [index, args] of commands.entries()) {
      if (index === commands.length - 1 && prepare) await prepare(cwd);
      said[language].push(await runMain(cwd, ['--lang', language, ...args]));
    }
  }
  return said;
}

/** The stdout lines of each run, after checking that each run succeeded. */
function lines(runs: { code: number; stdout: string }[]): string[][] {
  for (const run of runs) expect(run.code).toBe(0);
  return runs.map((run) => run.stdout.split('\n').slice(0, -1));
}

describe('kokuchi import: every change note and summary in the chosen language', () => {
  it('m365 FILE: a dry run, then the import', async () => {
    const said = await inBothLanguages([['import', 'm365', 'fixtures/m365/ex300267.json', '--dry-run'], ['import', 'm365', 'fixtures/m365/ex300267.json']]);
    expect(lines(said.en)).toEqual([
      [
        'would create content/incidents/2021/EX300267.yaml: EX300267 with 6 updates',
        'EX300267: 7 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2021/EX300267.yaml (kokuchi check lists them)',
        'dry run: 1 issue from fixtures/m365/ex300267.json: 1 file to create, 0 to update; nothing was written',
      ],
      [
        'created content/incidents/2021/EX300267.yaml: EX300267 with 6 updates',
        'EX300267: 7 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2021/EX300267.yaml (kokuchi check lists them)',
        'imported 1 issue from fixtures/m365/ex300267.json: 1 file created, 0 updated',
      ],
    ]);
    expect(lines(said.ja)).toEqual([
      [
        'content/incidents/2021/EX300267.yaml を作成します（EX300267、続報 6 件）',
        'EX300267: 日本語の文がまだない箇所が 7 か所あります。content/incidents/2021/EX300267.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
        '試行のみ：fixtures/m365/ex300267.json の障害 1 件。作成するファイル 1 件、更新するファイル 0 件。何も書き込んでいません',
      ],
      [
        'content/incidents/2021/EX300267.yaml を作成しました（EX300267、続報 6 件）',
        'EX300267: 日本語の文がまだない箇所が 7 か所あります。content/incidents/2021/EX300267.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
        '取り込みました：fixtures/m365/ex300267.json の障害 1 件。作成したファイル 1 件、更新したファイル 0 件',
      ],
    ]);
  });

  it('m365 FILE again: a newer snapshot over a record the writer edited, then older and the same snapshot', async () => {
    const edit = async (cwd: string) => {
      const text = await readFile(path.join(cwd, RECORD), 'utf8');
      await writeFile(path.join(cwd, RECORD), text.replace('service: exchange-online', 'service: outlook').replace(ENGLISH, `${ENGLISH}      ja: 一部のユーザーがメールを送信できないという報告を確認しています。\n`));
    };
    const said = await inBothLanguages([['import', 'm365', 'fixtures/m365/ex300267.json'], ['import', 'm365', 'fixtures/m365/ex300267-v2.json', '--dry-run']], edit);
    expect(lines(said.en).at(-1)).toEqual([
      'would keep EX300267 service outlook (the import maps it to exchange-online)',
      'would update EX300267 source_modified (2021-11-26 14:06:41.890 UTC → 2021-11-26T16:58:12.400Z)',
      'would update EX300267 update 2021-11-26T06:02:00Z current_status.en (check its translation)',
      'would add EX300267 update 2021-11-26T16:58:00Z (restoring-service)',
      'EX300267: 8 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2021/EX300267.yaml (kokuchi check lists them)',
      'dry run: 1 issue from fixtures/m365/ex300267-v2.json: 0 files to create, 1 to update; nothing was written',
    ]);
    expect(lines(said.ja).at(-1)).toEqual([
      'EX300267 の service は outlook のままにします（取り込んだデータでは exchange-online）',
      'EX300267 の source_modified を更新します（2021-11-26 14:06:41.890 UTC → 2021-11-26T16:58:12.400Z）',
      'EX300267 の 2021-11-26T06:02:00Z の続報の current_status.en を更新します（訳を確認してください）',
      'EX300267 に 2021-11-26T16:58:00Z の続報（restoring-service）を追加します',
      'EX300267: 日本語の文がまだない箇所が 8 か所あります。content/incidents/2021/EX300267.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
      '試行のみ：fixtures/m365/ex300267-v2.json の障害 1 件。作成するファイル 0 件、更新するファイル 1 件。何も書き込んでいません',
    ]);
    const again = await inBothLanguages([['import', 'm365', 'fixtures/m365/ex300267-v2.json'], ['import', 'm365', 'fixtures/m365/ex300267.json'], ['import', 'm365', 'fixtures/m365/ex300267-v2.json', '--dry-run']]);
    expect(lines(again.en).slice(1)).toEqual([
      [
        "kept EX300267 (content/incidents/2021/EX300267.yaml): the imported data (last modified 2021-11-26T14:06:41.890Z) is older than the record's (2021-11-26T16:58:12.400Z); nothing changed",
        'imported 1 issue from fixtures/m365/ex300267.json: 0 files created, 0 updated',
      ],
      [
        "would keep EX300267 (content/incidents/2021/EX300267.yaml): the imported data (last modified 2021-11-26T16:58:12.400Z) is the same snapshot as the record's (2021-11-26T16:58:12.400Z); nothing changed",
        'dry run: 1 issue from fixtures/m365/ex300267-v2.json: 0 files to create, 0 to update; nothing was written',
      ],
    ]);
    expect(lines(again.ja).slice(1)).toEqual([
      [
        'EX300267（content/incidents/2021/EX300267.yaml）は変えていません：取り込んだデータ（最終更新 2021-11-26T14:06:41.890Z）は記録（2021-11-26T16:58:12.400Z）より古いものです',
        '取り込みました：fixtures/m365/ex300267.json の障害 1 件。作成したファイル 0 件、更新したファイル 0 件',
      ],
      [
        'EX300267（content/incidents/2021/EX300267.yaml）は変えません：取り込んだデータ（最終更新 2021-11-26T16:58:12.400Z）は記録（2021-11-26T16:58:12.400Z）と同じ時点のものです',
        '試行のみ：fixtures/m365/ex300267-v2.json の障害 1 件。作成するファイル 0 件、更新するファイル 0 件。何も書き込んでいません',
      ],
    ]);
  });

  it('statuspage and google-cloud', async () => {
    const said = await inBothLanguages([['import', 'statuspage', 'fixtures/statuspage/incidents.json', '--service-map', 'map.yaml'], ['import', 'google-cloud', 'fixtures/google-cloud/incidents.json', '--service-map', 'map.yaml', '--dry-run']]);
    expect(lines(said.en)).toEqual([
      [
        'created content/incidents/2024/SP-m0nit0r1ng001.yaml: SP-m0nit0r1ng001 with 3 updates',
        'created content/incidents/2024/SP-res0lved00001.yaml: SP-res0lved00001 with 2 updates',
        'added service chatterbox-messaging ("Messaging") to content/services.yaml',
        'added service chatterbox-voice ("Voice") to content/services.yaml',
        'SP-m0nit0r1ng001: 4 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2024/SP-m0nit0r1ng001.yaml (kokuchi check lists them)',
        'SP-res0lved00001: 3 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2024/SP-res0lved00001.yaml (kokuchi check lists them)',
        'imported 2 incidents from fixtures/statuspage/incidents.json: 2 files created, 1 updated',
      ],
      [
        'would create content/incidents/2024/GC-kCtEsT1nc1dent0001aB.yaml: GC-kCtEsT1nc1dent0001aB with 2 updates',
        'GC-kCtEsT1nc1dent0001aB: 3 places still without Japanese text; add "ja:" next to each "en:" in content/incidents/2024/GC-kCtEsT1nc1dent0001aB.yaml (kokuchi check lists them)',
        'dry run: 1 incident from fixtures/google-cloud/incidents.json: 1 file to create, 0 to update; nothing was written',
      ],
    ]);
    expect(lines(said.ja)).toEqual([
      [
        'content/incidents/2024/SP-m0nit0r1ng001.yaml を作成しました（SP-m0nit0r1ng001、続報 3 件）',
        'content/incidents/2024/SP-res0lved00001.yaml を作成しました（SP-res0lved00001、続報 2 件）',
        'content/services.yaml にサービス chatterbox-messaging（「Messaging」）を追加しました',
        'content/services.yaml にサービス chatterbox-voice（「Voice」）を追加しました',
        'SP-m0nit0r1ng001: 日本語の文がまだない箇所が 4 か所あります。content/incidents/2024/SP-m0nit0r1ng001.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
        'SP-res0lved00001: 日本語の文がまだない箇所が 3 か所あります。content/incidents/2024/SP-res0lved00001.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
        '取り込みました：fixtures/statuspage/incidents.json の障害 2 件。作成したファイル 2 件、更新したファイル 1 件',
      ],
      [
        'content/incidents/2024/GC-kCtEsT1nc1dent0001aB.yaml を作成します（GC-kCtEsT1nc1dent0001aB、続報 2 件）',
        'GC-kCtEsT1nc1dent0001aB: 日本語の文がまだない箇所が 3 か所あります。content/incidents/2024/GC-kCtEsT1nc1dent0001aB.yaml の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）',
        '試行のみ：fixtures/google-cloud/incidents.json の障害 1 件。作成するファイル 1 件、更新するファイル 0 件。何も書き込んでいません',
      ],
    ]);
  });
});

describe('kokuchi import m365 --graph: the summary and a response that is not Graph\'s JSON, in both languages', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  const ENV = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET };

  async function graphRun(scenario: 'ok' | 'foreign-next-link', language: 'en' | 'ja', ...more: string[]) {
    const graph = await startGraphServer(scenario);
    closers.push(graph.close);
    const cwd = await sampleWorkspace('import-words-graph');
    const result = await runMain(cwd, ['--lang', language, 'import', 'm365', '--graph', '--graph-endpoint', graph.origin, '--authority-host', graph.origin, ...more], ENV);
    const host = new URL(graph.origin).host;
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    return { code: result.code, stdout: result.stdout.replaceAll(graph.origin, 'ORIGIN'), stderr: result.stderr.replaceAll(host, 'HOST') };
  }

  it('a dry run: what was fetched and what would be written', async () => {
    const en = await graphRun('ok', 'en', '--dry-run');
    const ja = await graphRun('ok', 'ja', '--dry-run');
    expect([en.code, ja.code]).toEqual([0, 0]);
    expect(en.stdout.split('\n').filter((line) => !/^(would create|\w+: \d+ places?)/u.test(line))).toEqual([
      'fetched 3 issues in 3 pages from ORIGIN/v1.0/admin/serviceAnnouncement/issues',
      'dry run: 3 issues from ORIGIN/v1.0/admin/serviceAnnouncement/issues: 3 files to create, 0 to update; nothing was written',
      '',
    ]);
    expect(ja.stdout.split('\n').filter((line) => !/(を作成します|か所あります)/u.test(line))).toEqual([
      'ORIGIN/v1.0/admin/serviceAnnouncement/issues から障害 3 件を 3 ページで取得しました',
      '試行のみ：ORIGIN/v1.0/admin/serviceAnnouncement/issues の障害 3 件。作成するファイル 3 件、更新するファイル 0 件。何も書き込んでいません',
      '',
    ]);
  });

  it('a next page on another host', async () => {
    const en = await graphRun('foreign-next-link', 'en');
    const ja = await graphRun('foreign-next-link', 'ja');
    expect(en).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'kokuchi import m365 --graph: the response from HOST is not the JSON Graph sends: @odata.nextLink points to another host (127.0.0.1:9)',
        '    hint: check --graph-endpoint; nothing was written',
        'import failed; nothing was written',
        '',
      ].join('\n'),
    });
    expect(ja).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'kokuchi import m365 --graph: HOST からの応答が Graph の JSON ではありません：@odata.nextLink が別のホスト（127.0.0.1:9）を指しています',
        '    ヒント: --graph-endpoint を確認してください。何も書き込んでいません',
        '取り込めませんでした。何も書き込んでいません',
        '',
      ].join('\n'),
    });
  });
});

describe('the change notes the fixtures above do not reach', () => {
  it.each<[ImportNote, string, string, string, string]>([
    [{ kind: 'service-added', id: 'EX1' }, 'added EX1 service', 'would add EX1 service', 'EX1 の service を追加しました', 'EX1 の service を追加します'],
    [{ kind: 'status', where: { id: 'EX1' }, key: 'status', to: 'investigating' }, 'added EX1 status', 'would add EX1 status', 'EX1 の status を追加しました', 'EX1 の status を追加します'],
    [
      { kind: 'status', where: { id: 'EX1', update: '2021-11-26T06:02:00Z' }, key: 'status', from: 'investigating', to: 'service-restored' },
      'updated EX1 update 2021-11-26T06:02:00Z status: investigating → service-restored',
      'would update EX1 update 2021-11-26T06:02:00Z status: investigating → service-restored',
      'EX1 の 2021-11-26T06:02:00Z の続報の status を更新しました（investigating → service-restored）',
      'EX1 の 2021-11-26T06:02:00Z の続報の status を更新します（investigating → service-restored）',
    ],
    [
      { kind: 'classification', id: 'EX1', from: 'incident', to: 'advisory' },
      'updated EX1 classification: incident → advisory',
      'would update EX1 classification: incident → advisory',
      'EX1 の classification を更新しました（incident → advisory）',
      'EX1 の classification を更新します（incident → advisory）',
    ],
    [{ kind: 'text', added: true, where: { id: 'EX1' }, key: 'impact', translated: false }, 'added EX1 impact.en', 'would add EX1 impact.en', 'EX1 の impact.en を追加しました', 'EX1 の impact.en を追加します'],
    [{ kind: 'unchanged', id: 'EX1', file: 'content/incidents/EX1.yaml' }, 'unchanged EX1 (content/incidents/EX1.yaml)', 'unchanged EX1 (content/incidents/EX1.yaml)', 'EX1（content/incidents/EX1.yaml）に変更はありません', 'EX1（content/incidents/EX1.yaml）に変更はありません'],
  ])('%j', (note, english, wouldEnglish, japanese, wouldJapanese) => {
    expect([sayImportNote(note, 'en'), sayImportNote(note, 'en', true), sayImportNote(note, 'ja'), sayImportNote(note, 'ja', true)]).toEqual([english, wouldEnglish, japanese, wouldJapanese]);
  });
});
