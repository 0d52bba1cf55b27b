import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInputTime, isoInZone, yearInZone } from '../src/time.js';

const ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Apia'];

describe('calendar fields from cached zone offsets', () => {
  it('agree with luxon for any instant in zones with and without daylight saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...ZONES), (epochMs, zone) => {
        const expected = DateTime.fromMillis(epochMs, { zone });
        expect(yearInZone(epochMs, zone)).toBe(expected.year);
        const written = formatInputTime(epochMs - (epochMs % 60_000), zone);
        const minute = DateTime.fromMillis(epochMs - (epochMs % 60_000), { zone });
        expect(written.startsWith(minute.toFormat('yyyy-MM-dd HH:mm'))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('give the right year around every new year, in the zones furthest from UTC too', () => {
    const zones = [...ZONES, 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Etc/GMT+12', 'Etc/GMT-14'];
    for (let year = 1971; year <= 2060; year += 1) {
      for (let hours = -60; hours <= 60; hours += 5) {
        const epochMs = Date.UTC(year, 0, 1) + hours * 3_600_000 + 17 * 60_000;
        for (const zone of zones) expect(yearInZone(epochMs, zone), `${new Date(epochMs).toISOString()} in ${zone}`).toBe(DateTime.fromMillis(epochMs, { zone }).year);
      }
    }
  });

  it('are right on both sides of a daylight-saving change', () => {
    const before = Date.UTC(2021, 2, 14, 6, 59);
    const after = Date.UTC(2021, 2, 14, 7, 0);
    expect(formatInputTime(before, 'America/New_York')).toContain('2021-03-14 01:59');
    expect(formatInputTime(after, 'America/New_York')).toContain('2021-03-14 03:00');
  });
});

describe('ISO times in a zone (isoInZone)', () => {
  const luxon = (epochMs: number, zone: string) => DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: false, includeOffset: true });
  const zones = [...ZONES, 'utc', 'Etc/UTC', 'GMT', 'Europe/Dublin', 'Africa/Monrovia', 'Etc/GMT+12', 'Pacific/Kiritimati'];

  it('are the text luxon gives, at any instant from year 1000 to 9999 (historical offsets with seconds included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }), fc.constantFrom(...zones), (epochMs, zone) => {
        expect(isoInZone(epochMs, zone), `${epochMs} in ${zone}`).toBe(luxon(epochMs, zone));
      }),
      { numRuns: 5000 },
    );
  });

  it('write Z only for a fixed zero offset, and leave long years and unknown zones to luxon', () => {
    const epochMs = Date.UTC(2021, 0, 5, 3, 4, 5, 6);
    expect(isoInZone(epochMs, 'UTC')).toBe('2021-01-05T03:04:05.006Z');
    expect(isoInZone(epochMs, 'Europe/London')).toBe('2021-01-05T03:04:05.006+00:00');
    expect(isoInZone(epochMs, 'Asia/Tokyo')).toBe('2021-01-05T12:04:05.006+09:00');
    expect(isoInZone(epochMs, 'America/St_Johns')).toBe('2021-01-04T23:34:05.006-03:30');
    for (const far of [Date.UTC(10000, 0, 1, 5), Date.UTC(-1, 5, 1), -8.64e15, 8.64e15]) expect(isoInZone(far, 'Asia/Tokyo')).toBe(luxon(far, 'Asia/Tokyo'));
    expect(isoInZone(epochMs, 'Mars/Olympus')).toBeNull();
    expect(isoInZone(Number.NaN, 'UTC')).toBeNull();
  });
});
