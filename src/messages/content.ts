import { defineRules } from './types.js';

/** Why an id cannot be used. */
export type IdProblem =
  | { kind: 'pattern'; id: string }
  | { kind: 'length'; length: number; limit: number }
  | { kind: 'reserved'; id: string };

/** Rules about incident records: ids, keys, times, statuses, texts. */
export const contentRules = defineRules({
  'bad-id': {
    severity: 'error',
    docs: 'format.md#ids',
    en: (problem: IdProblem) => ({
      message:
        problem.kind === 'pattern'
          ? `"${problem.id}" is not a valid id`
          : problem.kind === 'length'
            ? `the id is ${problem.length} characters long, over the limit of ${problem.limit}`
            : `"${problem.id}" is a reserved device name on Windows and cannot be an id`,
      hint: 'an id starts with a letter or digit and has only A–Z, a–z, 0–9, "_" and "-", e.g. EX300267',
    }),
    ja: (problem: IdProblem) => ({
      message:
        problem.kind === 'pattern'
          ? `「${problem.id}」は ID として使えません`
          : problem.kind === 'length'
            ? `ID が ${problem.length} 文字あり、上限の ${problem.limit} 文字を超えています`
            : `「${problem.id}」は Windows の予約デバイス名のため ID にできません`,
      hint: 'ID は英字か数字で始め、A–Z・a–z・0–9・「_」・「-」だけを使います（例: EX300267）',
    }),
  },
});
