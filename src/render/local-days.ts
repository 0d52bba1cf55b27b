import type { DateTime } from 'luxon';
import { zoneOffsets, type OffsetAt } from '../time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One step of local-day arithmetic: the instant and the zone's offset (minutes) there. */
export interface LocalStep {
  ms: number;
  offset: number;
}

/** The instant of `epochMs` with its zone's offset (luxon's `DateTime.fromMillis(epochMs, { zone })`). */
export function localStep(epochMs: number, offsetAt: OffsetAt): LocalStep {
  return { ms: epochMs, offset: offsetAt(epochMs) };
}

/** The start of the local hour or day of `epochMs` (luxon's `startOf('hour')` / `startOf('day')`). */
export function startOfLocal(epochMs: number, unit: 'hour' | 'day', offsetAt: OffsetAt): LocalStep {
  const offset = offsetAt(epochMs);
  // The local fields as luxon reads them (a Date, so a fraction of a millisecond is cut off), with the smaller units set to zero.
  const local = new Date(epochMs + offset * MINUTE).getTime();
  const size = unit === 'hour' ? 3_600_000 : DAY;
  const [ms, resolved] = resolveLocal(local - (((local % size) + size) % size), offset, offsetAt);
  return { ms, offset: resolved };
}

/** The same wall-clock time `days` local days later (luxon's `plus({ days })`). */
export function plusLocalDays(step: LocalStep, days: number, offsetAt: OffsetAt): LocalStep {
  const [ms, offset] = resolveLocal(step.ms + step.offset * MINUTE + days * DAY, step.offset, offsetAt);
  return { ms, offset };
}

/**
 * `start`, then the same wall-clock time `step` local days later, again and again: exactly what
 * luxon's `plus({ days: step })` gives, with one cached zone-offset lookup per step instead of luxon's
 * object copies and repeated lookups (histories, calendars and timeline axes step through thousands of
 * days per build). Written here because luxon offers no cheaper stepping. `start` may be a luxon
 * DateTime (its zone's offsets are then used) or a step with the zone's offsets.
 */
export function* localDaySteps(start: DateTime | LocalStep, step: number, offsetAt?: OffsetAt): Generator<LocalStep> {
  const offsets = offsetAt ?? zoneOffsets((start as DateTime).zone.name);
  let current: LocalStep = 'ms' in start ? start : { ms: start.toMillis(), offset: start.offset };
  for (;;) {
    yield current;
    current = plusLocalDays(current, step, offsets);
  }
}

/** The local calendar date (YYYY-MM-DD) of a step. */
export function stepDate(step: LocalStep): string {
  return new Date(step.ms + step.offset * MINUTE).toISOString().slice(0, 10);
}

/** Local calendar fields of a step: month (1–12), day of the month, ISO weekday (1 = Monday … 7 = Sunday) and hour. */
export function localFields(step: LocalStep): { month: number; day: number; weekday: number; hour: number } {
  const local = new Date(step.ms + step.offset * MINUTE);
  return { month: local.getUTCMonth() + 1, day: local.getUTCDate(), weekday: ((local.getUTCDay() + 6) % 7) + 1, hour: local.getUTCHours() };
}

/**
 * The instant and offset of the wall-clock time `localMs` (milliseconds as if UTC) in a zone, starting
 * from the guess `offset`: luxon's own resolution (its `fixOffset`), so that times in a gap or an overlap
 * come out exactly as luxon's date arithmetic gives them.
 */
function resolveLocal(localMs: number, offset: number, offsetAt: OffsetAt): [number, number] {
  let guess = localMs - offset * MINUTE;
  const second = offsetAt(guess);
  if (second === offset) return [guess, offset];
  guess -= (second - offset) * MINUTE;
  const third = offsetAt(guess);
  if (second === third) return [guess, second];
  return [localMs - Math.min(second, third) * MINUTE, Math.max(second, third)];
}
