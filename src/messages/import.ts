import { defineRules, type MessageText } from './types.js';

/** Which part of a saved Graph response a message is about. */
export type GraphSubject =
  | { kind: 'issue' }
  | { kind: 'issue-id'; id: string }
  | { kind: 'post'; index: number; issue: string }
  | { kind: 'description'; index: number; issue: string };

/** The kind of a JSON value, as messages name it. */
export type JsonKind = 'object' | 'array' | 'null' | 'string' | 'number' | 'boolean' | (string & {});

/** `the issue`, `issue EX300267`, `post 2 of EX300267` … */
export function subjectEn(subject: GraphSubject): string {
  switch (subject.kind) {
    case 'issue':
      return 'the issue';
    case 'issue-id':
      return `issue ${subject.id}`;
    case 'post':
      return `post ${subject.index} of ${subject.issue}`;
    default:
      return `the description of post ${subject.index} of ${subject.issue}`;
  }
}

/** The subject of an import message, in Japanese. */
export function subjectJa(subject: GraphSubject): string {
  switch (subject.kind) {
    case 'issue':
      return 'issue';
    case 'issue-id':
      return `issue ${subject.id}`;
    case 'post':
      return `${subject.issue} の ${subject.index} 番目の投稿`;
    default:
      return `${subject.issue} の ${subject.index} 番目の投稿の description`;
  }
}

/** `an object`, `a string`, `null` */
export function jsonKindEn(kind: JsonKind): string {
  return kind === 'object' ? 'an object' : kind === 'array' ? 'an array' : kind === 'null' ? 'null' : `a ${kind}`;
}

function jsonKindJa(kind: JsonKind): string {
  const names: Record<string, string> = { object: 'オブジェクト', array: '配列', null: '「null」', string: '文字列', number: '数値', boolean: '真偽値' };
  return names[kind] ?? `「${kind}」`;
}

/** `text` and a particle, with a space between when `text` ends in a Latin letter or digit (`issue EX1 の`, `投稿の`). */
function particle(text: string, word: string): string {
  return /[A-Za-z0-9"]$/u.test(text) ? `${text} ${word}` : `${text}${word}`;
}

const EXPECTED_SHAPE_EN =
  'expected the response of GET /admin/serviceAnnouncement/issues/{id} ({"id": "EX300267", "service": …, "posts": […]}) or of GET /admin/serviceAnnouncement/issues ({"value": […]}); see docs/import.md';
const EXPECTED_SHAPE_JA =
  'GET /admin/serviceAnnouncement/issues/{id} の応答（{"id": "EX300267", "service": …, "posts": […]}）か、GET /admin/serviceAnnouncement/issues の応答（{"value": […]}）を保存してください（docs/import.md）';
const GRAPH_TIME_HINT_EN = 'Graph writes times as ISO 8601 in UTC, e.g. 2021-11-25T12:33:00Z';
const GRAPH_TIME_HINT_JA = 'Graph の時刻は UTC の ISO 8601 形式です（例: 2021-11-25T12:33:00Z）';

const text = (message: string, hint?: string): MessageText => (hint === undefined ? { message } : { message, hint });
const didYouMeanEn = (suggestion: string | undefined) => (suggestion ? `; did you mean "${suggestion}"?` : '');
const didYouMeanJa = (suggestion: string | undefined) => (suggestion ? `（「${suggestion}」のことですか？）` : '');

/** Facts of `import-invalid-value`. */
export type GraphInvalidValue =
  | { kind: 'shape'; found: JsonKind; what: 'issue' | 'value' }
  | { kind: 'post'; index: number; issue: string; found: JsonKind }
  | { kind: 'type'; key: string; subject: GraphSubject; expected: JsonKind; found: JsonKind }
  | { kind: 'id'; id: string }
  | { kind: 'classification'; value: string }
  | { kind: 'end-before-start'; end: string; start: string };

/** Facts of `import-missing-field`. */
export type GraphMissingField =
  | { kind: 'no-issues' }
  | { kind: 'absent' | 'null'; key: string; subject: GraphSubject; resource: string }
  | { kind: 'empty'; key: string; subject: GraphSubject }
  | { kind: 'no-posts'; issue: string };

/** Rules of `kokuchi import` about the saved file, its issues and posts, and the records they merge into (docs/import.md). */
export const importRules = defineRules({
  'import-encoding': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: () => text('the file is neither UTF-8 nor UTF-16 text', 'save the Graph response as UTF-8, e.g. with ConvertTo-Json … | Set-Content -Encoding utf8 file.json'),
    ja: () => text('ファイルが UTF-8 でも UTF-16 でもありません', 'Graph の応答を UTF-8 で保存してください（例: ConvertTo-Json … | Set-Content -Encoding utf8 file.json）'),
  },
  'import-json-syntax': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { kind: 'empty' } | { kind: 'syntax'; detail: string; hint?: string; ja?: MessageText }) =>
      facts.kind === 'empty' ? text('the file is empty', 'save the Graph response into it') : text(`JSON syntax error: ${facts.detail}`, facts.hint),
    ja: (facts: { kind: 'empty' } | { kind: 'syntax'; detail: string; hint?: string; ja?: MessageText }) =>
      facts.kind === 'empty'
        ? text('ファイルが空です', 'Graph の応答をこのファイルに保存してください')
        : (facts.ja ?? text(`JSON の書き方に誤りがあります（${facts.detail}）`, 'カンマの抜けや余分なカンマ、途中で切れたファイルでないかを確かめてください')),
  },
  'import-invalid-value': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: GraphInvalidValue) => {
      switch (facts.kind) {
        case 'shape':
          return text(facts.what === 'value' ? `"value" must be an array of issues, not ${jsonKindEn(facts.found)}` : `expected a serviceHealthIssue object, not ${jsonKindEn(facts.found)}`, EXPECTED_SHAPE_EN);
        case 'post':
          return text(`post ${facts.index} of ${facts.issue} must be an object, not ${jsonKindEn(facts.found)}`, 'a post is {"createdDateTime": …, "description": {"contentType": "html", "content": "…"}}');
        case 'type':
          return text(`"${facts.key}" of ${subjectEn(facts.subject)} must be ${jsonKindEn(facts.expected)}, not ${jsonKindEn(facts.found)}`);
        case 'id':
          return text(`"${facts.id}" cannot be an incident id`, 'ids such as EX300267 or MO1180412 have only letters, digits, "_" and "-"');
        case 'classification':
          return text(`classification "${facts.value}" is neither incident nor advisory`, 'kokuchi records incidents and advisories; set "classification" to one of them');
        default:
          return text(`endDateTime (${facts.end}) is before startDateTime (${facts.start})`, 'check both times in the saved response');
      }
    },
    ja: (facts: GraphInvalidValue) => {
      switch (facts.kind) {
        case 'shape':
          return text(facts.what === 'value' ? `"value" は issue の配列のはずですが、${jsonKindJa(facts.found)}です` : `serviceHealthIssue のオブジェクトのはずですが、${jsonKindJa(facts.found)}です`, EXPECTED_SHAPE_JA);
        case 'post':
          return text(`${facts.issue} の ${facts.index} 番目の投稿はオブジェクトのはずですが、${jsonKindJa(facts.found)}です`, '投稿は {"createdDateTime": …, "description": {"contentType": "html", "content": "…"}} の形です');
        case 'type':
          return text(`${particle(subjectJa(facts.subject), 'の')} "${facts.key}" は${jsonKindJa(facts.expected)}のはずですが、${jsonKindJa(facts.found)}です`);
        case 'id':
          return text(`「${facts.id}」は障害の ID にできません`, 'EX300267 や MO1180412 のように、ID には英字・数字・「_」・「-」だけを使います');
        case 'classification':
          return text(`classification「${facts.value}」が incident でも advisory でもありません`, 'kokuchi が記録するのは incident と advisory です。"classification" をどちらかにしてください');
        default:
          return text(`endDateTime（${facts.end}）が startDateTime（${facts.start}）より前です`, '保存した応答の両方の時刻を確かめてください');
      }
    },
  },
  'import-missing-field': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: GraphMissingField) => {
      switch (facts.kind) {
        case 'no-issues':
          return text('the file holds no issues', EXPECTED_SHAPE_EN);
        case 'absent':
          return text(`${subjectEn(facts.subject)} has no "${facts.key}"`, `a saved ${facts.resource} has "${facts.key}"; save the full resource (ConvertTo-Json -Depth 10 keeps the posts)`);
        case 'null':
          return text(`${subjectEn(facts.subject)} has no "${facts.key}"`, `"${facts.key}" is null; save the response again with the full resource`);
        case 'empty':
          return text(`"${facts.key}" of ${subjectEn(facts.subject)} is empty`);
        default:
          return text(`${facts.issue} has no posts, so there is no update to import`, 'save the issue again once Microsoft has posted an update');
      }
    },
    ja: (facts: GraphMissingField) => {
      switch (facts.kind) {
        case 'no-issues':
          return text('ファイルに issue がひとつもありません', EXPECTED_SHAPE_JA);
        case 'absent':
          return text(`${particle(subjectJa(facts.subject), 'に')} "${facts.key}" がありません`, `保存した ${facts.resource} には "${facts.key}" があるはずです。リソース全体を保存してください（ConvertTo-Json -Depth 10 なら投稿も入ります）`);
        case 'null':
          return text(`${particle(subjectJa(facts.subject), 'に')} "${facts.key}" がありません`, `"${facts.key}" が null です。リソース全体を保存し直してください`);
        case 'empty':
          return text(`${particle(subjectJa(facts.subject), 'の')} "${facts.key}" が空です`);
        default:
          return text(`${facts.issue} に投稿がないため、取り込む更新がありません`, 'Microsoft が更新を投稿してから、もう一度 issue を保存してください');
      }
    },
  },
  'import-time': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { key: string; subject: GraphSubject; message: string; hint?: string }) => text(`"${facts.key}" of ${subjectEn(facts.subject)}: ${facts.message}`, facts.hint ?? GRAPH_TIME_HINT_EN),
    ja: (facts: { key: string; subject: GraphSubject; message: string; hint?: string }) =>
      text(`${particle(subjectJa(facts.subject), 'の')} "${facts.key}" を時刻として読めません（${facts.message}）`, GRAPH_TIME_HINT_JA),
  },
  'import-status': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { status: string; suggestion?: string; known: readonly string[] }) =>
      text(`status "${facts.status}" has no counterpart in kokuchi's statuses${didYouMeanEn(facts.suggestion)}`, `Graph statuses that can be imported: ${facts.known.join(', ')}`),
    ja: (facts: { status: string; suggestion?: string; known: readonly string[] }) =>
      text(`status「${facts.status}」に当たる状態が kokuchi にありません${didYouMeanJa(facts.suggestion)}`, `取り込める Graph の status: ${facts.known.join(', ')}`),
  },
  'import-duplicate-issue': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { id: string; otherLine: number }) => text(`issue ${facts.id} appears twice in the file; the other is at line ${facts.otherLine}`, 'keep one copy of each issue'),
    ja: (facts: { id: string; otherLine: number }) => text(`issue ${facts.id} がファイルに 2 回あります。もう一方は ${facts.otherLine} 行目です`, '各 issue は 1 つだけ残してください'),
  },
  'import-duplicate-post': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { issue: string; at: string; otherLine: number }) =>
      text(`two posts of ${facts.issue} have the same time ${facts.at}; the other is at line ${facts.otherLine}`, 'an update is identified by its time; remove the repeated post'),
    ja: (facts: { issue: string; at: string; otherLine: number }) =>
      text(`${facts.issue} に同じ時刻 ${facts.at} の投稿が 2 つあります。もう一方は ${facts.otherLine} 行目です`, '更新は時刻で見分けます。重複した投稿を消してください'),
  },
  'import-service': {
    severity: 'error',
    docs: 'import.md#services',
    en: (name: string) => text(`the service "${name}" gives no usable services.yaml key`, 'map it to a key with --service-map, e.g. a file with the line "<name>: my-service"'),
    ja: (name: string) => text(`サービス「${name}」からは services.yaml のキーを作れません`, '--service-map でキーを指定してください（例: 「<name>: my-service」という行のファイル）'),
  },
  'import-services': {
    severity: 'error',
    docs: 'import.md#services',
    en: (file: string) => text(`${file} cannot be read as a service catalog`, 'run kokuchi check to see what is wrong with it'),
    ja: (file: string) => text(`${file} をサービスの一覧として読めません`, 'kokuchi check で何が問題かを確かめてください'),
  },
  'import-service-map': {
    severity: 'error',
    docs: 'import.md#services',
    en: (facts: { kind: 'not-a-map' } | { kind: 'bad-key'; name: string; found: string }) =>
      facts.kind === 'not-a-map'
        ? text('the service map must be a YAML map from a service name to a key', 'for example: "Exchange Online: exchange-online"')
        : text(`the key for "${facts.name}" must be a services.yaml key such as exchange-online, not ${facts.found}`, 'keys use lower-case letters, digits and "-"'),
    ja: (facts: { kind: 'not-a-map' } | { kind: 'bad-key'; name: string; found: string }) =>
      facts.kind === 'not-a-map'
        ? text('サービス対応表は、サービス名からキーへの YAML のマップで書きます', '例: "Exchange Online: exchange-online"')
        : text(`「${facts.name}」のキーは exchange-online のような services.yaml のキーで書きます。${facts.found} は使えません`, 'キーには英小文字・数字・「-」を使います'),
  },
  'import-markdown-record': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (id: string) => text(`${id} is written as Markdown here, and import only merges into YAML records`, `move the record to one YAML file (${id}.yaml), or remove it to import the issue afresh`),
    ja: (id: string) => text(`${id} はここで Markdown で書かれています。取り込みで更新できるのは YAML の記録だけです`, `記録を 1 つの YAML ファイル（${id}.yaml）に移すか、消してから取り込み直してください`),
  },
  'import-existing-record': {
    severity: 'error',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { kind: 'not-a-map'; file: string; id: string } | { kind: 'updates-not-a-list'; file: string }) =>
      facts.kind === 'not-a-map'
        ? text(`${facts.file} is not a YAML map, so ${facts.id} cannot be merged into it`, 'fix or move the file, then import again')
        : text(`"updates" in ${facts.file} is not a list, so posts cannot be merged into it`, 'fix the record, then import again'),
    ja: (facts: { kind: 'not-a-map'; file: string; id: string } | { kind: 'updates-not-a-list'; file: string }) =>
      facts.kind === 'not-a-map'
        ? text(`${facts.file} が YAML のマップではないため、${facts.id} を取り込めません`, 'ファイルを直すか移してから、もう一度取り込んでください')
        : text(`${facts.file} の "updates" がリストではないため、投稿を取り込めません`, '記録を直してから、もう一度取り込んでください'),
  },
  'import-more-pages': {
    severity: 'warning',
    docs: 'import.md#problems-and-exit-codes',
    en: () => text('the response has more pages (@odata.nextLink); only the issues in this file are imported', 'save every page, or narrow the request with $filter'),
    ja: () => text('応答には続きのページがあります（@odata.nextLink）。取り込むのはこのファイルにある issue だけです', 'すべてのページを保存するか、$filter で対象を絞ってください'),
  },
  'import-post-time': {
    severity: 'warning',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { id: string; at: string; label: string; text: string; message: string; hint?: string }) =>
      text(`the post of ${facts.id} at ${facts.at} says "${facts.label}: ${facts.text}", which cannot be read as a time (${facts.message}); the text is kept in the update's body`, facts.hint),
    ja: (facts: { id: string; at: string; label: string; text: string; message: string; hint?: string }) =>
      text(`${facts.id} の ${facts.at} の投稿にある「${facts.label}: ${facts.text}」を時刻として読めません（${facts.message}）。この文章は更新の本文に残します`, '必要なら、取り込んだ記録の時刻を手で書き直してください'),
  },
  'import-empty-post': {
    severity: 'warning',
    docs: 'import.md#problems-and-exit-codes',
    en: (facts: { id: string; at: string }) => text(`the post of ${facts.id} at ${facts.at} has no text`, 'the update will have no text; the check after the import reports it'),
    ja: (facts: { id: string; at: string }) => text(`${facts.id} の ${facts.at} の投稿に文章がありません`, '更新の文章が空になります。取り込み後の確認で報告されます'),
  },
});
