import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, formatInputTime, parseTime } from '../src/time.js';
import { loadFixture } from './helpers/fixture.js';

const TOKYO = { primaryZone: 'Asia/Tokyo' };
const iso = (text: string, primaryZone = 'Asia/Tokyo') => {
  const result = parseTime(text, { primaryZone });
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.instant.iso;
};
const failure = (text: string) => {
  const result = parseTime(text, TOKYO);
  if (result.ok) throw new Error(`${text} was accepted as ${result.instant.iso}`);
  return { rule: result.rule, message: result.message, hint: result.hint };
};

describe('the Japanese form kokuchi prints on Japanese pages', () => {
  it.each([
    ['2021年11月25日(木) 21:33 JST', '2021-11-25T12:33:00Z'],
    ['2021年11月25日 21:33 JST（UTC 12:33）', '2021-11-25T12:33:00Z'],
    ['2021年11月25日(木) 21:33 JST（UTC 12:33）', '2021-11-25T12:33:00Z'],
    ['2021年11月25日(木) 21:33（UTC 12:33）', '2021-11-25T12:33:00Z'],
    ['2021年11月26日(金) 5:51 JST（UTC 11月25日 20:51）', '2021-11-25T20:51:00Z'],
    ['2022年1月1日(土) 5:00 JST（UTC 2021年12月31日 20:00）', '2021-12-31T20:00:00Z'],
    ['2026年12月2日 5:51 JST', '2026-12-01T20:51:00Z'],
    ['2021年11月25日（木曜日） 21:33 JST', '2021-11-25T12:33:00Z'],
    ['2021年11月25日 21:33 +09:00', '2021-11-25T12:33:00Z'],
    ['2021年11月25日 12:33 UTC', '2021-11-25T12:33:00Z'],
    // Full-width digits, brackets, colon and space, as an IME writes them.
    ['２０２１年１１月２５日（木）　２１：３３　ＪＳＴ', '2021-11-25T12:33:00Z'],
    ['２０２１年１１月２５日　２１：３３　ＪＳＴ（ＵＴＣ　１２：３３）', '2021-11-25T12:33:00Z'],
    ['2021年11月25日(木)21:33JST', '2021-11-25T12:33:00Z'],
    // The form pages print now: full-width weekday brackets, no space after the closing one.
    ['2021年11月25日（木）21:33 JST（UTC 12:33）', '2021-11-25T12:33:00Z'],
    ['2021年11月25日（木）21:33 JST', '2021-11-25T12:33:00Z'],
    ['2021年11月26日（金）5:51 JST（UTC 11月25日 20:51）', '2021-11-25T20:51:00Z'],
    ['2022年1月1日（土）5:00（UTC 2021年12月31日 20:00）', '2021-12-31T20:00:00Z'],
    // Mixed widths, as a writer may copy one half and type the other.
    ['2021年11月25日（木) 21:33 JST(UTC 12:33）', '2021-11-25T12:33:00Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('reads back every time a Japanese page prints, in Tokyo with the UTC echo', () => {
    for (const instant of ['2021-11-25T12:33:00Z', '2021-11-25T20:51:00Z', '2021-12-31T20:00:00Z', '2026-12-01T20:51:00Z']) {
      const printed = formatInstant(Date.parse(instant), 'ja');
      expect(printed).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（[日月火水木金土]）\d/u);
      expect(iso(printed), printed).toBe(instant);
    }
  });

  it('checks the weekday of the printed form when it is written back', () => {
    const printed = formatInstant(Date.parse('2021-11-25T12:33:00Z'), 'ja');
    expect(printed).toBe('2021年11月25日（木）21:33 JST（UTC 12:33）');
    expect(failure(printed.replace('（木）', '（金）'))).toEqual({
      rule: 'time-weekday',
      message: 'November 25, 2021 is a Thursday (木), not a Friday (金)',
      hint: 'fix the weekday or the date',
    });
    expect(failure(printed.replace('（木）', '(金)')).rule).toBe('time-weekday');
  });

  it('reads back any instant a Japanese or English page prints, as the same minute', () => {
    const minute = fc.integer({ min: Date.UTC(1971, 0, 1) / 60_000, max: Date.UTC(2099, 11, 31) / 60_000 }).map((minutes) => minutes * 60_000);
    fc.assert(
      fc.property(minute, fc.constantFrom('ja', 'en') as fc.Arbitrary<'ja' | 'en'>, (instant, lang) => {
        const printed = formatInstant(instant, lang);
        const parsed = parseTime(printed, TOKYO);
        expect(parsed.ok && parsed.instant.epochMs, printed).toBe(instant);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a wrong weekday with time-weekday', () => {
    expect(failure('2021年11月25日(金) 21:33 JST')).toEqual({
      rule: 'time-weekday',
      message: 'November 25, 2021 is a Thursday (木), not a Friday (金)',
      hint: 'fix the weekday or the date',
    });
    expect(failure('２０２１年１１月２５日（金）　２１：３３　ＪＳＴ').rule).toBe('time-weekday');
  });

  it('refuses an echo that disagrees with the local time with time-echo', () => {
    expect(failure('2021年11月25日(木) 21:33 JST（UTC 13:33）')).toEqual({
      rule: 'time-echo',
      message: 'the UTC echo should be UTC 12:33 (11月25日), not UTC 13:33',
      hint: '21:33 JST is 12:33 UTC; fix whichever of the two is wrong',
    });
    expect(failure('2021年11月26日(金) 5:51 JST（UTC 11月26日 20:51）').message).toBe('the UTC echo should be UTC 11月25日 20:51, not UTC 11月26日 20:51');
  });

  it('refuses the form without a zone or an echo, and an impossible date', () => {
    expect(failure('2021年11月25日 21:33')).toMatchObject({ rule: 'time-no-zone', message: '"2021年11月25日 21:33" has no time zone' });
    expect(failure('2021年2月29日 10:00 JST')).toMatchObject({ rule: 'time-invalid-date', message: 'February 2021 has no day 29' });
  });

  it('is reported at the value in a record, with the exact message', () => {
    const record = ['id: EX1', 'service: exchange-online', 'title: {en: T, ja: T}', 'start: 2021年11月25日(金) 21:33 JST', 'updates:', '  - at: 2021年11月25日 22:00 JST（UTC 13:00）', '    status: 調査中', '    body: {en: B, ja: B}'].join('\n');
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(result.diagnostics.map((item) => `${item.line}:${item.column} ${item.rule} ${item.message}`)).toEqual([
      '4:8 time-weekday November 25, 2021 is a Thursday (木), not a Friday (金)',
    ]);
  });
});

describe('JST, the year range and offsets', () => {
  it('reads JST as exactly UTC+09:00 before 1888 too, and Asia/Tokyo by the time zone database', () => {
    expect(iso('1887-06-01 09:00 JST')).toBe('1887-06-01T00:00:00Z');
    expect(iso('1887-06-01T09:00+09:00')).toBe('1887-06-01T00:00:00Z');
    expect(iso('1887-06-01 09:00 Asia/Tokyo')).toBe('1887-05-31T23:41:01Z');
    // Daylight saving time in 1949: JST is still +09:00.
    expect(iso('1949-07-01 09:00 JST')).toBe('1949-07-01T00:00:00Z');
  });

  it('shows Asia/Tokyo labelled JST as UTC+09:00 at every date', () => {
    const instant = Date.parse('1887-06-01T00:00:00Z');
    expect(formatInstant(instant, 'en')).toBe('Wednesday, June 1, 1887, 9:00 AM JST (12:00 AM UTC)');
    expect(formatInstant(instant, 'ja')).toBe('1887年6月1日（水）9:00 JST（UTC 0:00）');
    expect(formatInputTime(instant, 'Asia/Tokyo')).toBe('1887-06-01 09:00 JST');
    expect(formatInputTime(Date.parse('1949-07-01T00:00:00Z'), 'Asia/Tokyo')).toBe('1949-07-01 09:00 JST');
  });

  it('accepts the years 1000 to 9999 and refuses the others with the range', () => {
    expect(iso('1000-01-01 00:00 UTC')).toBe('1000-01-01T00:00:00Z');
    expect(iso('9999-12-31 23:59 UTC')).toBe('9999-12-31T23:59:00Z');
    expect(failure('0000-01-01 09:00 JST')).toEqual({ rule: 'time-invalid-date', message: 'the year 0000 is outside the years kokuchi accepts', hint: 'write a year from 1000 to 9999' });
    expect(failure('0999年1月1日 9:00 JST').rule).toBe('time-invalid-date');
    expect(failure('Saturday, January 1, 0000, 9:00 AM JST').message).toBe('the year 0000 is outside the years kokuchi accepts');
  });

  it('accepts offsets up to ±14:00 and no further', () => {
    expect(iso('2021-11-25 21:33 +14:00')).toBe('2021-11-25T07:33:00Z');
    expect(iso('2021-11-25 21:33 -14:00')).toBe('2021-11-26T11:33:00Z');
    for (const offset of ['+14:59', '+14:01', '-14:30', '+1401']) {
      expect(failure(`2021-11-25 21:33 ${offset}`)).toEqual({ rule: 'time-unknown-zone', message: `the offset "${offset}" is out of range`, hint: 'write an offset between -14:00 and +14:00, e.g. +09:00' });
    }
  });
});
