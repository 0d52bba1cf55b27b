import { defineRules } from './types.js';

/** The sources whose readers use these rules. */
export type SourceName = 'statuspage' | 'google-cloud';

const SOURCE_EN: Record<SourceName, string> = { statuspage: 'Statuspage', 'google-cloud': 'Google Cloud' };
const SOURCE_JA: Record<SourceName, string> = { statuspage: 'Statuspage', 'google-cloud': 'Google Cloud' };
const EXPECTED_EN: Record<SourceName, string> = {
  statuspage: 'save /api/v2/incidents.json, incidents/unresolved.json, summary.json, scheduled-maintenances.json or one incident of the page (see docs/import.md)',
  'google-cloud': 'save incidents.json of status.cloud.google.com or www.google.com/appsstatus/dashboard (see docs/import.md)',
};
const EXPECTED_JA: Record<SourceName, string> = {
  statuspage: 'ページの /api/v2/incidents.json・incidents/unresolved.json・summary.json・scheduled-maintenances.json か、インシデント 1 件の JSON を保存してください（docs/import.md 参照）',
  'google-cloud': 'status.cloud.google.com か www.google.com/appsstatus/dashboard の incidents.json を保存してください（docs/import.md 参照）',
};

/** Rules of `kokuchi import statuspage` and `kokuchi import google-cloud`, and of fetching their files. */
export const importSourceRules = defineRules({
  'import-empty': {
    severity: 'warning',
    docs: 'import.md#statuspage',
    en: () => ({ message: 'the file holds no incidents, so nothing is imported', hint: 'a page without incidents saves an empty list; nothing needs doing' }),
    ja: () => ({ message: 'ファイルにインシデントが 1 件もないため、何も取り込みません', hint: 'インシデントのないページは空の一覧を保存します。対応は不要です' }),
  },
  'import-source-shape': {
    severity: 'error',
    docs: 'import.md#statuspage',
    en: (source: SourceName, found: string) => ({ message: `this is not a ${SOURCE_EN[source]} file: found ${found}`, hint: EXPECTED_EN[source] }),
    ja: (source: SourceName, found: string) => ({ message: `${SOURCE_JA[source]} のファイルではありません（${found}）`, hint: EXPECTED_JA[source] }),
  },
  'import-source-field': {
    severity: 'error',
    docs: 'import.md#statuspage',
    en: (subject: string, key: string) => ({ message: `${subject} has no "${key}"`, hint: 'save the file again as the service publishes it; kokuchi needs this field' }),
    ja: (subject: string, key: string) => ({ message: `${subject} に「${key}」がありません`, hint: 'サービスが公開しているとおりにファイルを保存し直してください。この項目が必要です' }),
  },
  'import-source-type': {
    severity: 'error',
    docs: 'import.md#statuspage',
    en: (subject: string, key: string, expected: string, found: string) => ({ message: `"${key}" of ${subject} must be ${expected}, not ${found}` }),
    ja: (subject: string, key: string, expected: string, found: string) => ({ message: `${subject} の「${key}」は ${expected} のはずですが、${found} です` }),
  },
  'import-source-time': {
    severity: 'error',
    docs: 'import.md#statuspage',
    en: (subject: string, key: string, text: string) => ({ message: `"${key}" of ${subject} is "${text}", which is not a time with a zone`, hint: 'the services write ISO 8601 with an offset, e.g. 2024-03-05T10:12:41.000-08:00 or 2024-03-05T18:12:41Z' }),
    ja: (subject: string, key: string, text: string) => ({ message: `${subject} の「${key}」の「${text}」は、タイムゾーン付きの時刻として読めません`, hint: 'サービスは 2024-03-05T10:12:41.000-08:00 や 2024-03-05T18:12:41Z のようにオフセット付きで書きます' }),
  },
  'import-source-status': {
    severity: 'error',
    docs: 'import.md#statuspage',
    en: (source: SourceName, value: string, known: readonly string[]) => ({ message: `the ${SOURCE_EN[source]} status "${value}" has no counterpart in kokuchi's statuses`, hint: `statuses that can be imported: ${known.join(', ')}` }),
    ja: (source: SourceName, value: string, known: readonly string[]) => ({ message: `${SOURCE_JA[source]} のステータス「${value}」に当たるものが kokuchi にありません`, hint: `取り込めるステータス: ${known.join(', ')}` }),
  },
  'import-source-unmapped': {
    severity: 'error',
    docs: 'import.md#services-of-statuspage-and-google-cloud',
    en: (name: string) => ({ message: `"${name}" is neither in services.yaml nor in the service map`, hint: `add a line "${name}: <services.yaml key>" to the --service-map file` }),
    ja: (name: string) => ({ message: `「${name}」は services.yaml にもサービス対応表にもありません`, hint: `--service-map のファイルに「${name}: <services.yaml のキー>」の行を足してください` }),
  },
  'import-source-no-service': {
    severity: 'error',
    docs: 'import.md#services-of-statuspage-and-google-cloud',
    en: (id: string) => ({ message: `${id} names no component or product, so it has no service`, hint: 'give the service of such incidents with --service KEY (a services.yaml key)' }),
    ja: (id: string) => ({ message: `${id} にはコンポーネントも製品も書かれていないため、サービスが決まりません`, hint: 'こうしたインシデントのサービスを --service KEY（services.yaml のキー）で指定してください' }),
  },
  'import-source-id': {
    severity: 'error',
    docs: 'import.md#record-ids',
    en: (id: string) => ({ message: `"${id}" cannot be an incident id`, hint: 'choose an --id-prefix of letters, digits, "_" and "-" (ids are at most 64 characters)' }),
    ja: (id: string) => ({ message: `「${id}」はインシデントの ID にできません`, hint: '--id-prefix には英数字・「_」・「-」だけを使ってください（ID は 64 文字まで）' }),
  },
  'import-source-duplicate': {
    severity: 'error',
    docs: 'import.md#record-ids',
    en: (id: string, line: number) => ({ message: `${id} appears twice in the file; the other is at line ${line}`, hint: 'keep one copy of each incident' }),
    ja: (id: string, line: number) => ({ message: `${id} がファイルに 2 回出てきます（もう一方は ${line} 行目）`, hint: '各インシデントは 1 つだけにしてください' }),
  },
  'import-fetch': {
    severity: 'error',
    docs: 'import.md#fetching-from-a-url',
    en: (url: string, problem: string) => ({ message: `cannot fetch ${url}: ${problem}`, hint: 'try again later, or save the file in a browser and import the saved file' }),
    ja: (url: string, problem: string) => ({ message: `${url} を取得できません: ${problem}`, hint: '時間をおいて試すか、ブラウザでファイルを保存してそのファイルを取り込んでください' }),
  },
});
