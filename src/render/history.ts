import { DateTime } from 'luxon';
import { getStatus } from '../statuses.js';
import { LEVELS, statusLevel, type IncidentFacts, type Level } from './board.js';
import { escapeHtml } from './escape.js';

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

/** Local days from `first` to `last` (YYYY-MM-DD, both included) in `zone`, with their start and end instants. */
export function daysBetween(first: string, last: string, zone: string): { date: string; startMs: number; endMs: number }[] {
  const days: { date: string; startMs: number; endMs: number }[] = [];
  let day = DateTime.fromISO(first, { zone });
  const end = DateTime.fromISO(last, { zone });
  while (day <= end) {
    const next = day.plus({ days: 1 });
    days.push({ date: day.toISODate()!, startMs: day.toMillis(), endMs: next.toMillis() });
    day = next;
  }
  return days;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISODate()!;
}

/** The `count` days ending on the local day of `asOfMs` in `zone`, oldest first. */
export function recentDays(asOfMs: number, zone: string, count: number): { date: string; startMs: number; endMs: number }[] {
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

/** Each day's worst state among `incidents` (already those of one service, or of the site). */
export function dayStates(days: readonly { date: string; startMs: number; endMs: number }[], incidents: readonly IncidentFacts[], asOfMs: number): DayState[] {
  const first = days[0]?.startMs ?? 0;
  const last = days[days.length - 1]?.endMs ?? 0;
  const relevant = incidents.filter((incident) => incident.startMs < last && (incident.endMs ?? Math.max(asOfMs, incident.lastUpdatedMs)) >= first);
  return days.map((day) => {
    if (day.startMs > asOfMs) return { ...day, level: 'future', incidents: [] };
    let level: Level = 'operational';
    const during: { incident: IncidentFacts; level: Level }[] = [];
    for (const incident of relevant) {
      const found = levelBetween(incident, day.startMs, day.endMs, asOfMs);
      if (!found) continue;
      during.push({ incident, level: found });
      if (LEVELS.indexOf(found) > LEVELS.indexOf(level)) level = found;
    }
    during.sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || a.incident.startMs - b.incident.startMs || (a.incident.id < b.incident.id ? -1 : 1));
    return { ...day, level, incidents: during.map((entry) => entry.incident) };
  });
}

/** The days as text, for keying pages that show them. */
export function daysSignature(days: readonly DayState[]): string {
  const marked = days.filter((day) => day.incidents.length > 0 || day.level === 'future');
  return JSON.stringify([days[0]?.date ?? '', days.length, marked.map((day) => [day.date, day.level, day.incidents.map((incident) => [incident.slug, incident.id, incident.status])])]);
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
export function yearDays(year: number, zone: string): { date: string; startMs: number; endMs: number }[] {
  return daysBetween(`${year}-01-01`, `${year}-12-31`, zone);
}

