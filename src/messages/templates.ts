import { defineRules, type MessageText } from './types.js';

/** Which template file is missing. */
export type MissingTemplate =
  | { kind: 'folder'; folder: string }
  | { kind: 'base-layout' }
  | { kind: 'stylesheet' }
  | { kind: 'page'; template: string };

const text = (message: string, hint?: string): MessageText => (hint === undefined ? { message } : { message, hint });

/** Rules about the templates folder: layouts, pages, UI strings, assets, and the search index built with them. */
export const templateRules = defineRules({
  'missing-template': {
    severity: 'error',
    docs: 'templates.md#how-the-folder-is-organised',
    en: (facts: MissingTemplate) => {
      switch (facts.kind) {
        case 'folder':
          return text(`the templates folder ${facts.folder} cannot be read`, 'pass --templates DIR or restore templates/');
        case 'base-layout':
          return text('the base layout is missing', "every page is wrapped in layouts/base.hbs; restore it from kokuchi's templates/");
        case 'stylesheet':
          return text('the stylesheet assets/site.css is missing');
        default:
          return text(`the template ${facts.template}.hbs is missing`);
      }
    },
    ja: (facts: MissingTemplate) => {
      switch (facts.kind) {
        case 'folder':
          return text(`テンプレートのフォルダー ${facts.folder} を読めません`, '--templates DIR で指定するか、templates/ を元に戻してください');
        case 'base-layout':
          return text('基本のレイアウトがありません', 'すべてのページは layouts/base.hbs で囲まれます。kokuchi の templates/ から戻してください');
        case 'stylesheet':
          return text('スタイルシート assets/site.css がありません');
        default:
          return text(`テンプレート ${facts.template}.hbs がありません`);
      }
    },
  },
  'template-syntax': {
    severity: 'error',
    docs: 'templates.md#strict-mode',
    en: (detail: string) => text(`template syntax error: ${detail}`),
    ja: (detail: string) => text(`テンプレートの書き方に誤りがあります（${detail}）`, '{{ }} の対応と、{{#if}} などのブロックが閉じているかを確かめてください'),
  },
  'template-render': {
    severity: 'error',
    docs: 'templates.md#strict-mode',
    en: (detail: string) => text(detail, 'templates may only use what the view model provides (see docs/templates.md)'),
    ja: (detail: string) => text(`テンプレートがページを作れません（${detail}）`, 'テンプレートで使えるのはビュー モデルにある値だけです（docs/templates.md）'),
  },
  'missing-locale': {
    severity: 'error',
    docs: 'templates.md#ui-strings',
    en: (facts: { language: string; file: string }) => text(`the UI strings for ${facts.language} are missing`, `create ${facts.file} (copy the other language's file and translate it)`),
    ja: (facts: { language: string; file: string }) => text(`${facts.language} の UI 文字列がありません`, `${facts.file} を作ってください（もう一方の言語のファイルをコピーして翻訳します）`),
  },
  'locale-syntax': {
    severity: 'error',
    docs: 'templates.md#ui-strings',
    en: (detail: string) => text(`the UI strings are not valid JSON: ${detail}`),
    ja: (detail: string) => text(`UI 文字列のファイルが JSON として正しくありません（${detail}）`),
  },
  'missing-ui-string': {
    severity: 'error',
    docs: 'templates.md#ui-strings',
    en: (facts: { name: string; file: string }) => text(`the UI string "${facts.name}" is missing`, `add it to ${facts.file}`),
    ja: (facts: { name: string; file: string }) => text(`UI 文字列「${facts.name}」がありません`, `${facts.file} に追加してください`),
  },
  'search-index': {
    severity: 'error',
    docs: 'cli.md#kokuchi-build',
    en: (detail: string) => text(`the search index could not be built: ${detail}`, 'Pagefind ships a binary per platform (@pagefind/<platform>); reinstall dependencies with npm ci on this machine'),
    ja: (detail: string) => text(`検索インデックスを作れません（${detail}）`, 'Pagefind は環境ごとのバイナリ（@pagefind/<platform>）を使います。この環境で npm ci をやり直してください'),
  },
});
