import { defineRules } from './types.js';

/** Rules of `kokuchi dev` itself. */
export const devRules = defineRules({
  'internal-error': {
    severity: 'error',
    docs: 'cli.md#kokuchi-dev',
    en: (detail: string) => ({
      message: `the background renderer crashed (a bug in kokuchi): ${detail}`,
      hint: 'restart kokuchi dev, and please report the bug with the message printed in the terminal',
    }),
    ja: (detail: string) => ({
      message: `裏でページを作る処理が止まりました（kokuchi の不具合です）: ${detail}`,
      hint: 'kokuchi dev を起動し直してください。端末に出たメッセージを添えて不具合を報告していただけると助かります',
    }),
  },
});
