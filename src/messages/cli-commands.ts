import { sayImportNote, type ImportNote } from './cli-import-notes.js';
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const didYouMean = (suggestion: string | undefined) => (suggestion ? `; did you mean "${suggestion}"?` : '');
/** Changed files as the dev server names them: the first three, then how many more. */
const fileNames = (files: readonly string[]) => (files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', '));
const fileNamesJa = (files: readonly string[]) => (files.length > 3 ? `${files.slice(0, 3).join('、')} ほか ${files.length - 3} 件` : files.join('、'));
const didYouMeanJa = (suggestion: string | undefined) => (suggestion ? `「${suggestion}」のことですか？` : '');

/** What is wrong with a `--graph-endpoint` or `--authority-host` value (src/import/graph/client.ts checks it). */
export type EndpointProblem = 'not-url' | 'not-https' | 'http-not-loopback' | 'credentials' | 'query' | 'path';

/** What is wrong with the PEM file named by AZURE_CLIENT_CERTIFICATE_PATH (src/import/graph/certificate.ts reads it). */
export type CertificateProblem = 'no-certificate' | 'no-key' | 'unreadable';

/** Why `kokuchi update` cannot add an entry to a YAML record's `updates:`. */
export type AppendRefusal = 'syntax' | 'not-map' | 'empty-updates' | 'not-list';

const ENDPOINT_EN: Record<EndpointProblem, string> = {
  'not-url': 'is not a URL',
  'not-https': 'must start with https://',
  'http-not-loopback': 'must use https:// (http:// is accepted only for loopback addresses such as 127.0.0.1)',
  credentials: 'must not contain a user name or password',
  query: 'must not have a query or fragment',
  path: 'must be an origin such as https://graph.microsoft.com, without a path',
};
const ENDPOINT_JA: Record<EndpointProblem, (option: string) => string> = {
  'not-url': (option) => `${option} には https:// で始まる URL を指定します`,
  'not-https': (option) => `${option} は https:// で始めてください`,
  'http-not-loopback': (option) => `${option} には https:// を使ってください（http:// が使えるのは 127.0.0.1 などのループバックアドレスだけです）`,
  credentials: (option) => `${option} にユーザー名やパスワードを含めないでください`,
  query: (option) => `${option} にクエリ（?…）やフラグメント（#…）を付けないでください`,
  path: (option) => `${option} には https://graph.microsoft.com のようなオリジンだけを指定します（パスは付けません）`,
};
const CERTIFICATE_EN: Record<CertificateProblem, string> = {
  'no-certificate': 'it holds no "BEGIN CERTIFICATE" block',
  'no-key': 'it holds no "BEGIN PRIVATE KEY" block (put the certificate and its private key in one PEM file)',
  unreadable: 'its certificate or private key cannot be read (an encrypted key is not supported)',
};
const CERTIFICATE_JA: Record<CertificateProblem, string> = {
  'no-certificate': '証明書（「BEGIN CERTIFICATE」の部分）が入っていません',
  'no-key': '秘密キー（「BEGIN PRIVATE KEY」の部分）が入っていません。証明書と秘密キーを 1 つの PEM ファイルにまとめてください',
  unreadable: '証明書か秘密キーを読み取れません（暗号化された秘密キーには対応していません）',
};
const APPEND_EN: Record<AppendRefusal, string> = {
  syntax: 'the file has YAML syntax errors; run kokuchi check and fix them first',
  'not-map': 'the file is not a YAML map of keys',
  'empty-updates': 'updates: is empty; write the list by hand or remove the key',
  'not-list': 'updates: is not a list',
};
const APPEND_JA: Record<AppendRefusal, string> = {
  syntax: 'YAML の書き方に誤りがあります。先に kokuchi check で場所を確かめて直してください',
  'not-map': '「キー: 値」の並んだ YAML になっていません',
  'empty-updates': 'updates: が空です。リストを手で書くか、このキーを消してください',
  'not-list': 'updates: がリストになっていません',
};

/** The English reason of an update that cannot be added (for callers that keep it as text). */
export const appendRefusalEnglish = (reason: AppendRefusal): string => APPEND_EN[reason];

/** `2 texts missing, 1 placeholder left`: the missing part is left out only when there are placeholders and nothing missing. */
function countsEn(missing: number, placeholders: number): string {
  const parts = [];
  if (missing > 0 || placeholders === 0) parts.push(`${plural(missing, 'text')} missing`);
  if (placeholders > 0) parts.push(`${plural(placeholders, 'placeholder')} left`);
  return parts.join(', ');
}

function countsJa(missing: number, placeholders: number): string {
  const parts = [];
  if (missing > 0 || placeholders === 0) parts.push(`訳のない文が ${missing} 件`);
  if (placeholders > 0) parts.push(`TODO のままの文が ${placeholders} 件`);
  return parts.join('、');
}

/** What an import read and what it writes (or would write): counts of issues and files, and the file or URL read. */
export type ImportSummary = { m365: boolean; count: number; from: string; created: number; updated: number };

const summaryEn = (summary: ImportSummary, create: string, update: string) =>
  `${plural(summary.count, summary.m365 ? 'issue' : 'incident')} from ${summary.from}: ${plural(summary.created, 'file')} ${create}, ${summary.updated} ${update}`;

/**
 * The dev server's refusal in Japanese. src/dev/server.ts says it in English only (a DevServerError
 * with a message), so its three sentences are recognised here; any other is shown as it is.
 */
function devServerErrorJapanese(message: string): string {
  const inUse = /^port (\d+) is already in use on (.+); pass --port with another port \(0 picks a free one\)$/u.exec(message);
  if (inUse) return `ポート ${inUse[1]!} は ${inUse[2]!} ですでに使われています。--port で別のポートを指定してください（0 なら空いているポートを選びます）`;
  const cannot = /^cannot listen on (.+):(\d+) \(([A-Z_]+)\)$/u.exec(message);
  if (cannot) return `${cannot[1]!}:${cannot[2]!} で待ち受けできません（${cannot[3]!}）`;
  const open = /^refusing to listen on (.+): other machines could read the preview \(drafts included\); pass --host explicitly to allow it$/u.exec(message);
  if (open) return `${open[1]!} では待ち受けません。ほかのマシンからプレビュー（下書きを含む）が見えてしまいます。許可するには --host を明示して指定してください`;
  return message;
}

/**
 * What the writer commands (new, update, init, import, translations) say, in English and Japanese;
 * spread into the CLI phrases of src/messages/cli.ts.
 */
export const commandPhrases = {
  'bad-kokuchi-now': {
    en: (value: string, en: { message: string; hint?: string }, _ja: { message: string; hint?: string }) =>
      `KOKUCHI_NOW="${value}" is not a time kokuchi reads: ${en.message}${en.hint ? ` (${en.hint})` : ''}`,
    ja: (_value: string, _en: { message: string; hint?: string }, ja: { message: string; hint?: string }) => `環境変数 KOKUCHI_NOW：${ja.message}${ja.hint ? `（${ja.hint}）` : ''}`,
  },
  text: { en: (en: string, _ja: string) => en, ja: (_en: string, ja: string) => ja },
  'new-id-twice': {
    en: (positional: string, option: string) => `give the id once: "${positional}" or --id "${option}"`,
    ja: (positional: string, option: string) => `ID は一度だけ指定してください（「${positional}」か --id "${option}" のどちらか）`,
  },
  'option-empty': { en: (option: string) => `${option} is empty`, ja: (option: string) => `${option} が空です` },
  'incident-exists': {
    en: (id: string, files: readonly string[]) => `incident ${id} already exists: ${files.join(', ')}`,
    ja: (id: string, files: readonly string[]) => `障害 ${id} はもうあります: ${files.join(', ')}`,
  },
  'incident-exists-hint': {
    en: (id: string) => `add an update to it with: kokuchi update ${id} --status <status>`,
    ja: (id: string) => `続報を追加するには: kokuchi update ${id} --status <status>`,
  },
  'unknown-service': {
    en: (service: string, suggestion: string | undefined) => `unknown service "${service}"${didYouMean(suggestion)}`,
    ja: (service: string, suggestion: string | undefined) => `「${service}」というサービスはありません。${didYouMeanJa(suggestion)}`.replace(/。$/u, ''),
  },
  'unknown-service-hint': {
    en: (known: readonly string[], root: string) => `use one of: ${known.join(', ')} (or add it to ${root}/services.yaml)`,
    ja: (known: readonly string[], root: string) => `次のどれかを使ってください: ${known.join(', ')}（または ${root}/services.yaml に追加してください）`,
  },
  'unknown-status': {
    en: (status: string, suggestion: string | undefined) => `unknown status "${status}"${didYouMean(suggestion)}`,
    ja: (status: string, suggestion: string | undefined) => `「${status}」という状態はありません。${didYouMeanJa(suggestion)}`.replace(/。$/u, ''),
  },
  'statuses-hint': { en: () => 'see docs/format.md#statuses for the list of statuses', ja: () => '使える状態の一覧は docs/format.md#statuses にあります' },
  'bad-time-option': {
    en: (option: string, value: string, en: string, _ja: string) => `${option} "${value}": ${en}`,
    ja: (option: string, value: string, _en: string, ja: string) => `${option} "${value}": ${ja}`,
  },
  'file-exists': { en: (file: string) => `${file} already exists`, ja: (file: string) => `${file} はもうあります` },
  'file-exists-hint': { en: () => 'choose another id or move that file', ja: () => '別の ID にするか、そのファイルを移動してください' },
  'new-invalid': {
    en: () => 'kokuchi new: the new record would not be valid, so nothing was written:',
    ja: () => 'kokuchi new: 新しい記録が正しくならないため、何も書き込んでいません:',
  },
  'new-next': {
    en: () => 'next: replace the "TODO:" texts, then run kokuchi check (kokuchi translations lists what is left)',
    ja: () => '次に: 「TODO:」の文を書き換えてから kokuchi check を実行してください（残りは kokuchi translations で一覧できます）',
  },
  'init-taken': {
    en: (taken: readonly string[]) => `${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}, so nothing was written`,
    ja: (taken: readonly string[]) => `${taken.join('、')} がもうあるため、何も書き込んでいません`,
  },
  'init-taken-hint': {
    en: () => 'run it in an empty folder, or give one: kokuchi init my-site',
    ja: () => '空のフォルダーで実行するか、フォルダーを指定してください: kokuchi init my-site',
  },
  'init-kept-package': {
    en: (file: string) => `kept ${file}: it already depends on kokuchi`,
    ja: (file: string) => `${file} はそのままにしました（もう kokuchi に依存しています）`,
  },
  'init-next': {
    en: (prefix: string) => `next: ${prefix}npx kokuchi new EX000001 --service exchange-online --title-en "…" --start "2026-12-02 05:51 JST", then npx kokuchi build (docs/writing.md walks through it)`,
    ja: (prefix: string) => `次に: ${prefix}npx kokuchi new EX000001 --service exchange-online --title-en "…" --start "2026-12-02 05:51 JST" を実行し、それから npx kokuchi build を実行してください（手順は docs/writing.md にあります）`,
  },
  'init-bad-language': {
    en: (option: string, languages: readonly string[], value: string) => `${option} must be one of ${languages.join(', ')}, not "${value}"`,
    ja: (option: string, languages: readonly string[], value: string) => `${option} には ${languages.join('、')} のどれかを指定します。「${value}」は使えません`,
  },
  'init-unknown-language': {
    en: (language: string, languages: readonly string[]) => `--languages lists "${language}"; kokuchi writes ${languages.join(' and ')}`,
    ja: (language: string, languages: readonly string[]) => `--languages に「${language}」があります。kokuchi が書ける言語は ${languages.join(' と ')} です`,
  },
  'init-bad-base-url': {
    en: (value: string) => `--base-url must be an absolute http(s) URL without credentials, query or fragment, not "${value}"`,
    ja: (value: string) => `--base-url には、認証情報・クエリ・フラグメントのない http(s) の絶対 URL を指定します。「${value}」は使えません`,
  },
  'init-empty-title': { en: (language: string) => `the ${language} title is empty`, ja: (language: string) => `${language} のタイトルが空です` },
  'import-graph-m365-only': {
    en: (source: string) => `--graph is for m365; kokuchi import ${source} reads a saved file or a URL`,
    ja: (source: string) => `--graph は m365 専用です。kokuchi import ${source} は保存したファイルか URL を読みます`,
  },
  'import-graph-no-file': {
    en: (file: string) => `--graph fetches the issues itself; remove the file name "${file}"`,
    ja: (file: string) => `--graph は障害を自分で取得します。ファイル名「${file}」を外してください`,
  },
  'import-needs-graph': { en: (option: string) => `--${option} needs --graph`, ja: (option: string) => `--${option} は --graph と一緒に使います` },
  'import-graph-option': {
    en: (option: string) => `--${option} is for kokuchi import m365 --graph`,
    ja: (option: string) => `--${option} は kokuchi import m365 --graph 用のオプションです`,
  },
  'import-no-file-or-url': {
    en: (source: string) => `name the saved file or its URL: kokuchi import ${source} FILE.json|URL`,
    ja: (source: string) => `保存したファイルか、その URL を指定してください: kokuchi import ${source} FILE.json|URL`,
  },
  'import-id-prefix-m365': {
    en: () => '--id-prefix is for statuspage and google-cloud; Microsoft 365 ids are kept as they are',
    ja: () => '--id-prefix は statuspage と google-cloud 用です。Microsoft 365 の ID はそのまま使います',
  },
  'import-bad-seconds': {
    en: (option: string, value: string | undefined) => `${option} must be a number of seconds between 0 and 3600, not "${value}"`,
    ja: (option: string, value: string | undefined) => `${option} には 0 より大きく 3600 以下の秒数を指定します。「${value}」は使えません`,
  },
  'import-m365-url': {
    en: () =>
      'kokuchi never connects to Microsoft through a URL: save the Graph response into a file and import the file, or let kokuchi fetch the issues from Microsoft Graph with --graph (docs/import.md)',
    ja: () =>
      'kokuchi は URL で Microsoft に接続しません。Graph の応答をファイルに保存してそのファイルを取り込むか、--graph で Microsoft Graph から障害を取得してください（docs/import.md）',
  },
  'import-not-modified': {
    en: (file: string) => `${file} has not changed since the last import (304); nothing was written`,
    ja: (file: string) => `${file} は前回の取り込みから変わっていません（304）。何も書き込んでいません`,
  },
  'import-without-japanese': {
    en: (id: string, count: number, file: string) => `${id}: ${plural(count, 'place')} still without Japanese text; add "ja:" next to each "en:" in ${file} (kokuchi check lists them)`,
    ja: (id: string, count: number, file: string) => `${id}: 日本語の文がまだない箇所が ${count} か所あります。${file} の各「en:」の隣に「ja:」を書き足してください（kokuchi check で一覧できます）`,
  },
  'import-note': {
    en: (note: ImportNote, dryRun: boolean) => sayImportNote(note, 'en', dryRun),
    ja: (note: ImportNote, dryRun: boolean) => sayImportNote(note, 'ja', dryRun),
  },
  'import-dry-run': {
    en: (summary: ImportSummary) => `dry run: ${summaryEn(summary, 'to create', 'to update')}; nothing was written`,
    ja: (summary: ImportSummary) => `試行のみ：${summary.from} の障害 ${summary.count} 件。作成するファイル ${summary.created} 件、更新するファイル ${summary.updated} 件。何も書き込んでいません`,
  },
  'import-imported': {
    en: (summary: ImportSummary) => `imported ${summaryEn(summary, 'created', 'updated')}`,
    ja: (summary: ImportSummary) => `取り込みました：${summary.from} の障害 ${summary.count} 件。作成したファイル ${summary.created} 件、更新したファイル ${summary.updated} 件`,
  },
  'import-bad-cloud': {
    en: (clouds: readonly string[], value: string) => `--cloud must be one of ${clouds.join(', ')}, not "${value}"`,
    ja: (clouds: readonly string[], value: string) => `--cloud には ${clouds.join('、')} のどれかを指定します。「${value}」は使えません`,
  },
  'import-bad-endpoint': {
    en: (option: string, reason: EndpointProblem) => `--${option} ${ENDPOINT_EN[reason]}`,
    ja: (option: string, reason: EndpointProblem) => ENDPOINT_JA[reason](`--${option}`),
  },
  'import-bad-since': {
    en: (en: { message: string; hint?: string }, _ja: { message: string; hint?: string }) => `--since: ${en.message}${en.hint ? ` (${en.hint})` : ''}`,
    ja: (_en: { message: string; hint?: string }, ja: { message: string; hint?: string }) => `--since: ${ja.message}${ja.hint ? `（${ja.hint}）` : ''}`,
  },
  'import-graph-credentials': {
    en: (missing: readonly string[]) =>
      `--graph needs the app registration's credentials in the environment: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (see docs/import.md#app-registration)`,
    ja: (missing: readonly string[]) => `--graph には、アプリの登録の資格情報を環境変数で渡します。${missing.join('、')} が設定されていません（docs/import.md#app-registration を参照）`,
  },
  'import-certificate-unreadable': {
    en: (file: string) => `cannot read AZURE_CLIENT_CERTIFICATE_PATH (${file})`,
    ja: (file: string) => `AZURE_CLIENT_CERTIFICATE_PATH のファイル（${file}）を読めません`,
  },
  'import-certificate-bad': {
    en: (file: string, reason: CertificateProblem) => `AZURE_CLIENT_CERTIFICATE_PATH (${file}): ${CERTIFICATE_EN[reason]}`,
    ja: (file: string, reason: CertificateProblem) => `AZURE_CLIENT_CERTIFICATE_PATH のファイル（${file}）: ${CERTIFICATE_JA[reason]}`,
  },
  'import-graph-failed': { en: () => 'import failed; nothing was written', ja: () => '取り込めませんでした。何も書き込んでいません' },
  'import-no-issues': {
    en: (since: string | undefined, url: string) => `no issues${since ? ` modified since ${since}` : ''} at ${url}; nothing to import`,
    ja: (since: string | undefined, url: string) => `${url} には${since ? ` ${since} 以降に更新された` : ''}障害がありません。取り込むものはありません`,
  },
  'import-fetched': {
    en: (issues: number, pages: number, url: string) => `fetched ${plural(issues, 'issue')} in ${plural(pages, 'page')} from ${url}`,
    ja: (issues: number, pages: number, url: string) => `${url} から障害 ${issues} 件を ${pages} ページで取得しました`,
  },
  'translations-fix-first': {
    en: () => 'fix the errors above first (kokuchi check shows them all)',
    ja: () => '先に上のエラーを直してください（kokuchi check ですべて表示できます）',
  },
  'fill-invalid': {
    en: () => 'kokuchi translations: the filled records would not be valid, so nothing was written:',
    ja: () => 'kokuchi translations: 埋めた記録が正しくならないため、何も書き込んでいません:',
  },
  'fill-line': {
    en: (dryRun: boolean, what: string, text: string) => `${dryRun ? 'would fill' : 'filled'}  ${what}: ${text}`,
    ja: (dryRun: boolean, what: string, text: string) => `${dryRun ? '埋める予定' : '埋めました'}  ${what}: ${text}`,
  },
  'translations-heading': {
    en: (language: 'ja' | 'en') => `${{ ja: 'Japanese', en: 'English' }[language]} (${language})`,
    ja: (language: 'ja' | 'en') => `${{ ja: '日本語', en: '英語' }[language]} (${language})`,
  },
  'translations-nothing': { en: (heading: string) => `${heading}: nothing missing`, ja: (heading: string) => `${heading}: 足りない文はありません` },
  'translations-counts': {
    en: (heading: string, missing: number, placeholders: number, incidents: number) => `${heading}: ${countsEn(missing, placeholders)} in ${plural(incidents, 'incident')}`,
    ja: (heading: string, missing: number, placeholders: number, incidents: number) => `${heading}: 障害 ${incidents} 件で、${countsJa(missing, placeholders)}`,
  },
  'translations-place': {
    en: (at: string | undefined) => (at === undefined ? 'incident' : `update ${at}`),
    ja: (at: string | undefined) => (at === undefined ? '障害' : `続報 ${at}`),
  },
  'translations-total': {
    en: (missing: number, placeholders: number, perLanguage: string) => (missing + placeholders === 0 ? 'Total: nothing missing' : `Total: ${countsEn(missing, placeholders)} (${perLanguage})`),
    ja: (missing: number, placeholders: number, perLanguage: string) =>
      missing + placeholders === 0 ? '合計: 足りない文はありません' : `合計: ${countsJa(missing, placeholders)}（${perLanguage.replaceAll(', ', '、')}）`,
  },
  'fill-where': {
    en: (id: string, at: string | undefined, field: string, language: string) => `${id}  ${at === undefined ? 'incident' : `update ${at}`}  ${field} (${language})`,
    ja: (id: string, at: string | undefined, field: string, language: string) => `${id}  ${at === undefined ? '障害' : `続報 ${at}`}  ${field} (${language})`,
  },
  'fill-not-filled': {
    en: (what: string, reason: 'ambiguous' | 'layout') =>
      `not filled  ${what}: ${{ ambiguous: 'translated two different ways elsewhere', layout: 'written in a layout --fill does not edit: copy it by hand' }[reason]}`,
    ja: (what: string, reason: 'ambiguous' | 'layout') =>
      `埋めていません  ${what}: ${{ ambiguous: 'ほかの場所で 2 通りに訳されています', layout: '--fill が編集しない書き方です。手で写してください' }[reason]}`,
  },
  'fill-new-file': {
    en: (dryRun: boolean, file: string) => `${dryRun ? 'would create' : 'created'}  ${file}`,
    ja: (dryRun: boolean, file: string) => `${dryRun ? '作成する予定' : '作成しました'}  ${file}`,
  },
  'fill-nothing': { en: () => 'kokuchi translations: nothing to fill', ja: () => 'kokuchi translations: 埋めるものはありません' },
  'fill-would': {
    en: (texts: number, files: number) => `kokuchi translations: ${plural(texts, 'text')} would be filled in ${plural(files, 'file')}; nothing was written (--dry-run)`,
    ja: (texts: number, files: number) => `kokuchi translations: ${files} ファイルの ${texts} か所を埋められます。何も書き込んでいません（--dry-run）`,
  },
  'fill-done': {
    en: (texts: number, files: readonly string[]) => `kokuchi translations: filled ${plural(texts, 'text')} in ${plural(files.length, 'file')}: ${files.join(', ')}; review the diff`,
    ja: (texts: number, files: readonly string[]) => `kokuchi translations: ${files.length} ファイルの ${texts} か所を埋めました: ${files.join(', ')}。差分を確認してください`,
  },
  'confirm-no-id': { en: (id: string) => `no YAML record has the id "${id}"`, ja: (id: string) => `ID が「${id}」の YAML の記録はありません` },
  'confirm-not-utf8': {
    en: (file: string) => `${file} is not UTF-8 text, so it is not rewritten`,
    ja: (file: string) => `${file} は UTF-8 のテキストではないため、書き換えません`,
  },
  'confirm-done': {
    en: (count: number, id: string, file: string) => `confirmed ${plural(count, 'translation')} of ${id} in ${file}`,
    ja: (count: number, id: string, file: string) => `${file} の ${id} の翻訳 ${count} か所を確認済みにしました`,
  },
  'confirm-nothing': {
    en: (id: string) => `${id}: no translation is marked as made from older text; nothing to confirm`,
    ja: (id: string) => `${id}: 古い文から作ったと印の付いた翻訳はありません。確認するものはありません`,
  },
  'update-unknown-id': {
    en: (id: string, suggestion: string | undefined) => `no incident has the id "${id}"${didYouMean(suggestion)}`,
    ja: (id: string, suggestion: string | undefined) => `ID が「${id}」の障害はありません。${didYouMeanJa(suggestion)}`.replace(/。$/u, ''),
  },
  'update-unknown-id-hint': { en: (id: string) => `create it with: kokuchi new ${id} --service <key>`, ja: (id: string) => `新しく作るには: kokuchi new ${id} --service <key>` },
  'update-not-utf8': {
    en: (file: string) => `${file} is not valid UTF-8, so it is left alone`,
    ja: (file: string) => `${file} は正しい UTF-8 ではないため、手を付けていません`,
  },
  'update-not-utf8-hint': {
    en: () => 'save it as UTF-8 in your editor (kokuchi check shows where), then run this again',
    ja: () => 'エディターで UTF-8 として保存してから（場所は kokuchi check で分かります）、もう一度実行してください',
  },
  'update-cannot-add': {
    en: (file: string, reason: AppendRefusal) => `cannot add an update to ${file}: ${APPEND_EN[reason]}`,
    ja: (file: string, reason: AppendRefusal) => `${file} に続報を追加できません: ${APPEND_JA[reason]}`,
  },
  'update-note-status': {
    en: (recorded: string, added: string) => `the record sets status: ${recorded}, which stays the incident's status; change it to ${added} (or remove it to follow the newest update)`,
    ja: (recorded: string, added: string) => `記録に status: ${recorded} と書かれているため、障害の状態は ${recorded} のままです。${added} に書き換えてください（status: を消せば、最新の続報の状態になります）`,
  },
  'update-note-end': {
    en: (status: string) => `${status} is a resolved status: add end: <time> to the record once the impact has ended`,
    ja: (status: string) => `${status} は解決済みの状態です。影響が終わったら、記録に end: <時刻> を書き足してください`,
  },
  'update-invalid': {
    en: () => 'kokuchi update: the record would not be valid with this update, so nothing was written:',
    ja: () => 'kokuchi update: この続報を加えると記録が正しくならないため、何も書き込んでいません:',
  },
  'update-reserialized': {
    en: () => 'note: updates: is written in flow style ([...]), so the file was re-serialized; check the diff',
    ja: () => '注意: updates: がフロー形式（[...]）で書かれているため、ファイル全体を書き直しました。差分を確認してください',
  },
  'update-next': {
    en: () => 'next: replace the "TODO:" texts, then run kokuchi check',
    ja: () => '次に: 「TODO:」の文を書き換えてから kokuchi check を実行してください',
  },
  'note-label': { en: () => 'note:', ja: () => '注意:' },
  'schema-up-to-date': { en: (file: string) => `${file} is up to date`, ja: (file: string) => `${file} は最新です` },
  'schema-stale': {
    en: (file: string, missing: boolean) => `${file} ${missing ? 'is missing' : 'differs from src/content/schema.ts'}`,
    ja: (file: string, missing: boolean) => `${file} ${missing ? 'がありません' : 'が src/content/schema.ts と合っていません'}`,
  },
  'schema-wrote': { en: (file: string) => `wrote ${file}`, ja: (file: string) => `${file} を書き出しました` },
  'schema-regenerate': {
    en: () => 'run "kokuchi schema" (npm run schema) to regenerate them',
    ja: () => '作り直すには "kokuchi schema"（npm run schema）を実行してください',
  },
  'dev-bad-host': {
    en: (host: string) => `--host must be an IP address or a host name, e.g. 127.0.0.1, ::1 or localhost, not "${host}"`,
    ja: (host: string) => `--host には IP アドレスかホスト名を指定します（例: 127.0.0.1、::1、localhost）。「${host}」は使えません`,
  },
  'dev-listening-openly': {
    en: (host: string) => `warning: listening on ${host}; other machines on the network can read the preview, drafts included`,
    ja: (host: string) => `警告: ${host} で待ち受けています。ネットワーク上のほかのマシンからも、下書きを含めてプレビューが見えます`,
  },
  'dev-server-error': { en: (message: string) => message, ja: (message: string) => devServerErrorJapanese(message) },
  'dev-stopped': { en: () => 'stopped', ja: () => '停止しました' },
  'dev-serving': { en: (url: string) => `serving ${url} (Ctrl+C to stop)`, ja: (url: string) => `${url} で配信しています（止めるには Ctrl+C）` },
  'dev-building': { en: (url: string) => `building ${url} …`, ja: (url: string) => `${url} をビルドしています…` },
  'dev-started': {
    en: (incidents: number, errors: number, files: number, megabytes: string, time: string) =>
      `${plural(incidents, 'incident')}, ${errors > 0 ? `${plural(errors, 'error')}, shown in the browser` : `${files} files, ${megabytes} MB in memory`} (${time})`,
    ja: (incidents: number, errors: number, files: number, megabytes: string, time: string) =>
      `障害 ${incidents} 件、${errors > 0 ? `エラー ${errors} 件をブラウザーに表示しています` : `${files} ファイル、メモリー上に ${megabytes} MB`}（${time}）`,
  },
  'dev-edit-errors': {
    en: (clock: string, files: readonly string[], errors: number) => `${clock} ${fileNames(files)} → ${plural(errors, 'error')}, shown in the browser`,
    ja: (clock: string, files: readonly string[], errors: number) => `${clock} ${fileNamesJa(files)} → エラー ${errors} 件をブラウザーに表示しています`,
  },
  'dev-edit-pages': {
    en: (clock: string, files: readonly string[], pages: number, time: string) => `${clock} ${fileNames(files)} → ${plural(pages, 'page')} in ${time}; listings and feeds follow`,
    ja: (clock: string, files: readonly string[], pages: number, time: string) => `${clock} ${fileNamesJa(files)} → ${pages} ページ（${time}）。一覧とフィードはこのあと更新します`,
  },
  'dev-edit-background': {
    en: (clock: string, files: readonly string[]) => `${clock} ${fileNames(files)} → rendering every page in the background`,
    ja: (clock: string, files: readonly string[]) => `${clock} ${fileNamesJa(files)} → すべてのページをバックグラウンドで作り直しています`,
  },
  'dev-background-updated': {
    en: (clock: string, files: number, time: string) => `${clock}   ${plural(files, 'file')} updated in the background (listings, feeds, API…) in ${time}`,
    ja: (clock: string, files: number, time: string) => `${clock}   バックグラウンドで ${files} ファイルを更新しました（一覧、フィード、API など。${time}）`,
  },
  'dev-watch-failed': { en: (message: string) => `watching failed: ${message}`, ja: (message: string) => `ファイルの監視に失敗しました：${message}` },
  'dev-rebuild-failed': { en: (message: string) => `the rebuild failed: ${message}`, ja: (message: string) => `作り直しに失敗しました：${message}` },
  'dev-renderer-crashed': {
    en: (message: string) => `the background renderer crashed: ${message}`,
    ja: (message: string) => `バックグラウンドの描画処理でエラーが起きました：${message}`,
  },
  'dev-restart': { en: () => 'restart kokuchi dev', ja: () => 'kokuchi dev を起動し直してください' },
  'dev-renderer-exited': { en: (code: number) => `it stopped with exit code ${code}`, ja: (code: number) => `終了コード ${code} で終了しました` },
  'dry-run-needs-fill': { en: () => '--dry-run goes with --fill', ja: () => '--dry-run は --fill と一緒に使います' },
} satisfies Record<string, { en: (...args: never[]) => string; ja: (...args: never[]) => string }>;
