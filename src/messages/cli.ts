import { commandPhrases } from './cli-commands.js';
import type { MessageLanguage } from './types.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * What the CLI itself says (usage errors, summary lines, the report's own words), in English and
 * Japanese. Diagnostics are rules of the catalogue; these are the sentences around them.
 */
export const cliPhrases = {
  ...commandPhrases,
  'severity-error': { en: () => 'error', ja: () => 'エラー' },
  'severity-warning': { en: () => 'warning', ja: () => '警告' },
  'hint-label': { en: () => 'hint:', ja: () => 'ヒント:' },
  summary: {
    en: (errors: number, warnings: number) => (errors === 0 && warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`),
    ja: (errors: number, warnings: number) => (errors === 0 && warnings === 0 ? '問題はありません' : `エラー ${errors} 件、警告 ${warnings} 件`),
  },
  'more-warnings': {
    en: (hidden: number, total: number) => `… and ${plural(hidden, 'more warning')} (${total} in all); run kokuchi check to list every one`,
    ja: (hidden: number, total: number) => `…ほかに警告が ${hidden} 件あります（全部で ${total} 件）。すべて見るには kokuchi check を実行してください`,
  },
  checked: {
    en: (count: number, folder: string, clean: boolean) => `checked ${plural(count, 'incident')} in ${folder}: ${clean ? 'no problems' : 'no errors'}`,
    ja: (count: number, folder: string, clean: boolean) => `${folder} の障害 ${count} 件を確認しました: ${clean ? '問題はありません' : 'エラーはありません'}`,
  },
  'build-failed': {
    en: (errors: number, out: string) => `build failed with ${plural(errors, 'error')}; ${out} was left as it was`,
    ja: (errors: number, out: string) => `エラーが ${errors} 件あるため、ビルドできませんでした。${out} は元のままです`,
  },
  built: {
    en: (languages: number, pages: number, incidents: number, seconds: string, out: string) =>
      `built ${plural(languages, 'language')}, ${plural(pages, 'page')}, ${plural(incidents, 'incident')} in ${seconds} s → ${out}`,
    ja: (languages: number, pages: number, incidents: number, seconds: string, out: string) =>
      `${languages} 言語・${pages} ページ・障害 ${incidents} 件を ${seconds} 秒でビルドしました → ${out}`,
  },
  'import-failed': {
    en: (errors: number) => `import failed with ${plural(errors, 'error')}; nothing was written`,
    ja: (errors: number) => `エラーが ${errors} 件あるため、取り込みませんでした。何も書き込んでいません`,
  },
  'unknown-command': { en: (name: string) => `unknown command "${name}"`, ja: (name: string) => `「${name}」というコマンドはありません` },
  'unexpected-argument': { en: (argument: string) => `unexpected argument "${argument}"`, ja: (argument: string) => `余分な引数「${argument}」があります` },
  'unknown-option': { en: (option: string) => `Unknown option '${option}'`, ja: (option: string) => `「${option}」というオプションはありません` },
  'option-needs-value': { en: (option: string) => `Option '${option}' argument missing`, ja: (option: string) => `オプション「${option}」には値が必要です` },
  'option-takes-no-value': { en: (option: string) => `Option '${option}' does not take an argument`, ja: (option: string) => `オプション「${option}」は値を取りません` },
  'bad-format': {
    en: (format: string) => `--format must be human, json or github, not "${format}"`,
    ja: (format: string) => `--format には human、json、github のどれかを指定します。「${format}」は使えません`,
  },
  'bad-lang': {
    en: (value: string) => `--lang must be en or ja, not "${value}"`,
    ja: (value: string) => `--lang には en か ja を指定します。「${value}」は使えません`,
  },
  'bad-workers': {
    en: (value: string) => `--workers must be a whole number from 1 to 64, not "${value}"`,
    ja: (value: string) => `--workers には 1 から 64 までの整数を指定します。「${value}」は使えません`,
  },
  'bad-port': {
    en: (value: string) => `--port must be a whole number from 0 to 65535, not "${value}"`,
    ja: (value: string) => `--port には 0 から 65535 までの整数を指定します。「${value}」は使えません`,
  },
  'empty-host': { en: () => '--host needs an address, e.g. 127.0.0.1', ja: () => '--host にはアドレスを指定します（例: 127.0.0.1）' },
  'missing-folder': {
    en: (option: string, folder: string) => `${option}: the folder ${folder} does not exist`,
    ja: (option: string, folder: string) => `${option}: フォルダー ${folder} がありません`,
  },
  'new-no-id': {
    en: () => 'give the id of the new incident, e.g. kokuchi new EX300300 --service exchange-online',
    ja: () => '新しい障害の ID を指定してください（例: kokuchi new EX300300 --service exchange-online）',
  },
  'update-no-id': {
    en: () => 'give the id of the incident, e.g. kokuchi update EX300267 --status service-restored',
    ja: () => '障害の ID を指定してください（例: kokuchi update EX300267 --status service-restored）',
  },
  'option-required': {
    en: (option: string, example: string) => `${option} is required, e.g. ${option} ${example}`,
    ja: (option: string, example: string) => `${option} を指定してください（例: ${option} ${example}）`,
  },
  'option-one-of': {
    en: (option: string, values: readonly string[], value: string) => `${option} must be ${values.slice(0, -1).join(', ')}${values.length > 2 ? ',' : ''} or ${values.at(-1)!}, not "${value}"`,
    ja: (option: string, values: readonly string[], value: string) => `${option} には ${values.join('、')} のどれかを指定します。「${value}」は使えません`,
  },
  'lang-not-in-site': {
    en: (languages: readonly string[], value: string) => `--lang must be one of the site's languages (${languages.join(', ')}), not "${value}"`,
    ja: (languages: readonly string[], value: string) => `--lang にはサイトの言語（${languages.join(', ')}）のどれかを指定します。「${value}」は使えません`,
  },
  'import-no-source': {
    en: () => 'name the source to import from: kokuchi import m365 FILE.json',
    ja: () => '取り込み元を指定してください: kokuchi import m365 FILE.json',
  },
  'import-unknown-source': {
    en: (source: string, sources: readonly string[]) => `unknown source "${source}"; kokuchi can import: ${sources.join(', ')}`,
    ja: (source: string, sources: readonly string[]) => `取り込み元「${source}」には対応していません。対応している取り込み元: ${sources.join(', ')}`,
  },
  'import-no-file': {
    en: () => 'name the saved Graph response: kokuchi import m365 FILE.json',
    ja: () => '保存した Graph の応答のファイルを指定してください: kokuchi import m365 FILE.json',
  },
  'cannot-read': {
    en: (file: string, reason: 'missing' | 'folder' | 'other', detail: string, _code?: string) => `cannot read ${file}: ${reason === 'missing' ? 'no such file' : reason === 'folder' ? 'it is a folder' : detail}`,
    ja: (file: string, reason: 'missing' | 'folder' | 'other', detail: string, code?: string) => {
      if (reason === 'missing') return `${file} を読めません：ファイルがありません`;
      if (reason === 'folder') return `${file} を読めません：フォルダーです`;
      // The system's own words are English: say the common case, else only its code.
      return code === 'EACCES' || code === 'EPERM' ? `${file} を読めません：読む権限がありません` : `${file} を読めません（${code ?? detail}）`;
    },
  },
} satisfies Record<string, { en: (...args: never[]) => string; ja: (...args: never[]) => string }>;

/** An id of a CLI phrase. */
export type PhraseId = keyof typeof cliPhrases;

/** A phrase and its arguments, said later in the language the CLI chose. */
export type Phrase = { [K in PhraseId]: { phrase: K; args: Parameters<(typeof cliPhrases)[K]['en']> } }[PhraseId];

/** Names a phrase and its arguments. */
export function phrase<K extends PhraseId>(id: K, ...args: Parameters<(typeof cliPhrases)[K]['en']>): Phrase {
  return { phrase: id, args } as Phrase;
}

/** Says a phrase in `language`. */
export function say(found: Phrase, language: MessageLanguage): string {
  const builder = cliPhrases[found.phrase][language] as (...args: unknown[]) => string;
  return builder(...found.args);
}

/** Says a phrase in `language` directly. */
export function sayNow<K extends PhraseId>(language: MessageLanguage, id: K, ...args: Parameters<(typeof cliPhrases)[K]['en']>): string {
  return say(phrase(id, ...args), language);
}
