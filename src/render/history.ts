import { DateTime } from 'luxon';
import { getStatus } from '../statuses.js';
import { LEVELS, statusLevel, type IncidentFacts, type Level } from './board.js';
import { escapeHtml } from './escape.js';
import { localDaySteps, stepDate, type LocalStep } from './local-days.js';

/** One calendar day in a display zone and the worst state of the incidents on it. */
export interface DayState {
  /** Local date, YYYY-MM-DD. */
  date: string;
  startMs: number;
  endMs: number;
  /** `future` for days after the "as of" instant: nothing is known about them yet. */
  level: Level | 'future';
  /** Incidents that were going on during the day, worst first. */
  incidents: IncidentFacts[];
}

/** A local calendar day in a zone: its date and the instants it starts and ends at. */
export interface LocalDay {
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
}

const knownDays = new Map<string, readonly LocalDay[]>();

/**
 * Local days from `first` to `last` (YYYY-MM-DD, both included) in `zone`, with their start and end
 * instants. The same range is asked for by every service's history and calendar: it is worked out once
 * per process (zone offsets come from Intl, which is slow) and shared, read-only.
 */
export function daysBetween(first: string, last: string, zone: string): readonly LocalDay[] {
  const key = `${first}\0${last}\0${zone}`;
  let days = knownDays.get(key);
  if (!days) knownDays.set(key, (days = Object.freeze(computeDays(first, last, zone))));
  return days;
}

/** The days one after another, stepped as luxon's date arithmetic steps them (see localDaySteps). */
function computeDays(first: string, last: string, zone: string): LocalDay[] {
  const endMs = DateTime.fromISO(last, { zone }).toMillis();
  const days: LocalDay[] = [];
  let day: LocalStep | undefined;
  for (const next of localDaySteps(DateTime.fromISO(first, { zone }), 1)) {
    if (day) days.push({ date: stepDate(day), startMs: day.ms, endMs: next.ms });
    if (next.ms > endMs) break;
    day = next;
  }
  return days;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISODate()!;
}

/** The `count` days ending on the local day of `asOfMs` in `zone`, oldest first. */
export function recentDays(asOfMs: number, zone: string, count: number): readonly LocalDay[] {
  const last = DateTime.fromMillis(asOfMs, { zone }).startOf('day');
  return daysBetween(last.minus({ days: count - 1 }).toISODate()!, last.toISODate()!, zone);
}

/**
 * The worst level of one incident between two instants: the statuses in force then (resolved ones are
 * the state after the end and do not count); an incident whose statuses are all resolved counts by its
 * classification. Undefined when the incident was not going on then.
 */
export function levelBetween(incident: IncidentFacts, fromMs: number, toMs: number, asOfMs: number): Level | undefined {
  const until = incident.endMs ?? Math.max(asOfMs, incident.lastUpdatedMs);
  const from = Math.max(fromMs, incident.startMs);
  const to = Math.min(toMs, until === incident.startMs ? until + 1 : until);
  if (from >= to) return undefined;
  let worst: Level | undefined;
  const updates = incident.updates;
  updates.forEach((update, index) => {
    const inForceFrom = index === 0 ? Number.NEGATIVE_INFINITY : update.atMs;
    const inForceTo = updates[index + 1]?.atMs ?? Number.POSITIVE_INFINITY;
    if (inForceFrom >= to || inForceTo <= from || getStatus(update.status).phase === 'resolved') return;
    const level = statusLevel(update.status, incident.classification);
    if (!worst || LEVELS.indexOf(level) > LEVELS.indexOf(worst)) worst = level;
  });
  return worst ?? (incident.classification === 'advisory' ? 'advisory' : 'degraded');
}

/**
 * Each day's worst state among `incidents` (already those of one service, or of the site). Each incident
 * is looked at only on the days it overlaps (found by binary search), not on every day of the range.
 */
export function dayStates(days: readonly LocalDay[], incidents: readonly IncidentFacts[], asOfMs: number): DayState[] {
  const during: { incident: IncidentFacts; level: Level }[][] = days.map(() => []);
  for (const incident of incidents) {
    const until = incident.endMs ?? Math.max(asOfMs, incident.lastUpdatedMs);
    const to = until === incident.startMs ? until + 1 : until;
    for (let index = firstDayEndingAfter(days, incident.startMs); index < days.length; index += 1) {
      const day = days[index]!;
      if (day.startMs >= to || day.startMs > asOfMs) break;
      const level = levelBetween(incident, day.startMs, day.endMs, asOfMs);
      if (level) during[index]!.push({ incident, level });
    }
  }
  return days.map((day, index) => {
    if (day.startMs > asOfMs) return { ...day, level: 'future', incidents: [] };
    const found = during[index]!;
    let level: Level = 'operational';
    for (const entry of found) if (LEVELS.indexOf(entry.level) > LEVELS.indexOf(level)) level = entry.level;
    found.sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || a.incident.startMs - b.incident.startMs || (a.incident.id < b.incident.id ? -1 : 1));
    return { ...day, level, incidents: found.map((entry) => entry.incident) };
  });
}

/** Index of the first of `days` (in order) that ends after `epochMs`; `days.length` when none does. */
function firstDayEndingAfter(days: readonly LocalDay[], epochMs: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]!.endMs > epochMs) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Anchor of a day's entry in a history's text list. */
export function dayAnchor(prefix: string, date: string): string {
  return `${prefix}-${date}`;
}

/** Bar heights by level, so that a day's state reads without colour too. */
const BAR_HEIGHT: Record<Level | 'future', number> = { future: 0, operational: 10, advisory: 20, degraded: 30, outage: 40 };

/**
 * The history bars: one bar per day, its height and class by the day's level; days with incidents link
 * to their entry in the text list (`#<anchorPrefix>-<date>`). The picture repeats the list beside it, so
 * it is hidden from assistive technology and its links are out of the tab order.
 */
export function historySvg(days: readonly DayState[], anchorPrefix: string, labelOf: (day: DayState) => string): string {
  const width = 5;
  const gap = 1;
  const height = 40;
  const parts = [`<svg class="history-bars" viewBox="0 0 ${days.length * (width + gap) - gap} ${height}" preserveAspectRatio="none" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">`];
  days.forEach((day, index) => {
    const barHeight = BAR_HEIGHT[day.level];
    const x = index * (width + gap);
    // Only days with incidents get a tooltip: the others would repeat "operating normally" 90 times.
    const title = day.incidents.length > 0 ? `<title>${escapeHtml(labelOf(day))}</title>` : '';
    const rect = title ? `<rect class="day day-${day.level}" x="${x}" y="${height - barHeight}" width="${width}" height="${barHeight}">${title}</rect>` : `<rect class="day day-${day.level}" x="${x}" y="${height - barHeight}" width="${width}" height="${barHeight}"/>`;
    const base = day.level === 'future' ? '' : `<rect class="day-track" x="${x}" y="0" width="${width}" height="${height}"/>`;
    parts.push(day.incidents.length > 0 ? `${base}<a href="#${dayAnchor(anchorPrefix, day.date)}" tabindex="-1">${rect}</a>` : `${base}${rect}`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Cell size and spacing of the year calendar. */
const CELL = 10;
const STEP = 12;
const LABEL_WIDTH = 34;

/**
 * A year calendar: one row per month, one cell per day; a cell's shape follows its level (outline for an
 * advisory, half filled when degraded, filled for an outage) so that it reads without colour. Hidden from
 * assistive technology: the page's list of incidents says the same.
 */
export function calendarSvg(days: readonly DayState[], monthLabels: readonly string[], anchorPrefix: string | null, labelOf: (day: DayState) => string): string {
  const width = LABEL_WIDTH + 31 * STEP;
  const height = 12 * STEP;
  const parts = [`<svg class="calendar" viewBox="0 0 ${width} ${height}" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="9" fill="#555f6b">`];
  monthLabels.forEach((label, month) => parts.push(`<text class="calendar-month" x="0" y="${month * STEP + CELL - 1}">${escapeHtml(label)}</text>`));
  for (const day of days) {
    const [, month, date] = day.date.split('-').map(Number) as [number, number, number];
    const x = LABEL_WIDTH + (date - 1) * STEP;
    const y = (month - 1) * STEP;
    let cell = day.incidents.length > 0 ? `<rect class="cell cell-${day.level}" x="${x}" y="${y}" width="${CELL}" height="${CELL}" rx="2"><title>${escapeHtml(labelOf(day))}</title></rect>` : `<rect class="cell cell-${day.level}" x="${x}" y="${y}" width="${CELL}" height="${CELL}" rx="2"/>`;
    if (day.level === 'degraded') cell += `<path class="cell-fill cell-fill-degraded" d="M${x} ${y + CELL}L${x + CELL} ${y}V${y + CELL - 2}Q${x + CELL} ${y + CELL} ${x + CELL - 2} ${y + CELL}Z"/>`;
    parts.push(anchorPrefix && day.incidents.length > 0 ? `<a href="#${dayAnchor(anchorPrefix, day.date)}" tabindex="-1">${cell}</a>` : cell);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Whole days of a year in `zone`. */
export function yearDays(year: number, zone: string): readonly LocalDay[] {
  return daysBetween(`${year}-01-01`, `${year}-12-31`, zone);
}

