import type { DateTime } from 'luxon';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One step of local-day arithmetic: the instant and the zone's offset (minutes) there. */
export interface LocalStep {
  ms: number;
  offset: number;
}

/**
 * `start`, then the same wall-clock time `step` local days later, again and again: exactly what
 * luxon's `plus({ days: step })` gives, with one zone-offset lookup per step instead of luxon's object
 * copies and repeated lookups (offsets come from Intl, which is slow; histories, calendars and timeline
 * axes step through thousands of days per build). Written here because luxon offers no cheaper stepping.
 */
export function* localDaySteps(start: DateTime, step: number): Generator<LocalStep> {
  const tz = start.zone;
  let ms = start.toMillis();
  let offset = start.offset;
  for (;;) {
    yield { ms, offset };
    [ms, offset] = resolveLocal(ms + offset * MINUTE + step * DAY, offset, (at) => tz.offset(at));
  }
}

/** The local calendar date (YYYY-MM-DD) of a step. */
export function stepDate(step: LocalStep): string {
  return new Date(step.ms + step.offset * MINUTE).toISOString().slice(0, 10);
}

/** The local hour (0–23) at `ms` in the zone of `like`. */
export function localHour(like: DateTime, ms: number): number {
  return new Date(ms + like.zone.offset(ms) * MINUTE).getUTCHours();
}

/**
 * The instant and offset of the wall-clock time `localMs` (milliseconds as if UTC) in a zone, starting
 * from the guess `offset`: luxon's own resolution (its `fixOffset`), so that times in a gap or an overlap
 * come out exactly as luxon's date arithmetic gives them.
 */
function resolveLocal(localMs: number, offset: number, offsetAt: (epochMs: number) => number): [number, number] {
  let guess = localMs - offset * MINUTE;
  const second = offsetAt(guess);
  if (second === offset) return [guess, offset];
  guess -= (second - offset) * MINUTE;
  const third = offsetAt(guess);
  if (second === third) return [guess, second];
  return [localMs - Math.min(second, third) * MINUTE, Math.max(second, third)];
}
