import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { daysBetween, yearDays } from '../../src/render/history.js';
import { localFields, localStep, startOfLocal } from '../../src/render/local-days.js';
import { zoneOffsets } from '../../src/time.js';
import { axisTicks, midnights } from '../../src/render/timeline-svg.js';

/** The days as luxon's own date arithmetic gives them: what daysBetween must agree with to the millisecond. */
function luxonDays(first: string, last: string, zone: string): { date: string; startMs: number; endMs: number }[] {
  const days = [];
  let day = DateTime.fromISO(first, { zone });
  const end = DateTime.fromISO(last, { zone });
  while (day <= end) {
    const next = day.plus({ days: 1 });
    days.push({ date: day.toISODate()!, startMs: day.toMillis(), endMs: next.toMillis() });
    day = next;
  }
  return days;
}

// Zones with daylight saving at 2:00, at midnight (Santiago, Havana, Beirut), by 30 minutes (Lord Howe),
// a skipped day (Apia, 2011-12-30) and none at all.
const ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York', 'Europe/London', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata'];

describe('daysBetween', () => {
  it.each(ZONES)('gives every day of 2008–2026 in %s exactly as luxon does', (zone) => {
    for (let year = 2008; year <= 2026; year += 1) expect(yearDays(year, zone)).toEqual(luxonDays(`${year}-01-01`, `${year}-12-31`, zone));
  });

  it('works a range out once and hands out the same read-only list', () => {
    const first = daysBetween('2026-09-02', '2026-11-30', 'Asia/Tokyo');
    expect(daysBetween('2026-09-02', '2026-11-30', 'Asia/Tokyo')).toBe(first);
    expect(first).toHaveLength(90);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

/** The timeline axis as luxon's own arithmetic steps it. */
function luxonTicks(fromMs: number, toMs: number, zone: string, stepHours: number): { ms: number; hour: number }[] {
  const result = [];
  if (stepHours >= 24) {
    let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
    if (day.toMillis() < fromMs) day = day.plus({ days: 1 });
    for (; day.toMillis() <= toMs; day = day.plus({ days: stepHours / 24 })) result.push({ ms: day.toMillis(), hour: 0 });
    return result;
  }
  let hour = DateTime.fromMillis(fromMs, { zone }).startOf('hour');
  if (hour.toMillis() < fromMs) hour = hour.plus({ hours: 1 });
  for (; hour.toMillis() <= toMs; hour = hour.plus({ hours: 1 })) if (hour.hour % stepHours === 0) result.push({ ms: hour.toMillis(), hour: hour.hour });
  return result;
}

function luxonMidnights(fromMs: number, toMs: number, zone: string): number[] {
  const result = [];
  for (let day = DateTime.fromMillis(fromMs, { zone }).startOf('day').plus({ days: 1 }); day.toMillis() < toMs; day = day.plus({ days: 1 })) result.push(day.toMillis());
  return result;
}

describe('the timeline axis', () => {
  it.each(ZONES)('has the ticks and midnights luxon gives, across daylight-saving changes, in %s', (zone) => {
    // Ranges starting every 11 days and 7 hours through 2011–2012 (Apia skipped 2011-12-30), of every step's length.
    for (let from = Date.UTC(2011, 0, 1, 0, 17); from < Date.UTC(2013, 0, 1); from += (11 * 24 + 7) * 3_600_000) {
      for (const [stepHours, spanHours] of [[1, 5], [3, 14], [12, 60], [24, 120], [72, 360]] as const) {
        const to = from + spanHours * 3_600_000;
        expect(axisTicks(from, to, zone, stepHours)).toEqual(luxonTicks(from, to, zone, stepHours));
        expect(midnights(from, to, zone).map((day) => day.ms)).toEqual(luxonMidnights(from, to, zone));
      }
    }
  });

  it.each(ZONES)('labels days with the month, day and weekday luxon gives, from instants with fractions of a millisecond too, in %s', (zone) => {
    const offsetAt = zoneOffsets(zone);
    const fields = (ms: number) => {
      const day = DateTime.fromMillis(ms, { zone });
      return { month: day.month, day: day.day, weekday: day.weekday, hour: day.hour };
    };
    for (let from = Date.UTC(2011, 0, 1, 0, 17) + 0.37; from < Date.UTC(2013, 0, 1); from += (5 * 24 + 7) * 3_600_000 + 0.21) {
      expect(localFields(localStep(from, offsetAt))).toEqual(fields(from));
      for (const midnight of midnights(from, from + 100 * 3_600_000, zone)) expect(localFields(midnight)).toEqual(fields(midnight.ms));
      for (const unit of ['hour', 'day'] as const) expect(startOfLocal(from, unit, offsetAt).ms).toBe(DateTime.fromMillis(from, { zone }).startOf(unit).toMillis());
    }
  });
});
