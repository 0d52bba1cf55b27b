import { defineRules } from './types.js';

/** What is wrong with a configured URL. */
export type UrlProblem = 'not-absolute' | 'scheme' | 'credentials' | 'query' | 'fragment' | 'control';

const URL_PROBLEM_EN: Record<UrlProblem, string> = {
  'not-absolute': 'it is not an absolute URL',
  scheme: 'it does not start with http:// or https://',
  credentials: 'it holds a user name or password',
  query: 'it has a query ("?…")',
  fragment: 'it has a fragment ("#…")',
  control: 'it holds a control character (such as a line break or a tab)',
};

const URL_PROBLEM_JA: Record<UrlProblem, string> = {
  'not-absolute': '絶対 URL ではありません',
  scheme: 'http:// か https:// で始まっていません',
  credentials: 'ユーザー名やパスワードが含まれています',
  query: 'クエリ（「?…」）が付いています',
  fragment: 'フラグメント（「#…」）が付いています',
  control: '改行やタブなどの制御文字が含まれています',
};

/** Too many of one kind of Markdown mark, in one paragraph or in a whole text. */
export interface MarkdownMarks {
  what: 'delimiters' | 'brackets' | 'angles';
  scope: 'paragraph' | 'text';
  count: number;
  limit: number;
}

const MARK_EN: Record<MarkdownMarks['what'], string> = { delimiters: 'emphasis marks ("*", "_" or "~")', brackets: '"[" characters', angles: '"<" characters' };
const MARK_JA: Record<MarkdownMarks['what'], string> = { delimiters: '強調の記号（「*」「_」「~」）', brackets: '「[」', angles: '「<」' };

/** Rules about writing safely: locks, full disks, the output and cache folders, configured URLs and sizes. */
export const reliabilityRules = defineRules({
  'content-busy': {
    severity: 'error',
    docs: 'guarantees.md#writer-commands-never-lose-text',
    en: (holder: { pid: number; folder: string }) => ({
      message: `another kokuchi command (process ${holder.pid}) is still changing ${holder.folder}, so nothing was written`,
      hint: 'wait for it to finish and run this again',
    }),
    ja: (holder: { pid: number; folder: string }) => ({
      message: `別の kokuchi コマンド（プロセス ${holder.pid}）が ${holder.folder} を書き換えている最中のため、何も書き込みませんでした`,
      hint: 'そのコマンドが終わってから、もう一度実行してください',
    }),
  },
  'content-write': {
    severity: 'error',
    docs: 'guarantees.md#writer-commands-never-lose-text',
    en: (fact: { file: string; code: string }) => ({
      message: `${fact.file} could not be written (${fact.code === 'ENOSPC' ? 'the disk is full' : fact.code === 'EEXIST' ? 'a file of that name appeared meanwhile' : fact.code === 'EACCES' || fact.code === 'EPERM' ? 'no permission' : fact.code}); the file was left exactly as it was`,
      hint: 'make room on the disk (or fix the folder permissions) and run this again',
    }),
    ja: (fact: { file: string; code: string }) => ({
      message: `${fact.file} を書き込めませんでした（${fact.code === 'ENOSPC' ? 'ディスクがいっぱいです' : fact.code === 'EEXIST' ? '同じ名前のファイルが途中で作られました' : fact.code === 'EACCES' || fact.code === 'EPERM' ? '権限がありません' : fact.code}）。ファイルは元のまま残っています`,
      hint: 'ディスクの空きを作るか、フォルダーの権限を直してから、もう一度実行してください',
    }),
  },
  'content-outside': {
    severity: 'error',
    docs: 'guarantees.md#writer-commands-never-lose-text',
    en: (fact: { folder: string; root: string }) => ({
      message: `${fact.folder} leads outside ${fact.root} (through a symbolic link), so nothing was written there`,
      hint: `replace the link with a real folder inside ${fact.root}`,
    }),
    ja: (fact: { folder: string; root: string }) => ({
      message: `${fact.folder} はシンボリックリンクで ${fact.root} の外を指しているため、書き込みませんでした`,
      hint: `リンクをやめて、${fact.root} の中に普通のフォルダーを作ってください`,
    }),
  },
  'base-url': {
    severity: 'error',
    docs: 'format.md#site-yaml',
    en: (fact: { value: string; problem: UrlProblem }) => ({
      message: `base_url ${JSON.stringify(fact.value)} cannot be used: ${URL_PROBLEM_EN[fact.problem]}`,
      hint: 'write the address the site is published at, e.g. https://status.example.com/ (or https://example.github.io/notices/)',
    }),
    ja: (fact: { value: string; problem: UrlProblem }) => ({
      message: `base_url ${JSON.stringify(fact.value)} は使えません。${URL_PROBLEM_JA[fact.problem]}`,
      hint: 'サイトを公開するアドレスを書いてください（例: https://status.example.com/ や https://example.github.io/notices/）',
    }),
  },
  'output-symlink': {
    severity: 'error',
    docs: 'guarantees.md#a-build-never-publishes-a-broken-or-half-written-site',
    en: (fact: { output: string; target: string }) => ({
      message: `${fact.output} is a symbolic link (to ${fact.target}); kokuchi does not replace it`,
      hint: `build into the folder itself with --out ${fact.target}`,
    }),
    ja: (fact: { output: string; target: string }) => ({
      message: `${fact.output} は ${fact.target} へのシンボリックリンクのため、置き換えません`,
      hint: `リンク先のフォルダーに直接出力してください（--out ${fact.target}）`,
    }),
  },
  'cache-unwritable': {
    severity: 'warning',
    docs: 'cli.md#kokuchi-build',
    en: (fact: { folder: string; code: string }) => ({
      message: `the cache folder ${fact.folder} cannot be used (${fact.code === 'ENOTDIR' || fact.code === 'EEXIST' ? 'a file stands where the folder should be' : fact.code === 'EACCES' || fact.code === 'EPERM' || fact.code === 'EROFS' ? 'no permission to write there' : fact.code}); this build runs without the cache`,
      hint: 'remove what is in the way, or choose another folder with --cache-dir (--no-cache turns the cache off)',
    }),
    ja: (fact: { folder: string; code: string }) => ({
      message: `キャッシュフォルダー ${fact.folder} を使えません（${fact.code === 'ENOTDIR' || fact.code === 'EEXIST' ? 'フォルダーの場所にファイルがあります' : fact.code === 'EACCES' || fact.code === 'EPERM' || fact.code === 'EROFS' ? '書き込む権限がありません' : fact.code}）。今回はキャッシュなしでビルドします`,
      hint: '邪魔になっているファイルを取り除くか、--cache-dir で別のフォルダーを指定してください（--no-cache でキャッシュを使わなくなります）',
    }),
  },
  'cache-damaged': {
    severity: 'warning',
    docs: 'guarantees.md#the-cache-is-safe',
    en: (fact: { file: string }) => ({
      message: `part of the cache ${fact.file} is damaged or not kokuchi's; it was ignored and rebuilt from the content`,
      hint: 'nothing to do: the output is the same as without the cache',
    }),
    ja: (fact: { file: string }) => ({
      message: `キャッシュ ${fact.file} の一部が壊れているか kokuchi のものではないため、使わずに原稿から作り直しました`,
      hint: '対応は不要です。出力はキャッシュがない場合と同じです',
    }),
  },
  'too-many-services': {
    severity: 'error',
    docs: 'format.md#services-yaml',
    en: (fact: { count: number; limit: number }) => ({
      message: `services.yaml lists ${fact.count} services, over the limit of ${fact.limit}`,
      hint: 'merge services that readers see as one, or remove ones no incident uses',
    }),
    ja: (fact: { count: number; limit: number }) => ({
      message: `services.yaml にサービスが ${fact.count} 件あり、上限の ${fact.limit} 件を超えています`,
      hint: '読者から見て同じサービスはまとめるか、どの障害にも使われていないものを削除してください',
    }),
  },
  'markdown-too-complex': {
    severity: 'error',
    docs: 'guarantees.md#bad-input-gives-a-clear-positioned-error-never-a-crash-or-a-hang',
    en: (fact: MarkdownMarks) => ({
      message: `this text has ${fact.count} ${MARK_EN[fact.what]} ${fact.scope === 'paragraph' ? 'in one paragraph' : 'in all'}, over the limit of ${fact.limit}; Markdown with so many takes too long to read`,
      hint: 'split the text into paragraphs, or write the characters as \\[ \\* \\_ \\< where they are meant literally',
    }),
    ja: (fact: MarkdownMarks) => ({
      message: `この本文には${MARK_JA[fact.what]}が${fact.scope === 'paragraph' ? '1 つの段落に' : '全体で'} ${fact.count} 個あり、上限の ${fact.limit} 個を超えています。これほど多いと Markdown の読み込みに時間がかかりすぎます`,
      hint: '段落に分けるか、文字そのものとして書きたい箇所は \\[ \\* \\_ \\< のようにバックスラッシュを付けてください',
    }),
  },
});
