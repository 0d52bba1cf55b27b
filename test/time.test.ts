import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatDate,
  formatDuration,
  formatInputTime,
  formatInstant,
  instantFromEpoch,
  isoInstant,
  parseTime,
  zoneAbbreviation,
  type TimeParseResult,
  type TimeRule,
} from '../src/time.js';

const TOKYO = { primaryZone: 'Asia/Tokyo' };
const ms = (iso: string): number => Date.parse(iso);

function parsedIso(text: string, primaryZone = 'Asia/Tokyo'): string {
  const result = parseTime(text, { primaryZone });
  if (!result.ok) throw new Error(`expected "${text}" to parse, got ${result.rule}: ${result.message}`);
  return result.instant.iso;
}

function failure(text: string, primaryZone = 'Asia/Tokyo'): Extract<TimeParseResult, { ok: false }> {
  const result = parseTime(text, { primaryZone });
  if (result.ok) throw new Error(`expected "${text}" to fail, got ${result.instant.iso}`);
  return result;
}

describe('parseTime accepts', () => {
  it.each([
    // ISO 8601 with offset or Z
    ['2021-11-25T21:33+09:00', '2021-11-25T12:33:00Z'],
    ['2021-11-25T12:33:00Z', '2021-11-25T12:33:00Z'],
    ['2021-11-25T12:33Z', '2021-11-25T12:33:00Z'],
    ['2021-11-25T21:33:45+09:00', '2021-11-25T12:33:45Z'],
    ['2021-11-25T12:33:00.250Z', '2021-11-25T12:33:00.250Z'],
    ['2021-11-25T12:33:00.5Z', '2021-11-25T12:33:00.500Z'],
    ['2021-11-25T12:33:00.123456789Z', '2021-11-25T12:33:00.123Z'],
    ['2021-11-25T07:33-05:00', '2021-11-25T12:33:00Z'],
    ['2021-11-25T18:03+05:30', '2021-11-25T12:33:00Z'],
    ['2021-11-25T21:33+0900', '2021-11-25T12:33:00Z'],
    // Space form with a zone word, offset or IANA name
    ['2021-11-25 21:33 JST', '2021-11-25T12:33:00Z'],
    ['2021-11-25 21:33:15 JST', '2021-11-25T12:33:15Z'],
    ['2021-11-25 12:33 UTC', '2021-11-25T12:33:00Z'],
    ['2021-11-25 12:33 GMT', '2021-11-25T12:33:00Z'],
    ['2021-11-25 12:33 Z', '2021-11-25T12:33:00Z'],
    ['2021-11-25 21:33 +09:00', '2021-11-25T12:33:00Z'],
    ['2021-11-25 21:33 +0900', '2021-11-25T12:33:00Z'],
    ['2021-11-25 21:33 Asia/Tokyo', '2021-11-25T12:33:00Z'],
    ['2021-11-25 04:33 America/Los_Angeles', '2021-11-25T12:33:00Z'],
    ['2021-11-25 12:33 Etc/UTC', '2021-11-25T12:33:00Z'],
    // Official notice style
    ['Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)', '2021-11-25T12:33:00Z'],
    ['Tuesday, November 30, 2021, 7:30 AM (11/29/2021, 10:30 PM UTC)', '2021-11-29T22:30:00Z'],
    ['Sunday, May 24, 2026, at 11:00 PM UTC', '2026-05-24T23:00:00Z'],
    ['Sunday, May 24, 2026, 11:00 PM UTC', '2026-05-24T23:00:00Z'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(parsedIso(text)).toBe(iso);
  });

  it.each([
    ['surrounding whitespace', '  2021-11-25 21:33 JST \n', '2021-11-25T12:33:00Z'],
    ['an unpadded month, day and hour', '2021-1-5 9:03 JST', '2021-01-05T00:03:00Z'],
    ['several spaces between the parts', '2021-11-25   21:33   JST', '2021-11-25T12:33:00Z'],
    ['lower-case zone words', '2021-11-25 21:33 jst', '2021-11-25T12:33:00Z'],
    ['a lower-case IANA name', '2021-11-25 21:33 asia/tokyo', '2021-11-25T12:33:00Z'],
    ['lower-case month and weekday names', 'thursday, november 25, 2021, 9:33 pm (12:33 pm utc)', '2021-11-25T12:33:00Z'],
    ['a.m./p.m. with dots', 'Thursday, November 25, 2021, 9:33 p.m. (12:33 P.M. UTC)', '2021-11-25T12:33:00Z'],
    ['no commas', 'Thursday November 25 2021 9:33 PM (12:33 PM UTC)', '2021-11-25T12:33:00Z'],
    ['"at" before the time', 'Thursday, November 25, 2021, at 9:33 PM (12:33 PM UTC)', '2021-11-25T12:33:00Z'],
    ['abbreviated names', 'Thu, Nov 25, 2021, 9:33 PM (12:33 PM UTC)', '2021-11-25T12:33:00Z'],
    ['12 AM as midnight', 'Friday, November 26, 2021, 12:15 AM (November 25, 3:15 PM UTC)', '2021-11-25T15:15:00Z'],
    ['12 PM as noon', 'Thursday, November 25, 2021, 12:00 PM (3:00 AM UTC)', '2021-11-25T03:00:00Z'],
    ['the echo with a month name and year', 'Saturday, January 1, 2022, 1:00 AM (December 31, 2021, 4:00 PM UTC)', '2021-12-31T16:00:00Z'],
    ['its own English output', 'Thursday, November 25, 2021, 9:33 PM JST (12:33 PM UTC)', '2021-11-25T12:33:00Z'],
    ['the leap day 2020-02-29', '2020-02-29 12:00 JST', '2020-02-29T03:00:00Z'],
    ['the last minute of a day', '2021-12-31 23:59 UTC', '2021-12-31T23:59:00Z'],
  ])('accepts %s', (_what, text, iso) => {
    expect(parsedIso(text)).toBe(iso);
  });

  it('keeps the written text (trimmed) as the source', () => {
    const result = parseTime('  2021-11-25 21:33 JST ', TOKYO);
    expect(result).toEqual({
      ok: true,
      instant: { epochMs: ms('2021-11-25T12:33:00Z'), iso: '2021-11-25T12:33:00Z', source: '2021-11-25 21:33 JST' },
    });
  });

  it('reads the official local part in the configured primary zone', () => {
    expect(parsedIso('Thursday, November 25, 2021, 4:33 AM (12:33 PM UTC)', 'America/Los_Angeles')).toBe(
      '2021-11-25T12:33:00Z',
    );
  });
});

describe('parseTime across the JST/UTC day boundary', () => {
  it('reads an early-morning JST time as the previous UTC day', () => {
    expect(parsedIso('2021-11-26 01:58 JST')).toBe('2021-11-25T16:58:00Z');
  });

  it('reads a late UTC time as the next JST day', () => {
    expect(parsedIso('2021-11-25 22:30 UTC')).toBe('2021-11-25T22:30:00Z');
    expect(formatDate(ms('2021-11-25T22:30:00Z'), 'en')).toBe('November 26, 2021');
  });

  it('accepts a time-only echo when the UTC date is the day before the local date', () => {
    expect(parsedIso('Friday, November 26, 2021, 1:58 AM (4:58 PM UTC)')).toBe('2021-11-25T16:58:00Z');
  });

  it('accepts a dated echo for the day before', () => {
    expect(parsedIso('Friday, November 26, 2021, 1:58 AM (11/25/2021, 4:58 PM UTC)')).toBe('2021-11-25T16:58:00Z');
  });
});

describe('parseTime with IANA zones and daylight saving time', () => {
  it('uses the standard offset before and the daylight offset after a DST change', () => {
    expect(parsedIso('2021-03-13 12:00 America/Los_Angeles')).toBe('2021-03-13T20:00:00Z'); // PST, -08:00
    expect(parsedIso('2021-03-15 12:00 America/Los_Angeles')).toBe('2021-03-15T19:00:00Z'); // PDT, -07:00
  });

  it('refuses a local time that the clocks skip', () => {
    const result = failure('2021-03-14 02:30 America/New_York');
    expect(result.rule).toBe('time-invalid-date');
    expect(result.message).toBe(
      '2021-03-14 02:30 does not exist in America/New_York (the clocks skip it for daylight saving time)',
    );
  });

  it('takes the earlier offset for a local time that occurs twice', () => {
    expect(parsedIso('2021-11-07 01:30 America/New_York')).toBe('2021-11-07T05:30:00Z'); // EDT
    expect(parsedIso('2021-11-07 01:30 -05:00')).toBe('2021-11-07T06:30:00Z'); // EST, written explicitly
  });
});

describe('parseTime refuses', () => {
  it.each<[string, string, TimeRule]>([
    ['an empty string', '', 'time-format'],
    ['whitespace only', '   ', 'time-format'],
    ['free text', 'tomorrow morning', 'time-format'],
    ['slashes in the numeric date', '2021/11/25 21:33 JST', 'time-format'],
    ['a Japanese date without a zone or an echo', '2021年11月25日 21:33', 'time-no-zone'],
    ['a single-digit minute', '2021-11-25 21:3 JST', 'time-format'],
    ['a date without a time', '2021-11-25', 'time-format'],
    ['trailing words after the zone', '2021-11-25 21:33 JST please', 'time-format'],
    ['an unreadable echo', 'Thursday, November 25, 2021, 9:33 PM (soon)', 'time-format'],
    ['an echo in a zone other than UTC', 'Thursday, November 25, 2021, 9:33 PM (9:33 PM JST)', 'time-format'],
    ['an unknown month name', 'Thursday, Novembre 25, 2021, 9:33 PM (12:33 PM UTC)', 'time-format'],
    ['ISO without an offset', '2021-11-25T21:33', 'time-no-zone'],
    ['ISO with seconds but no offset', '2021-11-25T21:33:00', 'time-no-zone'],
    ['a space form without a zone', '2021-11-25 21:33', 'time-no-zone'],
    ['the official style without the echo', 'Thursday, November 25, 2021, 9:33 PM', 'time-no-zone'],
    ['February 29 of a common year', '2021-02-29 12:00 JST', 'time-invalid-date'],
    ['month 13', '2021-13-01 12:00 JST', 'time-invalid-date'],
    ['day 0', '2021-11-00 12:00 JST', 'time-invalid-date'],
    ['April 31', '2021-04-31 12:00 UTC', 'time-invalid-date'],
    ['hour 24', '2021-11-25 24:00 JST', 'time-invalid-date'],
    ['minute 61', '2021-11-25 10:61 JST', 'time-invalid-date'],
    ['second 60', '2021-11-25T10:00:60Z', 'time-invalid-date'],
    ['13 PM', 'Thursday, November 25, 2021, 13:00 PM (4:00 AM UTC)', 'time-invalid-date'],
    ['0 AM', 'Thursday, November 25, 2021, 0:30 AM (3:30 PM UTC)', 'time-invalid-date'],
    ['an impossible official date', 'Monday, February 29, 2021, 9:00 AM (12:00 AM UTC)', 'time-invalid-date'],
    ['an impossible echo date', 'Tuesday, November 30, 2021, 7:30 AM (11/31/2021, 10:30 PM UTC)', 'time-invalid-date'],
    ['PST', '2021-11-25 04:33 PST', 'time-unknown-zone'],
    ['EST (a legacy IANA id)', '2021-11-25 07:33 EST', 'time-unknown-zone'],
    ['a made-up IANA name', '2021-11-25 21:33 Mars/Base', 'time-unknown-zone'],
    ['an offset beyond 14 hours', '2021-11-25 21:33 +15:00', 'time-unknown-zone'],
    ['an offset of 14 hours and some minutes', '2021-11-25 21:33 +14:59', 'time-unknown-zone'],
    ['year 0', '0000-11-25 21:33 JST', 'time-invalid-date'],
    ['a year before 1000', '0999-11-25 21:33 UTC', 'time-invalid-date'],
    ['an unknown zone in the official style', 'Thursday, November 25, 2021, 9:33 PM KST (12:33 PM UTC)', 'time-unknown-zone'],
    ['a wrong weekday', 'Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)', 'time-weekday'],
    ['a wrong echo', 'Thursday, November 25, 2021, 9:33 PM (1:33 PM UTC)', 'time-echo'],
  ])('%s', (_what, text, rule) => {
    const result = failure(text);
    expect(result.rule).toBe(rule);
    expect(result.message).not.toBe('');
  });

  it('says which weekday the date really is', () => {
    const result = failure('Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)');
    expect(result.message).toBe('November 25, 2021 is a Thursday, not a Friday');
  });

  it('checks the weekday of a UTC-only time', () => {
    const result = failure('Monday, May 24, 2026, at 11:00 PM UTC');
    expect(result).toMatchObject({ rule: 'time-weekday', message: 'May 24, 2026 is a Sunday, not a Monday' });
  });

  it('says what a time-only echo should be, with its UTC date', () => {
    const result = failure('Thursday, November 25, 2021, 9:33 PM (1:33 PM UTC)');
    expect(result.message).toBe('the UTC echo should be 12:33 PM UTC (November 25), not 1:33 PM UTC');
    expect(result.hint).toBe('9:33 PM JST is 12:33 PM UTC; fix whichever of the two is wrong');
  });

  it('refuses a time-only echo that implies the wrong UTC date', () => {
    // 1:58 AM JST on November 26 is 4:58 PM UTC on November 25; "4:58 AM" is half a day off.
    const result = failure('Friday, November 26, 2021, 1:58 AM (4:58 AM UTC)');
    expect(result.message).toBe('the UTC echo should be 4:58 PM UTC (November 25), not 4:58 AM UTC');
  });

  it('says what a dated echo should be, in the same style', () => {
    const result = failure('Tuesday, November 30, 2021, 7:30 AM (11/30/2021, 10:30 PM UTC)');
    expect(result).toMatchObject({
      rule: 'time-echo',
      message: 'the UTC echo should be 11/29/2021, 10:30 PM UTC, not 11/30/2021, 10:30 PM UTC',
    });
  });

  it('hints at the zone forms for an unknown zone, suggesting the IANA name for a known abbreviation', () => {
    const result = failure('2021-11-25 04:33 PST');
    expect(result.message).toBe('unknown time zone "PST"');
    expect(result.hint).toContain('JST');
    expect(result.hint).toContain('+09:00');
    expect(result.hint).toContain('America/Los_Angeles');
  });

  it('hints how to add a zone, using the written date and time', () => {
    const result = failure('2021-11-25T21:33');
    expect(result.message).toBe('"2021-11-25T21:33" has no time zone');
    expect(result.hint).toBe('write it with a zone, e.g. "2021-11-25 21:33 JST" or "2021-11-25T21:33+09:00"');
  });

  it('suggests the UTC echo for an official time without one, but does not assume it', () => {
    const result = failure('Thursday, November 25, 2021, 9:33 PM');
    expect(result.rule).toBe('time-no-zone');
    expect(result.hint).toContain('"Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)"');
  });

  it('hints at the accepted forms for unreadable text', () => {
    const result = failure('next Tuesday');
    expect(result.hint).toContain('2021-11-25 21:33 JST');
    expect(result.hint).toContain('2021-11-25T12:33:00Z');
  });

  it('never mentions a file position', () => {
    for (const text of ['', '2021-02-29 12:00 JST', '2021-11-25 21:33', 'x']) {
      expect(failure(text).message).not.toMatch(/line|column/i);
    }
  });
});

describe('formatInstant', () => {
  it.each([
    ['2021-11-25T12:33:00Z', 'en', 'Thursday, November 25, 2021, 9:33 PM JST (12:33 PM UTC)'],
    ['2021-11-25T12:33:00Z', 'ja', '2021年11月25日（木）21:33 JST（UTC 12:33）'],
    ['2021-11-25T16:58:00Z', 'en', 'Friday, November 26, 2021, 1:58 AM JST (November 25, 4:58 PM UTC)'],
    ['2021-11-25T16:58:00Z', 'ja', '2021年11月26日（金）1:58 JST（UTC 11月25日 16:58）'],
    ['2021-12-01T20:14:00Z', 'en', 'Thursday, December 2, 2021, 5:14 AM JST (December 1, 8:14 PM UTC)'],
    ['2021-12-01T20:14:00Z', 'ja', '2021年12月2日（木）5:14 JST（UTC 12月1日 20:14）'],
    ['2021-12-31T16:00:00Z', 'en', 'Saturday, January 1, 2022, 1:00 AM JST (December 31, 2021, 4:00 PM UTC)'],
    ['2021-12-31T16:00:00Z', 'ja', '2022年1月1日（土）1:00 JST（UTC 2021年12月31日 16:00）'],
    ['2021-11-24T15:00:00Z', 'en', 'Thursday, November 25, 2021, 12:00 AM JST (November 24, 3:00 PM UTC)'],
    ['2021-11-24T15:00:00Z', 'ja', '2021年11月25日（木）0:00 JST（UTC 11月24日 15:00）'],
    ['2021-11-25T03:00:00Z', 'en', 'Thursday, November 25, 2021, 12:00 PM JST (3:00 AM UTC)'],
  ] as const)('shows %s in %s as "%s"', (iso, lang, expected) => {
    expect(formatInstant(ms(iso), lang)).toBe(expected);
  });

  it('gives the same text from the cache', () => {
    const t = ms('2021-11-25T12:33:00Z');
    expect(formatInstant(t, 'ja')).toBe(formatInstant(t, 'ja'));
  });

  it('omits the echo when both zones are the same', () => {
    const t = ms('2021-11-25T12:33:00Z');
    expect(formatInstant(t, 'en', { primary: 'UTC', secondary: 'Etc/UTC' })).toBe(
      'Thursday, November 25, 2021, 12:33 PM UTC',
    );
    expect(formatInstant(t, 'ja', { primary: 'Asia/Tokyo', secondary: 'Asia/Tokyo' })).toBe(
      '2021年11月25日（木）21:33 JST',
    );
  });

  it('labels other zones with their en-US short name at that instant', () => {
    const zones = { primary: 'America/Los_Angeles', secondary: 'UTC' };
    expect(formatInstant(ms('2021-03-13T20:00:00Z'), 'en', zones)).toBe(
      'Saturday, March 13, 2021, 12:00 PM PST (8:00 PM UTC)',
    );
    expect(formatInstant(ms('2021-03-15T19:00:00Z'), 'en', zones)).toBe(
      'Monday, March 15, 2021, 12:00 PM PDT (7:00 PM UTC)',
    );
  });

  it('refuses an unknown zone instead of falling back to the process zone', () => {
    expect(() => formatInstant(0, 'en', { primary: 'system', secondary: 'UTC' })).toThrow(RangeError);
    expect(() => formatDate(0, 'en', 'local')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it.each([
    ['2021-11-25T12:33:00Z', 'en', 'Asia/Tokyo', 'November 25, 2021'],
    ['2021-11-25T12:33:00Z', 'ja', 'Asia/Tokyo', '2021年11月25日（木）'],
    ['2021-11-25T16:58:00Z', 'en', 'Asia/Tokyo', 'November 26, 2021'],
    ['2021-11-25T16:58:00Z', 'ja', 'UTC', '2021年11月25日（木）'],
  ] as const)('shows the date of %s in %s (%s) as "%s"', (iso, lang, zone, expected) => {
    expect(formatDate(ms(iso), lang, zone)).toBe(expected);
  });

  it('defaults to Asia/Tokyo', () => {
    expect(formatDate(ms('2021-11-25T16:58:00Z'), 'ja')).toBe('2021年11月26日（金）');
  });
});

describe('formatDuration', () => {
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;
  it.each([
    [ms('2021-11-29T07:01:00Z') - ms('2021-11-25T12:33:00Z'), '3 days 18 hours 28 minutes', '3日18時間28分'],
    [DAY + HOUR + MIN, '1 day 1 hour 1 minute', '1日1時間1分'],
    [2 * DAY, '2 days', '2日'],
    [DAY + 5 * MIN, '1 day 5 minutes', '1日5分'],
    [3 * HOUR, '3 hours', '3時間'],
    [45 * MIN + 59_999, '45 minutes', '45分'],
    [59_999, '0 minutes', '0分'],
    [0, '0 minutes', '0分'],
  ])('formats %i ms as "%s" / "%s"', (duration, en, ja) => {
    expect(formatDuration(duration, 'en')).toBe(en);
    expect(formatDuration(duration, 'ja')).toBe(ja);
  });
});

describe('zoneAbbreviation', () => {
  it.each([
    ['Asia/Tokyo', '2021-11-25T12:33:00Z', 'JST'],
    ['UTC', '2021-11-25T12:33:00Z', 'UTC'],
    ['Etc/UTC', '2021-11-25T12:33:00Z', 'UTC'],
    ['America/Los_Angeles', '2021-03-13T20:00:00Z', 'PST'],
    ['America/Los_Angeles', '2021-03-15T19:00:00Z', 'PDT'],
    ['Asia/Kolkata', '2021-11-25T12:33:00Z', 'GMT+5:30'],
  ])('labels %s at %s as %s', (zone, iso, label) => {
    expect(zoneAbbreviation(zone, ms(iso))).toBe(label);
  });
});

describe('isoInstant and instantFromEpoch', () => {
  it('writes seconds always and milliseconds only when non-zero', () => {
    expect(isoInstant(ms('2021-11-25T12:33:00Z'))).toBe('2021-11-25T12:33:00Z');
    expect(isoInstant(ms('2021-11-25T12:33:00.040Z'))).toBe('2021-11-25T12:33:00.040Z');
  });

  it('uses the ISO text as the source when none is given', () => {
    expect(instantFromEpoch(0)).toEqual({ epochMs: 0, iso: '1970-01-01T00:00:00Z', source: '1970-01-01T00:00:00Z' });
    expect(instantFromEpoch(0, 'epoch').source).toBe('epoch');
  });
});

describe('formatInputTime', () => {
  it.each([
    ['2021-11-25T12:33:00Z', 'Asia/Tokyo', '2021-11-25 21:33 JST'],
    ['2021-11-25T16:58:00Z', 'Asia/Tokyo', '2021-11-26 01:58 JST'],
    ['2021-11-25T12:33:00Z', 'UTC', '2021-11-25 12:33 UTC'],
    ['2021-11-25T12:33:07Z', 'UTC', '2021-11-25 12:33:07 UTC'],
    ['2021-11-25T12:33:07.500Z', 'UTC', '2021-11-25 12:33:07.500 UTC'],
    ['2021-11-25T12:33:00Z', 'America/Los_Angeles', '2021-11-25 04:33 America/Los_Angeles'],
    // The repeated hour: the first 01:30 is written by name, the second needs its offset.
    ['2021-11-07T05:30:00Z', 'America/New_York', '2021-11-07 01:30 America/New_York'],
    ['2021-11-07T06:30:00Z', 'America/New_York', '2021-11-07 01:30 -05:00'],
  ])('writes %s in %s as "%s"', (iso, zone, expected) => {
    expect(formatInputTime(ms(iso), zone)).toBe(expected);
    expect(parsedIso(expected)).toBe(isoInstant(ms(iso)));
  });
});

describe('under a different process time zone and locale', () => {
  const saved = { TZ: process.env.TZ, LANG: process.env.LANG };
  beforeAll(() => {
    process.env.TZ = 'America/Los_Angeles';
    process.env.LANG = 'C';
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('really runs in America/Los_Angeles', () => {
    expect(new Date(ms('2021-11-25T12:33:00Z')).getHours()).toBe(4);
  });

  it('formats and parses exactly as in Tokyo', () => {
    const t = ms('2021-12-01T20:14:00Z');
    expect(formatInstant(t, 'ja')).toBe('2021年12月2日（木）5:14 JST（UTC 12月1日 20:14）');
    expect(formatInstant(t, 'en')).toBe('Thursday, December 2, 2021, 5:14 AM JST (December 1, 8:14 PM UTC)');
    expect(formatInstant(t + 60_000, 'ja')).toBe('2021年12月2日（木）5:15 JST（UTC 12月1日 20:15）');
    expect(formatDate(t, 'en')).toBe('December 2, 2021');
    expect(formatInputTime(t, 'Asia/Tokyo')).toBe('2021-12-02 05:14 JST');
    expect(parsedIso('2021-12-02 05:14 JST')).toBe('2021-12-01T20:14:00Z');
    expect(parsedIso('Thursday, December 2, 2021, 5:14 AM (December 1, 8:14 PM UTC)')).toBe('2021-12-01T20:14:00Z');
    expect(isoInstant(t)).toBe('2021-12-01T20:14:00Z');
  });
});

describe('round trip', () => {
  const from = Date.UTC(1990, 0, 1) / 60_000;
  const to = Date.UTC(2050, 0, 1) / 60_000;

  it('parses formatInputTime and isoInstant output back to the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (minutes) => {
        const t = minutes * 60_000;
        for (const text of [
          formatInputTime(t, 'Asia/Tokyo'),
          formatInputTime(t, 'UTC'),
          formatInputTime(t, 'America/Los_Angeles'),
          isoInstant(t),
        ]) {
          const result = parseTime(text, TOKYO);
          expect(result.ok && result.instant.epochMs).toBe(t);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses every minute of a fall-back night in America/New_York back to itself', () => {
    const start = ms('2021-11-07T04:00:00Z');
    for (let t = start; t < start + 4 * 3_600_000; t += 60_000) {
      expect(parsedIso(formatInputTime(t, 'America/New_York'))).toBe(isoInstant(t));
    }
  });
});
