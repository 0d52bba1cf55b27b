import { defineRules } from './types.js';

/** Rules about Markdown records and Markdown in texts. */
export const markdownRules = defineRules({
  'markdown-too-deep': {
    severity: 'error',
    docs: 'format.md#limits',
    en: (limit: number) => ({
      message: `the Markdown is nested more than ${limit} levels deep (quotes, lists or emphasis)`,
      hint: 'notices need only a few levels; check the indentation, the ">" and the "*" or "_" markers',
    }),
    ja: (limit: number) => ({
      message: `Markdown の入れ子（引用・箇条書き・強調）が ${limit} 段を超えています`,
      hint: '告知に必要なのは数段までです。インデントや「>」「*」「_」の記号を確かめてください',
    }),
  },
});
