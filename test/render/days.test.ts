import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { daysBetween, yearDays } from '../../src/render/history.js';

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
