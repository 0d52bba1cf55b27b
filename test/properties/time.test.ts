import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInputTime, formatInstant, isoInstant, parseTime } from '../../src/time.js';

/**
 * Properties of the time grammar, beyond the round trip of formatInputTime in test/time.test.ts: every
 * input form is written here independently (with luxon), so a formatter and a parser that agree on a
 * mistake cannot hide it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TOKYO = { primaryZone: 'Asia/Tokyo' };

/** Instants to the minute from 1971 to 2099, with the moments where dates and years turn over in Tokyo or UTC weighted in. */
const minuteInstant = fc.oneof(
  fc.integer({ min: Date.UTC(1971, 0, 1) / MINUTE, max: Date.UTC(2099, 11, 31) / MINUTE }).map((minutes) => minutes * MINUTE),
  fc
    .record({ year: fc.integer({ min: 1971, max: 2099 }), month: fc.constantFrom(0, 1, 2, 11), day: fc.constantFrom(1, 28, 29, 31), hour: fc.constantFrom(14, 15, 23, 0), minute: fc.constantFrom(0, 1, 59) })
    .map(({ year, month, day, hour, minute }) => Date.UTC(year, month, day, hour, minute)),
);
const secondInstant = fc.integer({ min: Date.UTC(1971, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }).map((seconds) => seconds * 1000);

function parsed(text: string, zone = TOKYO): number | string {
  const result = parseTime(text, zone);
  return result.ok ? result.instant.epochMs : `${result.rule}: ${result.message}`;
}

const utcOf = (epochMs: number) => DateTime.fromMillis(epochMs, { zone: 'UTC' });
const tokyoOf = (epochMs: number) => DateTime.fromMillis(epochMs, { zone: 'Asia/Tokyo' });

describe('every instant written in an accepted form parses back to itself', () => {
  it('as ISO 8601 with Z, with and without seconds', () => {
    fc.assert(
      fc.property(minuteInstant, (t) => {
        expect(parsed(isoInstant(t))).toBe(t);
        expect(parsed(utcOf(t).toFormat("yyyy-MM-dd'T'HH:mm'Z'"))).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('as ISO 8601 with any offset from -12:00 to +14:00', () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: -48, max: 56 }), (t, quarters) => {
        const local = DateTime.fromMillis(t, { zone: `UTC${quarters < 0 ? '-' : '+'}${Math.floor(Math.abs(quarters) / 4)}:${String((Math.abs(quarters) % 4) * 15).padStart(2, '0')}` });
        expect(parsed(local.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"))).toBe(t);
        expect(parsed(local.toFormat("yyyy-MM-dd'T'HH:mmZZ"))).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('as YYYY-MM-DD HH:mm with JST, UTC, GMT, Z or a numeric offset, and with seconds', () => {
    fc.assert(
      fc.property(minuteInstant, secondInstant, (t, s) => {
        expect(parsed(`${tokyoOf(t).toFormat('yyyy-MM-dd HH:mm')} JST`)).toBe(t);
        expect(parsed(`${tokyoOf(t).toFormat('yyyy-MM-dd HH:mm')} +09:00`)).toBe(t);
        for (const zone of ['UTC', 'GMT', 'Z', '+00:00']) expect(parsed(`${utcOf(t).toFormat('yyyy-MM-dd HH:mm')} ${zone}`)).toBe(t);
        expect(parsed(`${tokyoOf(s).toFormat('yyyy-MM-dd HH:mm:ss')} JST`)).toBe(s);
        expect(parsed(`${utcOf(s).toFormat('yyyy-MM-dd HH:mm:ss')} UTC`)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('as YYYY-MM-DD HH:mm with an IANA zone, DST included (an ambiguous wall time gives one of its instants)', () => {
    const zones = ['Asia/Tokyo', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];
    fc.assert(
      fc.property(minuteInstant, fc.constantFrom(...zones), (t, zone) => {
        const local = DateTime.fromMillis(t, { zone });
        const text = `${local.toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
        const result = parsed(text);
        expect(typeof result, text).toBe('number');
        const ambiguous = local.offset !== local.minus({ hours: 3 }).offset || local.offset !== local.plus({ hours: 3 }).offset;
        if (!ambiguous) expect(result, text).toBe(t);
        else expect(DateTime.fromMillis(result as number, { zone }).toFormat('yyyy-MM-dd HH:mm'), text).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
      }),
      { numRuns: 400 },
    );
  });

  it('in the official notice style, with the UTC echo as a time, a month and day, or a numeric date', () => {
    fc.assert(
      fc.property(minuteInstant, (t) => {
        const local = tokyoOf(t);
        const utc = utcOf(t);
        const head = local.setLocale('en-US').toFormat('cccc, LLLL d, yyyy, h:mm a');
        const sameDay = local.toISODate() === utc.toISODate();
        const time = utc.setLocale('en-US').toFormat('h:mm a');
        const echoes = sameDay ? [`${time} UTC`] : [`${utc.setLocale('en-US').toFormat('MM/dd/yyyy')}, ${time} UTC`, `${utc.setLocale('en-US').toFormat('LLLL d')}, ${time} UTC`];
        for (const echo of echoes) expect(parsed(`${head} (${echo})`), `${head} (${echo})`).toBe(t);
        const utcOnly = `${utc.setLocale('en-US').toFormat('cccc, LLLL d, yyyy')}, at ${time} UTC`;
        expect(parsed(utcOnly), utcOnly).toBe(t);
      }),
      { numRuns: 400 },
    );
  });

  it('in the official notice style, and refuses it when the echo is off by any whole number of minutes', () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 1, max: 24 * 60 - 1 }), (t, shift) => {
        const local = tokyoOf(t);
        const echo = utcOf(t + shift * MINUTE);
        const text = `${local.setLocale('en-US').toFormat('cccc, LLLL d, yyyy, h:mm a')} (${echo.setLocale('en-US').toFormat('MM/dd/yyyy, h:mm a')} UTC)`;
        const result = parseTime(text, TOKYO);
        expect(result.ok, text).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

/** A wall-clock reading as epoch milliseconds of the same numbers in UTC, so that two readings can be subtracted. */
const wall = (year: number, month: number, day: number, hour: number, minute: number) => Date.UTC(year, month - 1, day, hour, minute);
const hour24 = (hour: number, meridiem: string) => (hour % 12) + (meridiem === 'PM' ? 12 : 0);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];


describe('the JST and UTC renderings of one instant', () => {
  it('differ by exactly nine hours of wall time, in English and Japanese, with the right weekday', () => {
    // The echo names the UTC date when it differs, and its year when that differs too.
    const en = /^(\w+), (\w+) (\d+), (\d{4}), (\d+):(\d\d) (AM|PM) JST \((?:(\w+) (\d+), (?:(\d{4}), )?)?(\d+):(\d\d) (AM|PM) UTC\)$/u;
    const ja = /^(\d{4})年(\d+)月(\d+)日（(.)）(\d+):(\d\d) JST（UTC (?:(?:(\d{4})年)?(\d+)月(\d+)日 )?(\d+):(\d\d)）$/u;
    fc.assert(
      fc.property(minuteInstant, (t) => {
        const english = formatInstant(t, 'en');
        const e = en.exec(english);
        expect(e, english).not.toBeNull();
        const [, weekday, monthName, day, year, hour, minute, meridiem, echoMonthName, echoDay, echoYear, echoHour, echoMinute, echoMeridiem] = e!;
        const month = MONTHS.indexOf(monthName!) + 1;
        const jst = wall(+year!, month, +day!, hour24(+hour!, meridiem!), +minute!);
        const echoMonth = echoMonthName ? MONTHS.indexOf(echoMonthName) + 1 : month;
        const utc = wall(echoYear ? +echoYear : +year!, echoMonth, echoDay ? +echoDay : +day!, hour24(+echoHour!, echoMeridiem!), +echoMinute!);
        expect(jst - utc, english).toBe(9 * HOUR);
        expect(weekday, english).toBe(tokyoOf(t).setLocale('en-US').toFormat('cccc'));

        const japanese = formatInstant(t, 'ja');
        const j = ja.exec(japanese);
        expect(j, japanese).not.toBeNull();
        const [, jYear, jMonth, jDay, jWeekday, jHour, jMinute, jEchoYear, jEchoMonth, jEchoDay, jEchoHour, jEchoMinute] = j!;
        const jJst = wall(+jYear!, +jMonth!, +jDay!, +jHour!, +jMinute!);
        const jUtc = wall(jEchoYear ? +jEchoYear : +jYear!, jEchoMonth ? +jEchoMonth : +jMonth!, jEchoDay ? +jEchoDay : +jDay!, +jEchoHour!, +jEchoMinute!);
        expect(jJst - jUtc, japanese).toBe(9 * HOUR);
        expect(jWeekday, japanese).toBe('日月火水木金土'[new Date(jJst).getUTCDay()]);
        expect(jJst, 'the Japanese and English JST readings agree').toBe(jst);
      }),
      { numRuns: 500 },
    );
  });

  it('as input times also differ by exactly nine hours', () => {
    const input = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d) (JST|UTC)$/u;
    fc.assert(
      fc.property(minuteInstant, (t) => {
        const [jst, utc] = [formatInputTime(t, 'Asia/Tokyo'), formatInputTime(t, 'UTC')].map((text) => {
          const match = input.exec(text);
          expect(match, text).not.toBeNull();
          return wall(+match![1]!, +match![2]!, +match![3]!, +match![4]!, +match![5]!);
        });
        expect(jst! - utc!).toBe(9 * HOUR);
      }),
      { numRuns: 300 },
    );
  });
});
