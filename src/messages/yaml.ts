import { defineRules, type MessageText } from './types.js';

/**
 * What is wrong with a YAML text. The parser's own wording (`parser`) is kept for the rare cases;
 * the slips writers actually make get a message of their own.
 */
export type YamlProblem =
  | { kind: 'parser'; code: string; detail: string }
  | { kind: 'unclosed-front-matter' }
  | { kind: 'import-record'; detail: string }
  | { kind: 'tab-indent' }
  | { kind: 'full-width-colon'; key: string }
  | { kind: 'full-width-space' }
  | { kind: 'colon-in-value'; key: string; value: string };

const PARSER_HINTS_EN: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a map; remove or rename one of them',
  BAD_INDENT: 'check the indentation: nested keys use spaces, never tabs',
  MISSING_CHAR: 'check the indentation: nested keys use spaces, never tabs',
  TAB_AS_INDENT: 'YAML indentation must use spaces, not tabs',
  MULTILINE_IMPLICIT_KEY: 'a value containing ": " must be quoted',
  BLOCK_AS_IMPLICIT_KEY: 'a value containing ": " must be quoted',
};

/** What each parser error means, said for a writer (the parser's English is about its grammar). */
const PARSER_MESSAGES_JA: Record<string, MessageText> = {
  DUPLICATE_KEY: { message: '同じマップの中に同じキーが 2 回あります', hint: 'キーは 1 つのマップに 1 回だけ書けます。どちらかを消すか、名前を変えてください' },
  BAD_INDENT: { message: 'インデント（行頭の空白）の深さが前後の行と合いません', hint: 'インデントを確かめてください。入れ子のキーは半角スペースで字下げします（タブは使えません）' },
  MISSING_CHAR: { message: '閉じるはずの記号（引用符やかっこ）が見つかりません', hint: '引用符「"」やかっこ「[ ]」「{ }」が閉じているか、インデントが合っているかを確かめてください' },
  TAB_AS_INDENT: { message: 'インデントにタブが使われています', hint: 'YAML のインデントは半角スペースだけです' },
  MULTILINE_IMPLICIT_KEY: { message: 'キーとして読める行が途中で切れています（「: 」が見つかりません）', hint: '「キー: 値」の形になっているか、値に「: 」が入っていれば引用符で囲んでいるかを確かめてください' },
  BLOCK_AS_IMPLICIT_KEY: { message: '1 行の中にキーが 2 つあるように読めます', hint: '値に「: 」（コロンと空白）が入っているなら、値全体を引用符で囲んでください' },
  BAD_DQ_ESCAPE: { message: '"…" の中の「\\」の使い方が正しくありません', hint: '「\\」そのものを書くには「\\\\」と書くか、引用符を「\'…\'」にしてください' },
  BAD_SCALAR_START: { message: 'この位置では値をこの記号で始められません', hint: '値が「@」「`」「%」などの記号で始まるときは、値全体を引用符で囲んでください' },
  UNEXPECTED_TOKEN: { message: 'ここには書けない記号があります', hint: '引用符やかっこの対応と、前の行の書き方を確かめてください' },
  MULTIPLE_DOCS: { message: '1 つのファイルに YAML の文書が 2 つ以上あります（「---」の行）', hint: '記録は 1 ファイルに 1 つです。途中の「---」を消してください' },
  BAD_ALIAS: { message: 'エイリアス（*名前）が指す先が見つかりません', hint: '「&名前」を先に書くか、値をそのまま書いてください' },
};

/** A value quoted the way YAML reads it back unchanged: double quotes unless the value has one. */
function quoted(value: string): string {
  return value.includes('"') ? `'${value.replace(/'/gu, "''")}'` : `"${value}"`;
}

/** Rules about YAML texts: records, configuration, front matter. */
export const yamlRules = defineRules({
  'yaml-syntax': {
    severity: 'error',
    docs: 'format.md#yaml-mistakes',
    en: (problem: YamlProblem): MessageText => {
      switch (problem.kind) {
        case 'unclosed-front-matter':
          return { message: 'the front matter starting here is never closed', hint: 'end it with a line containing only ---' };
        case 'import-record':
          return { message: `YAML syntax error: ${problem.detail}`, hint: 'fix the record (kokuchi check shows every problem), then import again' };
        case 'tab-indent':
          return { message: 'YAML syntax error: this line is indented with a tab (shown as →); YAML indents with spaces only', hint: 'replace the tab with spaces, as many as the lines around it use' };
        case 'full-width-colon':
          return { message: `YAML syntax error: "${problem.key}" is followed by a full-width colon "："; YAML needs a half-width colon ":"`, hint: `write it as ${problem.key}: followed by a space and the value` };
        case 'full-width-space':
          return { message: 'YAML syntax error: the indentation contains a full-width space (shown as □); YAML indents with half-width spaces only', hint: 'replace the full-width space with half-width spaces' };
        case 'colon-in-value':
          return { message: `YAML syntax error: the value of "${problem.key}" contains ": ", so YAML reads it as another key`, hint: `put the whole value in quotes: ${problem.key}: ${quoted(problem.value)}` };
        default: {
          const hint = PARSER_HINTS_EN[problem.code];
          return hint === undefined ? { message: `YAML syntax error: ${problem.detail}` } : { message: `YAML syntax error: ${problem.detail}`, hint };
        }
      }
    },
    ja: (problem: YamlProblem): MessageText => {
      switch (problem.kind) {
        case 'unclosed-front-matter':
          return { message: 'ここから始まるフロントマターが閉じられていません', hint: '「---」だけの行で終わらせてください' };
        case 'import-record':
          return { message: `既存の記録の YAML に誤りがあります（${problem.detail}）`, hint: '記録を直してから（kokuchi check ですべての問題が分かります）、もう一度取り込んでください' };
        case 'tab-indent':
          return { message: 'この行のインデントにタブ（→ で表示）が使われています。YAML のインデントは半角スペースだけです', hint: 'タブを半角スペースに置き換えてください（前後の行と同じ数）' };
        case 'full-width-colon':
          return { message: `「${problem.key}」の後ろのコロンが全角の「：」です。YAML では半角の「:」で区切ります`, hint: `「${problem.key}: 」のように、半角のコロンと半角スペースで書いてください` };
        case 'full-width-space':
          return { message: 'インデントに全角スペース（□ で表示）が入っています。YAML のインデントは半角スペースだけです', hint: '全角スペースを半角スペースに置き換えてください' };
        case 'colon-in-value':
          return { message: `「${problem.key}」の値に「: 」（コロンと空白）が入っているため、YAML が別のキーと読んでしまいます`, hint: `値全体を引用符で囲んでください: ${problem.key}: ${quoted(problem.value)}` };
        default:
          return PARSER_MESSAGES_JA[problem.code] ?? { message: `YAML の書き方に誤りがあります（${problem.detail}）`, hint: 'インデント、引用符、かっこの対応を確かめてください' };
      }
    },
  },
  'yaml-aliases': {
    severity: 'error',
    docs: 'format.md#limits',
    en: (detail: string) => ({ message: `the YAML could not be expanded: ${detail}`, hint: 'avoid aliases (*name) that expand into very large documents' }),
    ja: (detail: string) => ({ message: `YAML を展開できません（${detail}）`, hint: '非常に大きな文書に展開されるエイリアス（*名前）は使わないでください' }),
  },
  'yaml-too-deep': {
    severity: 'error',
    docs: 'format.md#limits',
    en: (facts: { limit: number; brackets: boolean }) => ({
      message: `the YAML is nested more than ${facts.limit} levels deep`,
      hint: facts.brackets ? 'records need only a few levels; check the brackets' : 'records need only a few levels; check the indentation',
    }),
    ja: (facts: { limit: number; brackets: boolean }) => ({
      message: `YAML の入れ子が ${facts.limit} 段を超えています`,
      hint: facts.brackets ? '記録に必要なのは数段までです。かっこの対応を確かめてください' : '記録に必要なのは数段までです。インデントを確かめてください',
    }),
  },
});
