import { describeFound, type FoundValue } from './content.js';
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

/** A time key whose value is not text at all (`at: 2021`). */
export interface TimeNotText {
  kind: 'not-text';
  /** `updates[0].at` */
  name: string;
  found: FoundValue;
}

const en = (problem: TimeProblem): MessageText => (problem.hint === undefined ? { message: problem.message } : { message: problem.message, hint: problem.hint });
const ja = (fallback: string) => (problem: TimeProblem): MessageText =>
  problem.ja ?? { message: `${fallback}（${problem.message}）`, hint: '書ける形は docs/format.md#accepted-forms にあります' };
const isNotText = (problem: TimeProblem | TimeNotText): problem is TimeNotText => 'kind' in problem && problem.kind === 'not-text';

/** Rules about times written in records (src/time.ts reads them). */
export const timeRules = defineRules({
  'time-format': {
    severity: 'error',
    docs: 'format.md#time-errors',
    en: (problem: TimeProblem | TimeNotText): MessageText =>
      isNotText(problem)
        ? { message: `${problem.name} must be a time written as text with a zone, not ${describeFound(problem.found, 'en')}`, hint: 'quote it and add a zone, e.g. "2021-11-25 21:33 JST"' }
        : en(problem),
    ja: (problem: TimeProblem | TimeNotText): MessageText =>
      isNotText(problem)
        ? { message: `${problem.name} は時刻をタイムゾーン付きの文字列で書きます。${describeFound(problem.found, 'ja')}は使えません`, hint: '引用符で囲み、タイムゾーンを付けてください（例: "2021-11-25 21:33 JST"）' }
        : ja('時刻として読めません')(problem),
  },
  'time-no-zone': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('時刻にタイムゾーンがありません') },
  'time-invalid-date': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('存在しない日付か時刻です') },
  'time-unknown-zone': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('タイムゾーンが分かりません') },
  'time-weekday': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('曜日が日付と合いません') },
  'time-echo': { severity: 'error', docs: 'format.md#time-errors', en, ja: ja('UTC の併記が現地時刻と合いません') },
});
