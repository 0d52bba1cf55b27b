import { defineRules, type MessageText } from './types.js';

/** Why an id cannot be used. */
export type IdProblem =
  | { kind: 'pattern'; id: string }
  | { kind: 'length'; length: number; limit: number }
  | { kind: 'reserved'; id: string }
  | { kind: 'file-name'; id: string; fileId: string; rename: string };

/** A value as a writer wrote it, for messages that say what was found instead. */
export type FoundValue =
  | { kind: 'empty' }
  | { kind: 'list' }
  | { kind: 'map' }
  | { kind: 'text'; text: string }
  | { kind: 'number' | 'boolean' | 'other'; text: string };

/** A kind of value the format expects. */
export type ExpectedKind = 'string' | 'array' | 'object' | 'boolean' | 'number' | (string & {});

/** Where a schema problem is: the dotted path (`updates[2].status`), empty for the record itself. */
export interface SchemaPlace {
  /** `updates[2].next_update`, or '' for the record. */
  name: string;
  /** The last key of the path, for examples (`status`). */
  key: string;
}

/** The writer-facing phrase for a value found, in each language. */
export function describeFound(value: FoundValue, language: 'en' | 'ja'): string {
  switch (value.kind) {
    case 'empty':
      return language === 'en' ? 'an empty value' : '空の値';
    case 'list':
      return language === 'en' ? 'a list' : 'リスト';
    case 'map':
      return language === 'en' ? 'a map' : 'マップ';
    case 'text':
      return language === 'en' ? `"${value.text}"` : `「${value.text}」`;
    case 'number':
      return language === 'en' ? `the number ${value.text}` : `数値「${value.text}」`;
    case 'boolean':
      return language === 'en' ? `the boolean ${value.text}` : `真偽値「${value.text}」`;
    default:
      return language === 'en' ? value.text : `「${value.text}」`;
  }
}

const EXPECTED: Record<string, { en: string; ja: string }> = {
  string: { en: 'text', ja: '文字列' },
  array: { en: 'a list', ja: 'リスト' },
  object: { en: 'a map of keys', ja: 'キーのマップ' },
  boolean: { en: 'true or false', ja: '「true」か「false」' },
  number: { en: 'a number', ja: '数値' },
};

const EXAMPLES: Record<string, { en: string; ja: string }> = {
  service: { en: 'for example: service: exchange-online', ja: '例: service: exchange-online' },
  start: { en: 'for example: start: 2021-11-25 21:33 JST', ja: '例: start: 2021-11-25 21:33 JST' },
  at: { en: 'for example: at: 2021-11-26 15:02 JST', ja: '例: at: 2021-11-26 15:02 JST' },
  status: { en: 'for example: status: investigating', ja: '例: status: investigating' },
  updates: {
    en: 'for example:\n  updates:\n    - at: 2021-11-26 15:02 JST\n      status: investigating\n      body: {en: "We are investigating."}',
    ja: '例:\n  updates:\n    - at: 2021-11-26 15:02 JST\n      status: investigating\n      body: {ja: "調査しています。"}',
  },
  title: { en: 'for example: title: {ja: "…", en: "…"}', ja: '例: title: {ja: "…", en: "…"}' },
  url: { en: 'for example: url: https://status.example.com/', ja: '例: url: https://status.example.com/' },
  base_url: { en: 'for example: base_url: https://example.github.io/status/', ja: '例: base_url: https://example.github.io/status/' },
  tags: { en: 'for example: tags: [mail, exchange-online]', ja: '例: tags: [mail, exchange-online]' },
  draft: { en: 'write draft: true or draft: false', ja: 'draft: true か draft: false と書きます' },
};

/** The example hint for a key, when there is one. */
function example(key: string, language: 'en' | 'ja'): string | undefined {
  return EXAMPLES[key]?.[language];
}

const text = (message: string, hint?: string): MessageText => (hint === undefined ? { message } : { message, hint });
const languageEn = (language: string) => (language === 'ja' ? 'Japanese' : 'English');
const languageJa = (language: string) => (language === 'ja' ? '日本語' : '英語');
const didYouMeanEn = (suggestion: string | undefined) => (suggestion ? `; did you mean "${suggestion}"?` : '');
const didYouMeanJa = (suggestion: string | undefined) => (suggestion ? `（「${suggestion}」のことですか？）` : '');
const TRANSLATION_HINT_EN = 'the other language is shown with a note until it is translated';
const TRANSLATION_HINT_JA = '翻訳されるまでは、もう一方の言語の文章を注記付きで表示します';

/** Rules about incident records: ids, keys, values, statuses, services, updates, texts. */
export const contentRules = defineRules({
  'bad-id': {
    severity: 'error',
    docs: 'format.md#ids',
    en: (problem: IdProblem) =>
      problem.kind === 'file-name'
        ? text(
            `the id "${problem.id}" differs from the file name, which gives "${problem.fileId}"`,
            `Markdown records take their id from the file name: rename the file to ${problem.rename} or remove the id key`,
          )
        : text(
            problem.kind === 'pattern'
              ? `"${problem.id}" is not a valid id`
              : problem.kind === 'length'
                ? `the id is ${problem.length} characters long, over the limit of ${problem.limit}`
                : `"${problem.id}" is a reserved device name on Windows and cannot be an id`,
            'an id starts with a letter or digit and has only A–Z, a–z, 0–9, "_" and "-", e.g. EX300267',
          ),
    ja: (problem: IdProblem) =>
      problem.kind === 'file-name'
        ? text(
            `ID「${problem.id}」がファイル名から決まる ID「${problem.fileId}」と違います`,
            `Markdown の記録は ID をファイル名から取ります。ファイル名を ${problem.rename} に変えるか、id の行を消してください`,
          )
        : text(
            problem.kind === 'pattern'
              ? `「${problem.id}」は ID として使えません`
              : problem.kind === 'length'
                ? `ID が ${problem.length} 文字あり、上限の ${problem.limit} 文字を超えています`
                : `「${problem.id}」は Windows の予約デバイス名のため ID にできません`,
            'ID は英字か数字で始め、A–Z・a–z・0–9・「_」・「-」だけを使います（例: EX300267）',
          ),
  },
  'duplicate-id': {
    severity: 'error',
    docs: 'format.md#diagnostics',
    en: (facts: { id: string; other: string; markdownPair: boolean }) =>
      text(
        `duplicate id ${facts.id}: also used by ${facts.other}`,
        facts.markdownPair
          ? 'each language of a Markdown record has its own file (ID.ja.md, ID.en.md)'
          : 'an incident is either one YAML file or Markdown files, one per language; ids are compared ignoring case',
      ),
    ja: (facts: { id: string; other: string; markdownPair: boolean }) =>
      text(
        `ID ${facts.id} が重複しています。${facts.other} でも使われています`,
        facts.markdownPair
          ? 'Markdown の記録は言語ごとに 1 ファイルです（ID.ja.md と ID.en.md）'
          : '1 件の障害は YAML ファイル 1 つか、言語ごとの Markdown ファイルで書きます。ID の大文字と小文字は区別しません',
      ),
  },
  'unknown-key': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (facts: { key: string; in: string; suggestion?: string; known: readonly string[] }) =>
      text(`unknown key "${facts.key}"${facts.in ? ` in ${facts.in}` : ''}${didYouMeanEn(facts.suggestion)}`, `known keys here: ${facts.known.join(', ')}`),
    ja: (facts: { key: string; in: string; suggestion?: string; known: readonly string[] }) =>
      text(`${facts.in ? `${facts.in} に` : ''}知らないキー「${facts.key}」があります${didYouMeanJa(facts.suggestion)}`, `ここで使えるキー: ${facts.known.join(', ')}`),
  },
  'missing-key': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (facts: MissingKey) => {
      switch (facts.kind) {
        case 'record':
          return text(`missing required key "${facts.key}"${facts.files > 1 ? ` (in none of the ${facts.files} files of ${facts.id})` : ''}`, example(facts.key, 'en'));
        case 'nested':
          return text(`missing required key "${facts.key}"${facts.in ? ` in ${facts.in}` : ''}`, example(facts.key, 'en'));
        case 'no-updates':
          return text(`incident ${facts.id} has no updates`, 'add at least one update with a time and a status');
        default:
          return text('the first update has no status', 'write it after the time, e.g. ## 2021-11-26 15:02 JST — Investigating');
      }
    },
    ja: (facts: MissingKey) => {
      switch (facts.kind) {
        case 'record':
          return text(`必須のキー「${facts.key}」がありません${facts.files > 1 ? `（${facts.id} の ${facts.files} ファイルのどれにもありません）` : ''}`, example(facts.key, 'ja'));
        case 'nested':
          return text(`${facts.in ? `${facts.in} に` : ''}必須のキー「${facts.key}」がありません`, example(facts.key, 'ja'));
        case 'no-updates':
          return text(`障害 ${facts.id} に更新（updates）がひとつもありません`, '時刻と状態を書いた更新を少なくとも 1 つ追加してください');
        default:
          return text('最初の更新に状態がありません', '時刻のあとに書きます（例: ## 2021-11-26 15:02 JST — 調査中）');
      }
    },
  },
  'invalid-type': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (facts: { place: SchemaPlace; found: FoundValue; expected: ExpectedKind | 'localized' }) =>
      facts.expected === 'localized'
        ? text(`${facts.place.name} must be text or a map of languages, not ${describeFound(facts.found, 'en')}`, `write ${facts.place.key}: "…" or ${facts.place.key}: {ja: "…", en: "…"}`)
        : text(`${facts.place.name || 'the record'} must be ${EXPECTED[facts.expected]?.en ?? facts.expected}, not ${describeFound(facts.found, 'en')}`, example(facts.place.key, 'en')),
    ja: (facts: { place: SchemaPlace; found: FoundValue; expected: ExpectedKind | 'localized' }) =>
      facts.expected === 'localized'
        ? text(`${facts.place.name} は文字列か言語ごとのマップで書きます。${describeFound(facts.found, 'ja')}は使えません`, `${facts.place.key}: "…" か ${facts.place.key}: {ja: "…", en: "…"} と書きます`)
        : text(`${facts.place.name ? `${facts.place.name} は` : '記録は'}${EXPECTED[facts.expected]?.ja ?? `「${facts.expected}」`}で書きます。${describeFound(facts.found, 'ja')}は使えません`, example(facts.place.key, 'ja')),
  },
  'invalid-value': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (facts: InvalidValue) => {
      switch (facts.kind) {
        case 'one-of':
          return text(`${facts.name} must be one of ${facts.values.join(', ')}, not ${describeFound(facts.found, 'en')}${didYouMeanEn(facts.suggestion)}`);
        case 'too-few':
          return text(facts.list ? `${facts.name} needs at least ${facts.minimum} ${facts.minimum === '1' ? 'entry' : 'entries'}` : `${facts.name} is below the minimum of ${facts.minimum}`, example(facts.key, 'en'));
        case 'too-big':
          return text(`${facts.name} is above the maximum of ${facts.maximum}`);
        case 'format':
          return text(`${facts.name || 'the key'} has the wrong form: ${facts.detail}`);
        case 'other':
          return text(`${facts.name || 'the record'}: ${facts.detail}`);
        case 'default-language':
          return text(`default_language "${facts.value}" is not one of the site's languages (${facts.languages.join(', ')})`);
        case 'base-url':
          return text(`base_url must be an absolute http(s) URL, not "${facts.value}"`, 'for example: base_url: https://example.github.io/status/');
        default:
          return text(`--base-url must be an absolute http(s) URL, not "${facts.value}"`);
      }
    },
    ja: (facts: InvalidValue) => {
      switch (facts.kind) {
        case 'one-of':
          return text(`${facts.name} には ${facts.values.join(', ')} のどれかを書きます。${describeFound(facts.found, 'ja')}は使えません${didYouMeanJa(facts.suggestion)}`);
        case 'too-few':
          return text(facts.list ? `${facts.name} には少なくとも ${facts.minimum} 項目が必要です` : `${facts.name} が最小値 ${facts.minimum} より小さいです`, example(facts.key, 'ja'));
        case 'too-big':
          return text(`${facts.name} が最大値 ${facts.maximum} を超えています`);
        case 'format':
          return text(`${facts.name ? `${facts.name} の` : 'キーの'}書き方が違います: ${facts.detail}`);
        case 'other':
          return text(`${facts.name || '記録'}: ${facts.detail}`);
        case 'default-language':
          return text(`default_language「${facts.value}」がサイトの言語（${facts.languages.join(', ')}）に含まれていません`);
        case 'base-url':
          return text(`base_url は http(s) で始まる完全な URL で書きます。「${facts.value}」は使えません`, '例: base_url: https://example.github.io/status/');
        default:
          return text(`--base-url は http(s) で始まる完全な URL で指定します。「${facts.value}」は使えません`);
      }
    },
  },
  'invalid-key': {
    severity: 'error',
    docs: 'format.md#services-yaml',
    en: (key: string) => text(`"${key}" is not a valid key here`, 'service keys are lower-case letters, digits and "-", e.g. exchange-online'),
    ja: (key: string) => text(`「${key}」はここではキーとして使えません`, 'サービスのキーは英小文字・数字・「-」で書きます（例: exchange-online）'),
  },
  'unknown-language': {
    severity: 'error',
    docs: 'format.md#localized-text',
    en: (facts: { kind: 'text-key'; key: string; in: string } | { kind: 'file-name'; language: string; languages: readonly string[]; id: string }) =>
      facts.kind === 'text-key'
        ? text(`unknown language "${facts.key}" in ${facts.in || 'the text'}`, 'localized text takes the keys ja and en')
        : text(`the file name says language "${facts.language}", but kokuchi writes ${facts.languages.join(' and ')}`, `rename it to ${facts.id}.ja.md or ${facts.id}.en.md`),
    ja: (facts: { kind: 'text-key'; key: string; in: string } | { kind: 'file-name'; language: string; languages: readonly string[]; id: string }) =>
      facts.kind === 'text-key'
        ? text(`${facts.in || '文章'}に知らない言語「${facts.key}」があります`, '言語ごとの文章のキーは ja と en です')
        : text(`ファイル名が言語「${facts.language}」を示していますが、kokuchi が書く言語は ${facts.languages.join(' と ')} です`, `ファイル名を ${facts.id}.ja.md か ${facts.id}.en.md に変えてください`),
  },
  'conflicting-value': {
    severity: 'error',
    docs: 'format.md#how-the-files-of-one-incident-merge',
    en: (facts: Conflict) => {
      switch (facts.kind) {
        case 'shared':
          return text(`${facts.key} is ${facts.here} here but ${facts.there} in ${facts.where}`, 'the files of one incident must agree; write the value once or make them equal');
        case 'text':
          return text(`${facts.key} (${facts.language}) is given twice with different text; the other is at ${facts.where}`, 'keep it in one place');
        case 'status':
          return text(`the update at ${facts.at} has status "${facts.here}" here but "${facts.there}" in ${facts.where}`, 'the files of one incident must agree on each update');
        default:
          return text(`lang is "${facts.lang}" but the file name says "${facts.nameLanguage}"`, 'remove the lang key or rename the file');
      }
    },
    ja: (facts: Conflict) => {
      switch (facts.kind) {
        case 'shared':
          return text(`${facts.key} がここでは ${facts.here}、${facts.where} では ${facts.there} です`, '1 件の障害のファイルどうしで値をそろえるか、値を 1 か所にだけ書いてください');
        case 'text':
          return text(`${facts.key}（${facts.language}）が 2 か所に違う文章で書かれています。もう一方は ${facts.where} です`, '1 か所にまとめてください');
        case 'status':
          return text(`${facts.at} の更新の状態が、ここでは「${facts.here}」、${facts.where} では「${facts.there}」です`, '1 件の障害のファイルどうしで、各更新の内容をそろえてください');
        default:
          return text(`lang は「${facts.lang}」ですが、ファイル名は「${facts.nameLanguage}」を示しています`, 'lang の行を消すか、ファイル名を変えてください');
      }
    },
  },
  'unknown-service': {
    severity: 'error',
    docs: 'format.md#services-yaml',
    en: (facts: { service: string; suggestion?: string; known: readonly string[] }) =>
      text(`unknown service "${facts.service}"${didYouMeanEn(facts.suggestion)}`, `add it to content/services.yaml or use one of: ${facts.known.join(', ')}`),
    ja: (facts: { service: string; suggestion?: string; known: readonly string[] }) =>
      text(`サービス「${facts.service}」が見つかりません${didYouMeanJa(facts.suggestion)}`, `content/services.yaml に追加するか、次のどれかを使ってください: ${facts.known.join(', ')}`),
  },
  'unknown-status': {
    severity: 'error',
    docs: 'format.md#statuses',
    en: (facts: { status: string; suggestion?: string }) => text(`unknown status "${facts.status}"${didYouMeanEn(facts.suggestion)}`, 'see docs/format.md#statuses for the list of statuses'),
    ja: (facts: { status: string; suggestion?: string }) => text(`状態「${facts.status}」が見つかりません${didYouMeanJa(facts.suggestion)}`, '使える状態の一覧は docs/format.md#statuses にあります'),
  },
  'end-before-start': {
    severity: 'error',
    docs: 'format.md#time-errors',
    en: (facts: { end: string; start: string; inUpdate: boolean }) =>
      facts.inUpdate ? text(`end (${facts.end}) is before start (${facts.start}) in this update`) : text(`end (${facts.end}) is before start (${facts.start})`, 'check the date and the zone of both times'),
    ja: (facts: { end: string; start: string; inUpdate: boolean }) =>
      facts.inUpdate
        ? text(`この更新の end（${facts.end}）が start（${facts.start}）より前です`)
        : text(`end（${facts.end}）が start（${facts.start}）より前です`, '両方の時刻の日付とタイムゾーンを確かめてください'),
  },
  'next-update-before-update': {
    severity: 'error',
    docs: 'format.md#time-errors',
    en: (facts: { next: string; at: string }) => text(`next_update (${facts.next}) is not after the update itself (${facts.at})`, 'the next update is promised for a later time; check the date and the zone'),
    ja: (facts: { next: string; at: string }) => text(`next_update（${facts.next}）がこの更新の時刻（${facts.at}）より後になっていません`, '次回の更新はこれより後の時刻のはずです。日付とタイムゾーンを確かめてください'),
  },
  'duplicate-update': {
    severity: 'error',
    docs: 'format.md#time-errors',
    en: (facts: { at: string; otherLine: number }) => text(`two updates at the same instant (${facts.at}); the other is at line ${facts.otherLine}`, 'merge them into one update or correct the time'),
    ja: (facts: { at: string; otherLine: number }) => text(`同じ時刻（${facts.at}）の更新が 2 つあります。もう一方は ${facts.otherLine} 行目です`, '1 つの更新にまとめるか、時刻を直してください'),
  },
  'too-many-updates': {
    severity: 'error',
    docs: 'format.md#limits',
    en: (facts: { id: string; count: number; limit: number }) => text(`incident ${facts.id} has ${facts.count} updates, over the limit of ${facts.limit}`, 'split the incident or remove repeated updates'),
    ja: (facts: { id: string; count: number; limit: number }) => text(`障害 ${facts.id} の更新が ${facts.count} 件あり、上限の ${facts.limit} 件を超えています`, '障害を分けるか、重複した更新を消してください'),
  },
  'missing-title': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (id: string) => text(`incident ${id} has no title in any language`, 'for example: title: {ja: "…", en: "…"}'),
    ja: (id: string) => text(`障害 ${id} にはどの言語のタイトルもありません`, '例: title: {ja: "…", en: "…"}'),
  },
  'empty-update': {
    severity: 'error',
    docs: 'format.md#update-keys',
    en: (at: string) => text(`the update at ${at} has no text`, 'give it a body or at least one labelled field such as current_status'),
    ja: (at: string) => text(`${at} の更新に文章がありません`, '本文（body）か、current_status などの項目を少なくとも 1 つ書いてください'),
  },
  'link-scheme': {
    severity: 'error',
    docs: 'format.md#record-keys',
    en: (url: string) => text(`the link "${url}" is not an http(s) URL`, 'links must start with https:// or http://'),
    ja: (url: string) => text(`リンク「${url}」は http(s) の URL ではありません`, 'リンクは https:// か http:// で始めます'),
  },
  'missing-translation': {
    severity: 'warning',
    docs: 'format.md#localized-text',
    en: (facts: MissingTranslation) => {
      switch (facts.kind) {
        case 'text':
          return text(`the ${facts.name} has no ${languageEn(facts.language)} text`, TRANSLATION_HINT_EN);
        case 'update':
          return text(`the update at ${facts.at} has no ${languageEn(facts.language)} text for ${facts.keys.join(', ')}`, TRANSLATION_HINT_EN);
        case 'service':
          return text(`service "${facts.key}" has no Japanese name; the English one is shown`);
        default:
          return text(`service "${facts.key}" was added with its English name "${facts.name}" only`, `add its Japanese name: ${facts.key}: {ja: …, en: ${facts.name}}`);
      }
    },
    ja: (facts: MissingTranslation) => {
      const name = (key: 'title' | 'summary') => (key === 'title' ? 'タイトル' : '概要');
      switch (facts.kind) {
        case 'text':
          return text(`${name(facts.name)}に${languageJa(facts.language)}の文章がありません`, TRANSLATION_HINT_JA);
        case 'update':
          return text(`${facts.at} の更新の ${facts.keys.join(', ')} に${languageJa(facts.language)}の文章がありません`, TRANSLATION_HINT_JA);
        case 'service':
          return text(`サービス「${facts.key}」に日本語名がありません。英語名を表示します`);
        default:
          return text(`サービス「${facts.key}」を英語名「${facts.name}」だけで追加しました`, `日本語名を書き足してください: ${facts.key}: {ja: …, en: ${facts.name}}`);
      }
    },
  },
  symlink: {
    severity: 'warning',
    docs: 'format.md#which-files-are-read',
    en: () => text('symbolic links are not followed; this entry is ignored', 'copy the file into content/ instead'),
    ja: () => text('シンボリック リンクはたどりません。この項目は読み飛ばします', 'リンクではなく、ファイルそのものを content/ にコピーしてください'),
  },
});

/** Facts of `missing-key`. */
export type MissingKey =
  | { kind: 'record'; key: string; files: number; id: string }
  | { kind: 'nested'; key: string; in: string }
  | { kind: 'no-updates'; id: string }
  | { kind: 'first-status' };

/** Facts of `invalid-value`. */
export type InvalidValue =
  | { kind: 'one-of'; name: string; values: readonly string[]; found: FoundValue; suggestion?: string }
  | { kind: 'too-few'; name: string; key: string; list: boolean; minimum: string }
  | { kind: 'too-big'; name: string; maximum: string }
  | { kind: 'format' | 'other'; name: string; detail: string }
  | { kind: 'default-language'; value: string; languages: readonly string[] }
  | { kind: 'base-url' | 'base-url-option'; value: string };

/** Facts of `conflicting-value`. */
export type Conflict =
  | { kind: 'shared'; key: string; here: string; there: string; where: string }
  | { kind: 'text'; key: string; language: string; where: string }
  | { kind: 'status'; at: string; here: string; there: string; where: string }
  | { kind: 'lang'; lang: string; nameLanguage: string };

/** Facts of `missing-translation`. */
export type MissingTranslation =
  | { kind: 'text'; name: 'title' | 'summary'; language: string }
  | { kind: 'update'; at: string; language: string; keys: readonly string[] }
  | { kind: 'service'; key: string }
  | { kind: 'imported-service'; key: string; name: string };
