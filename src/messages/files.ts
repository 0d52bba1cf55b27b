import { defineRules, type MessageText } from './types.js';

/** Why a content file's bytes cannot be read as text. */
export type EncodingProblem = 'utf-16' | 'nul-utf-16' | 'nul' | 'not-utf-8';

const SAVE_EN = 'save the file as UTF-8 in your editor';
const SAVE_JA = 'エディターでファイルを UTF-8 で保存し直してください';

/** `U+0007`: how a character code is written in messages. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const text = (message: string, hint?: string): MessageText => (hint === undefined ? { message } : { message, hint });

/** Rules about content files as files: size, encoding, characters. */
export const fileRules = defineRules({
  encoding: {
    severity: 'error',
    docs: 'format.md#which-files-are-read',
    en: (problem: EncodingProblem) =>
      text(
        problem === 'utf-16'
          ? 'the file is UTF-16, but content files must be UTF-8'
          : problem === 'nul-utf-16'
            ? 'the file contains NUL characters: it looks like UTF-16 without a byte order mark, but content files must be UTF-8'
            : problem === 'nul'
              ? 'the file contains a NUL character, so it is not a text file'
              : 'the file is not valid UTF-8 (it may be Shift_JIS or another legacy encoding)',
        SAVE_EN,
      ),
    ja: (problem: EncodingProblem) =>
      text(
        problem === 'utf-16'
          ? 'ファイルが UTF-16 です。content のファイルは UTF-8 で保存します'
          : problem === 'nul-utf-16'
            ? 'ファイルに NUL 文字があります。BOM のない UTF-16 のようですが、content のファイルは UTF-8 で保存します'
            : problem === 'nul'
              ? 'ファイルに NUL 文字があるため、テキスト ファイルではありません'
              : 'ファイルが UTF-8 として読めません（Shift_JIS などの古い文字コードかもしれません）',
        SAVE_JA,
      ),
  },
  'empty-file': {
    severity: 'error',
    docs: 'format.md#diagnostics',
    en: () => text('the file is empty', 'write a record in it or delete it'),
    ja: () => text('ファイルが空です', '記録を書くか、ファイルを消してください'),
  },
  'file-too-large': {
    severity: 'error',
    docs: 'format.md#limits',
    en: (facts: { size: string; limit: string }) => text(`the file is ${facts.size}, over the limit of ${facts.limit} for one content file`, 'split the record or move large material out of content/'),
    ja: (facts: { size: string; limit: string }) => text(`ファイルが ${facts.size} あり、content のファイル 1 つの上限 ${facts.limit} を超えています`, '記録を分けるか、大きな資料を content/ の外へ移してください'),
  },
  'invalid-character': {
    severity: 'error',
    docs: 'format.md#which-files-are-read',
    en: (code: number) => text(`the text contains the character ${codePointName(code)}, which pages cannot show`, 'delete it: such characters usually come with a paste from a terminal, a PDF or another program'),
    ja: (code: number) => text(`文章にページで表示できない文字 ${codePointName(code)} が入っています`, 'この文字を消してください。端末や PDF などからの貼り付けで紛れ込むことがよくあります'),
  },
});
