import { defineRules } from './types.js';

/** A language's name, as each message language writes it. */
const LANGUAGE_NAMES = { en: { ja: 'Japanese', en: 'English' }, ja: { ja: '日本語', en: '英語' } } as const;

/** Where a placeholder text sits: an incident-level field, or a field of the update at `at` (as written). */
export interface PlaceholderPlace {
  /** Record key, e.g. `title` or `current_status`. */
  field: string;
  /** The text's language. */
  language: 'ja' | 'en';
  /** The update's time as written, when the field belongs to an update. */
  at?: string;
}

/** Rules about what a writer leaves behind: placeholders, and facts that contradict each other. */
export const writerRules = defineRules({
  placeholder: {
    severity: 'warning',
    docs: 'format.md#placeholders',
    en: (place: PlaceholderPlace) => ({
      message: `the ${LANGUAGE_NAMES.en[place.language]} ${place.field}${place.at ? ` of the update at ${place.at}` : ''} is still a "TODO:" placeholder`,
      hint: 'write the text or delete the line; until then readers see the other language with a note, never the placeholder',
    }),
    ja: (place: PlaceholderPlace) => ({
      message: `${place.at ? `${place.at} の更新の` : ''}${place.field}（${LANGUAGE_NAMES.ja[place.language]}）が「TODO:」の仮の文のままです`,
      hint: '本文を書くか、その行を消してください。それまで読者には仮の文ではなく、もう一方の言語が注記付きで表示されます',
    }),
  },
  'update-before-start': {
    severity: 'warning',
    docs: 'format.md#contradicting-times',
    en: (at: string, start: string) => ({
      message: `the update at ${at} is before the incident's start (${start})`,
      hint: 'check the date and the zone of both times; if the notice really says so, move start back to the first update',
    }),
    ja: (at: string, start: string) => ({
      message: `${at} の更新が、障害の開始（${start}）より前になっています`,
      hint: '両方の日付とタイムゾーンを確かめてください。告知どおりなら、start を最初の更新の時刻まで早めてください',
    }),
  },
  'published-after-update': {
    severity: 'warning',
    docs: 'format.md#contradicting-times',
    en: (published: string, newest: string) => ({
      message: `published (${published}) is after the newest update (${newest})`,
      hint: 'feeds, the API and search engines then give published as the last modification too; check the date and the zone',
    }),
    ja: (published: string, newest: string) => ({
      message: `published（${published}）が最新の更新（${newest}）より後になっています`,
      hint: 'この場合、フィードや API、検索エンジン向けの最終更新日時も published になります。日付とタイムゾーンを確かめてください',
    }),
  },
});
