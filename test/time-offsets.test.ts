import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInputTime, yearInZone } from '../src/time.js';

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
