import { subjectEn, subjectJa, type GraphSubject } from './import.js';
import { defineRules } from './types.js';

/** A field of an issue or post, as messages name it. */
export interface FieldRef {
  key: string;
  subject: GraphSubject;
}

const fieldEn = (field: FieldRef) => `"${field.key}" of ${subjectEn(field.subject)}`;
const fieldJa = (field: FieldRef) => `${subjectJa(field.subject)} の「${field.key}」`;

/** Another service's status file, recognised by its shape. */
export type ForeignSource = { kind: 'statuspage' | 'google-cloud'; command: string };

/** What is wrong with a response that is not the JSON Graph (or its sign-in) sends. */
export type GraphJsonProblem = 'not-object' | 'unparsable' | 'no-access-token' | 'no-value-array' | 'next-link-not-url' | 'next-link-foreign';

const GRAPH_JSON_EN: Record<GraphJsonProblem, (otherHost: string) => string> = {
  'not-object': () => 'expected a JSON object',
  unparsable: () => 'it cannot be parsed',
  'no-access-token': () => 'the token response has no access_token',
  'no-value-array': () => 'the page has no "value" array',
  'next-link-not-url': () => '@odata.nextLink is not a URL',
  'next-link-foreign': (otherHost) => `@odata.nextLink points to another host (${otherHost})`,
};

const GRAPH_JSON_JA: Record<GraphJsonProblem, (otherHost: string) => string> = {
  'not-object': () => 'JSON のオブジェクトではありません',
  unparsable: () => 'JSON として読めません',
  'no-access-token': () => 'トークンの応答に access_token がありません',
  'no-value-array': () => 'ページに「value」の配列がありません',
  'next-link-not-url': () => '@odata.nextLink が URL ではありません',
  'next-link-foreign': (otherHost) => `@odata.nextLink が別のホスト（${otherHost}）を指しています`,
};

/** Why a Graph request failed. */
export type GraphProblem =
  | { kind: 'unauthorized'; status: number; host: string; detail?: string }
  | { kind: 'forbidden'; status: number; host: string; detail?: string }
  | { kind: 'http'; status: number; host: string; detail?: string }
  | { kind: 'throttled'; host: string; attempts: number }
  | { kind: 'network'; host: string; detail: string }
  | { kind: 'timeout'; host: string; seconds: number }
  | { kind: 'time-limit'; host: string; seconds: number }
  | { kind: 'truncated'; host: string }
  | { kind: 'bad-json'; host: string; reason: GraphJsonProblem; otherHost?: string }
  | { kind: 'too-large'; host: string; limit: string }
  | { kind: 'too-many-pages'; host: string; limit: number };

const NAMES: Record<ForeignSource['kind'], { en: string; ja: string }> = {
  statuspage: { en: 'a Statuspage export', ja: 'Statuspage のエクスポート' },
  'google-cloud': { en: 'a Google Cloud status file (incidents.json)', ja: 'Google Cloud のステータスファイル（incidents.json）' },
};

const CONSENT_EN = 'give the app registration the Microsoft Graph application permission ServiceHealth.Read.All and grant admin consent for the tenant (docs/import.md#app-registration)';
const CONSENT_JA = 'アプリの登録に Microsoft Graph のアプリケーションのアクセス許可 ServiceHealth.Read.All を追加し、テナントの管理者の同意を与えてください（docs/import.md#app-registration）';

/** Rules of `kokuchi import m365`: what is read from Microsoft 365 files and from Microsoft Graph. */
export const importM365Rules = defineRules({
  'import-mojibake': {
    severity: 'warning',
    docs: 'import.md#mojibake',
    en: (field: FieldRef, codePages: string, before: string, after: string) => ({
      message: `${fieldEn(field)} was UTF-8 read as ${codePages} ("${before}"); it is imported repaired as "${after}"`,
      hint: 'save the JSON as UTF-8 (PowerShell: Set-Content -Encoding utf8, or chcp 65001 before running the command)',
    }),
    ja: (field: FieldRef, codePages: string, before: string, after: string) => ({
      message: `${fieldJa(field)} は UTF-8 の文字を ${codePages} として読んだ文字化けでした（「${before}」）。「${after}」に直して取り込みます`,
      hint: 'JSON は UTF-8 で保存してください（PowerShell なら Set-Content -Encoding utf8、またはコマンドの前に chcp 65001）',
    }),
  },
  'import-mojibake-ambiguous': {
    severity: 'warning',
    docs: 'import.md#mojibake',
    en: (field: FieldRef, codePages: string, before: string) => ({
      message: `${fieldEn(field)} looks garbled ("${before}"), but it could have been read as any of ${codePages}, so it is imported as it is`,
      hint: 'save the JSON again as UTF-8 and import it again',
    }),
    ja: (field: FieldRef, codePages: string, before: string) => ({
      message: `${fieldJa(field)} は文字化けしているようです（「${before}」）。${codePages} のどれで読まれたか決められないため、そのまま取り込みます`,
      hint: 'JSON を UTF-8 で保存し直してから、もう一度取り込んでください',
    }),
  },
  'import-mojibake-damaged': {
    severity: 'warning',
    docs: 'import.md#mojibake',
    en: (field: FieldRef, before: string) => ({
      message: `${fieldEn(field)} has characters that were lost when the file was saved ("${before}"); it is imported as it is`,
      hint: 'save the JSON again as UTF-8 (PowerShell: Set-Content -Encoding utf8) and import it again',
    }),
    ja: (field: FieldRef, before: string) => ({
      message: `${fieldJa(field)} には保存のときに失われた文字があります（「${before}」）。そのまま取り込みます`,
      hint: 'JSON を UTF-8 で保存し直して（PowerShell なら Set-Content -Encoding utf8）、もう一度取り込んでください',
    }),
  },
  'import-foreign-file': {
    severity: 'error',
    docs: 'import.md#file-shapes',
    en: (source: ForeignSource) => ({
      message: `this is not a Microsoft 365 file but ${NAMES[source.kind].en}`,
      hint: `import it with: ${source.command}`,
    }),
    ja: (source: ForeignSource) => ({
      message: `これは Microsoft 365 のファイルではなく、${NAMES[source.kind].ja}です`,
      hint: `次のコマンドで取り込めます: ${source.command}`,
    }),
  },
  'import-unknown-value': {
    severity: 'warning',
    docs: 'import.md#statuses',
    en: (key: string, value: string, used: string) => ({
      message: `"${key}" is "${value}", which kokuchi does not know yet; it is imported as ${used}`,
      hint: 'Microsoft adds values over time (unknownFutureValue stands for them); check the record after the import',
    }),
    ja: (key: string, value: string, used: string) => ({
      message: `「${key}」の値「${value}」は kokuchi がまだ知らない値のため、${used} として取り込みます`,
      hint: 'Microsoft は値を追加することがあります（unknownFutureValue はその代わりの値です）。取り込んだ記録を確認してください',
    }),
  },
  'import-time-range': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (key: string, text: string) => ({
      message: `"${key}" is "${text}", which is not a time between the years 1000 and 9999`,
      hint: 'Graph writes times such as 2021-11-25T12:33:00Z or /Date(1637843580000)/; save the response again',
    }),
    ja: (key: string, text: string) => ({
      message: `「${key}」の「${text}」は 1000 年から 9999 年までの日時ではありません`,
      hint: 'Graph の日時は 2021-11-25T12:33:00Z や /Date(1637843580000)/ の形です。応答を保存し直してください',
    }),
  },
  'import-too-large': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (limit: string) => ({
      message: `the file is larger than ${limit}, the most an import reads`,
      hint: 'a Graph response is far smaller; check that the right file is named, or narrow the request with $filter',
    }),
    ja: (limit: string) => ({
      message: `ファイルが取り込みの上限 ${limit} を超えています`,
      hint: 'Graph の応答はもっと小さいはずです。指定したファイルが正しいか確認するか、$filter で絞り込んでください',
    }),
  },
  'import-html-too-deep': {
    severity: 'warning',
    docs: 'import.md#post-html',
    en: (issue: string, at: string, limit: number) => ({
      message: `the HTML of the post of ${issue} at ${at} is nested more than ${limit} levels deep; its text is imported without formatting`,
      hint: 'check the update in the record after the import',
    }),
    ja: (issue: string, at: string, limit: number) => ({
      message: `${issue} の ${at} の投稿の HTML は ${limit} 段を超えて入れ子になっているため、書式を外した文字だけを取り込みます`,
      hint: '取り込んだ後、記録の該当する更新を確認してください',
    }),
  },
  'translation-outdated': {
    severity: 'warning',
    docs: 'import.md#translation-outdated',
    en: (field: string, updateAt: string | undefined, source: 'English' | 'Japanese') => ({
      message: `the ${source} text of ${field}${updateAt ? ` of the update at ${updateAt}` : ''} changed after it was translated; the translation may be out of date`,
      hint: 'update the translation, or confirm it as it is with: kokuchi translations --confirm ID',
    }),
    ja: (field: string, updateAt: string | undefined, source: 'English' | 'Japanese') => ({
      message: `${updateAt ? `${updateAt} の更新の` : ''}「${field}」は、翻訳した後に${source === 'English' ? '英語' : '日本語'}の原文が変わりました。翻訳が古くなっているかもしれません`,
      hint: '翻訳を直すか、今の翻訳のままでよければ kokuchi translations --confirm ID で確認済みにしてください',
    }),
  },
  'graph-request': {
    severity: 'error',
    docs: 'import.md#live-sync',
    en: (problem: GraphProblem) => graphEnglish(problem),
    ja: (problem: GraphProblem) => graphJapanese(problem),
  },
});

function detail(problem: { detail?: string }): string {
  return problem.detail ? ` (${problem.detail})` : '';
}

function graphEnglish(problem: GraphProblem): { message: string; hint?: string } {
  switch (problem.kind) {
    case 'unauthorized':
      return { message: `${problem.host} refused the credentials with HTTP ${problem.status}${detail(problem)}`, hint: `check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (is the secret expired?); ${CONSENT_EN}` };
    case 'forbidden':
      return { message: `${problem.host} answered HTTP ${problem.status}: the app may not read service health${detail(problem)}`, hint: CONSENT_EN };
    case 'http':
      return { message: `${problem.host} answered HTTP ${problem.status}${detail(problem)}`, hint: 'try again later; nothing was written' };
    case 'throttled':
      return { message: `${problem.host} kept answering 429/503 (too many requests) after ${problem.attempts} attempts`, hint: 'try again later; nothing was written' };
    case 'network':
      return { message: `cannot reach ${problem.host}: ${problem.detail}`, hint: 'check the network, the proxy and --cloud / --graph-endpoint / --authority-host' };
    case 'timeout':
      return { message: `${problem.host} sent nothing for ${problem.seconds} seconds`, hint: 'try again later, or raise --timeout; nothing was written' };
    case 'time-limit':
      return { message: `the sync with ${problem.host} took longer than ${problem.seconds} seconds in all`, hint: 'try again later, or narrow it with --since or --service; nothing was written' };
    case 'truncated':
      return { message: `the response from ${problem.host} was cut off before its end`, hint: 'try again; nothing was written' };
    case 'bad-json':
      return { message: `the response from ${problem.host} is not the JSON Graph sends: ${GRAPH_JSON_EN[problem.reason](problem.otherHost ?? '')}`, hint: 'check --graph-endpoint; nothing was written' };
    case 'too-large':
      return { message: `the response from ${problem.host} is larger than ${problem.limit}`, hint: 'narrow it with --since or --service; nothing was written' };
    case 'too-many-pages':
      return { message: `${problem.host} sent more than ${problem.limit} pages`, hint: 'narrow it with --since or --service; nothing was written' };
  }
}

function graphJapanese(problem: GraphProblem): { message: string; hint?: string } {
  switch (problem.kind) {
    case 'unauthorized':
      return { message: `${problem.host} が資格情報を HTTP ${problem.status} で拒否しました${detail(problem)}`, hint: `AZURE_TENANT_ID・AZURE_CLIENT_ID・AZURE_CLIENT_SECRET を確認してください（シークレットの期限切れなど）。${CONSENT_JA}` };
    case 'forbidden':
      return { message: `${problem.host} が HTTP ${problem.status} を返しました。このアプリにはサービス正常性を読む権限がないようです${detail(problem)}`, hint: CONSENT_JA };
    case 'http':
      return { message: `${problem.host} が HTTP ${problem.status} を返しました${detail(problem)}`, hint: '時間をおいてやり直してください。何も書き込んでいません' };
    case 'throttled':
      return { message: `${problem.host} が ${problem.attempts} 回試しても 429/503（要求が多すぎます）を返し続けました`, hint: '時間をおいてやり直してください。何も書き込んでいません' };
    case 'network':
      return { message: `${problem.host} に接続できません: ${problem.detail}`, hint: 'ネットワーク・プロキシと、--cloud・--graph-endpoint・--authority-host を確認してください' };
    case 'timeout':
      return { message: `${problem.host} から ${problem.seconds} 秒間何も届きませんでした`, hint: '時間をおいてやり直すか、--timeout を長くしてください。何も書き込んでいません' };
    case 'time-limit':
      return { message: `${problem.host} との同期が全体で ${problem.seconds} 秒を超えました`, hint: '時間をおいてやり直すか、--since や --service で絞り込んでください。何も書き込んでいません' };
    case 'truncated':
      return { message: `${problem.host} からの応答が途中で切れました`, hint: 'やり直してください。何も書き込んでいません' };
    case 'bad-json':
      return { message: `${problem.host} からの応答が Graph の JSON ではありません：${GRAPH_JSON_JA[problem.reason](problem.otherHost ?? '')}`, hint: '--graph-endpoint を確認してください。何も書き込んでいません' };
    case 'too-large':
      return { message: `${problem.host} からの応答が ${problem.limit} を超えています`, hint: '--since や --service で絞り込んでください。何も書き込んでいません' };
    case 'too-many-pages':
      return { message: `${problem.host} から ${problem.limit} ページを超える応答が届きました`, hint: '--since や --service で絞り込んでください。何も書き込んでいません' };
  }
}
