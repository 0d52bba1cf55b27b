import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/messages/index.js';
import { parseTime } from '../../src/time.js';

const TOKYO = { primaryZone: 'Asia/Tokyo' };

/** The catalogue's message and hint for a time that fails, in both languages. */
function said(text: string, primaryZone = TOKYO.primaryZone) {
  const result = parseTime(text, { primaryZone });
  if (result.ok) throw new Error(`${text} was accepted as ${result.instant.iso}`);
  const problem = { message: result.message, ...(result.hint === undefined ? {} : { hint: result.hint }), ...(result.ja ? { ja: result.ja } : {}) };
  return { rule: result.rule, en: messageOf(result.rule, 'en', problem), ja: messageOf(result.rule, 'ja', problem) };
}

describe('time errors of the Japanese form, in both languages', () => {
  it('a wrong weekday', () => {
    expect(said('2021年11月25日(金) 21:33 JST')).toEqual({
      rule: 'time-weekday',
      en: { message: 'November 25, 2021 is a Thursday (木), not a Friday (金)', hint: 'fix the weekday or the date' },
      ja: { message: '2021 年 11 月 25 日は木曜日で、金曜日ではありません', hint: '曜日か日付を直してください' },
    });
    // Full-width, as an IME writes it: the same message.
    expect(said('２０２１年１１月２５日（金）　２１：３３　ＪＳＴ').ja.message).toBe('2021 年 11 月 25 日は木曜日で、金曜日ではありません');
  });

  it('neither a zone nor a UTC echo', () => {
    expect(said('2021年11月25日 21:33')).toEqual({
      rule: 'time-no-zone',
      en: { message: '"2021年11月25日 21:33" has no time zone', hint: 'write it with a zone, e.g. "2021年11月25日 21:33 JST", or add the UTC echo, e.g. "（UTC 12:33）"' },
      ja: {
        message: '「2021年11月25日 21:33」にタイムゾーンも UTC の併記もありません',
        hint: '「2021年11月25日 21:33 JST」のようにタイムゾーンを付けるか、「（UTC 12:33）」のように UTC の時刻を併記してください',
      },
    });
  });

  it('an echo that cannot be read', () => {
    expect(said('2021年11月25日 21:33（UTC 12時33分）')).toEqual({
      rule: 'time-format',
      en: { message: 'cannot read the UTC echo "(UTC 12時33分)"', hint: 'write the echo as "（UTC 12:33）" or "（UTC 11月24日 23:33）"' },
      ja: { message: 'UTC の併記「(UTC 12時33分)」を読めません', hint: '併記は「（UTC 12:33）」か「（UTC 11月24日 23:33）」の形で書きます' },
    });
  });

  it('an echo that disagrees with the local time', () => {
    expect(said('2021年11月25日 21:33 JST（UTC 13:33）')).toEqual({
      rule: 'time-echo',
      en: { message: 'the UTC echo should be UTC 12:33 (11月25日), not UTC 13:33', hint: '21:33 JST is 12:33 UTC; fix whichever of the two is wrong' },
      ja: { message: 'UTC の併記は UTC 13:33 ではなく UTC 12:33 (11月25日) のはずです', hint: '21:33 JST は UTC 12:33 です。間違っているほうを直してください' },
    });
    expect(said('2021年11月25日 21:33（UTC 11月25日 13:33）').ja.message).toBe('UTC の併記は UTC 11月25日 13:33 ではなく UTC 11月25日 12:33 のはずです');
  });

  it('an echo read in a primary zone that is not a zone', () => {
    expect(said('2021年11月25日 21:33（UTC 12:33）', 'Mars/Base')).toEqual({
      rule: 'time-unknown-zone',
      en: {
        message: 'the configured primary time zone "Mars/Base" is not a known IANA zone',
        hint: 'use JST, UTC, an offset such as +09:00, or an IANA zone name such as Asia/Tokyo or America/Los_Angeles',
      },
      ja: {
        message: '設定された主なタイムゾーン「Mars/Base」は IANA のタイムゾーン名として知られていません',
        hint: 'JST、UTC、+09:00 のような時差、または Asia/Tokyo や America/Los_Angeles のような IANA のタイムゾーン名を使います',
      },
    });
  });
});

describe('every time the parser refuses', () => {
  // One input per way of failing, in every form kokuchi reads.
  const refused = [
    '',
    '2021-11-25',
    'next tuesday',
    '2021-11-25 21:33',
    '2021-11-25 21:33 XST',
    '2021-11-25 21:33 +15:00',
    '2021-02-30 21:33 JST',
    '2021-13-01 21:33 JST',
    '2021-11-25 25:33 JST',
    '0999-01-01 00:00 UTC',
    '2021-03-14 02:30 America/Los_Angeles',
    'Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)',
    'Thursday, November 25, 2021, 9:33 PM',
    'Thursday, November 25, 2021, 9:33 PM (1:33 PM UTC)',
    'Thursday, November 25, 2021, 9:33 PM (12:33 XM UTC)',
    'Thursday, November 25, 2021, 13:33 PM (12:33 PM UTC)',
    'Thursday, Novembr 25, 2021, 9:33 PM (12:33 PM UTC)',
    '2021年11月25日(金) 21:33 JST',
    '2021年11月25日 21:33',
    '2021年11月25日 21:33（UTC 13:33）',
    '2021年11月25日 21:33（UTC 12時33分）',
    '2021年2月30日 21:33 JST',
    '2021年11月25日 25:33 JST',
    '2021年11月25日 21:33 XST',
  ];

  it.each(refused)('says %j in Japanese of its own, never the English reason in brackets', (text) => {
    const result = parseTime(text, TOKYO);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.ja, result.message).toBeDefined();
    const ja = said(text).ja;
    expect(ja.message).not.toContain(result.message);
    expect(ja.message).toMatch(/[ぁ-んァ-ヶ一-龠]/u);
  });
});
