import { defineRules, type MessageText } from './types.js';

/**
 * A time that could not be read, as src/time.ts describes it: the English text and, when it has one,
 * the Japanese (the parser words each case itself because the facts differ for every form).
 */
export interface TimeProblem {
  message: string;
  hint?: string;
  ja?: MessageText;
}

const en = (problem: TimeProblem): MessageText => (problem.hint === undefined ? { message: problem.message } : { message: problem.message, hint: problem.hint });
const ja = (fallback: string) => (problem: TimeProblem): MessageText =>
  problem.ja ?? { message: `${fallback}（${problem.message}）`, hint: '書ける形は docs/format.md#accepted-forms にあります' };

/** Rules about times written in records (src/time.ts reads them). */
export const timeRules = defineRules({
  'time-format': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('時刻として読めません') },
  'time-no-zone': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('時刻にタイムゾーンがありません') },
  'time-invalid-date': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('存在しない日付か時刻です') },
  'time-unknown-zone': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('タイムゾーンが分かりません') },
  'time-weekday': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('曜日が日付と合いません') },
  'time-echo': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('UTC の併記が現地時刻と合いません') },
});
