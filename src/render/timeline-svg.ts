import { getStatus } from '../statuses.js';
import type { DisplayLang } from '../time.js';
import { zoneAbbreviation, zoneOffsets } from '../time.js';
import { escapeHtml } from './escape.js';
import { localDaySteps, localFields, localStep, plusLocalDays, startOfLocal, type LocalStep } from './local-days.js';
import { coordinate as c, markSvg } from './svg.js';

/** What the timeline picture of one incident is drawn from. */
export interface TimelineFacts {
  startMs: number;
  /** Absent while ongoing (and for advisories without an end): the picture has an open end. */
  endMs?: number;
  /** Updates oldest first. */
  updates: { atMs: number; status: string }[];
}

/** Texts of the picture, already in the page's language. */
export interface TimelineText {
  lang: DisplayLang;
  /** Unique per page: the ids of the title and description derive from it. */
  id: string;
  /** Accessible name. */
  title: string;
  /** Accessible description (the text timeline below the picture says the same in full). */
  description: string;
  statusLabel: (key: string) => string;
  /** Legend text of the open end (no end yet). */
  ongoing: string;
}

const WIDTH = 360;
const LEFT = 36;
const RIGHT = WIDTH - 14;
const OPEN_END = 22;
const HOUR = 3_600_000;
const STEPS_HOURS = [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720];
const WEEKDAYS_JA = ['月', '火', '水', '木', '金', '土', '日'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day boundary's label: en "Nov 25", ja "11/25（木）" (full-width brackets, as every Japanese text of the site). */
function dateLabel(day: LocalStep, lang: DisplayLang): string {
  const { month, day: date, weekday } = localFields(day);
  return lang === 'ja' ? `${month}/${date}（${WEEKDAYS_JA[weekday - 1]}）` : `${MONTHS_EN[month - 1]} ${date}`;
}

/** Ticks of one axis in `zone`: local hours divisible by the step (local midnights for steps of a day or more), as luxon's arithmetic steps them. */
export function axisTicks(fromMs: number, toMs: number, zone: string, stepHours: number): { ms: number; hour: number }[] {
  const offsetAt = zoneOffsets(zone);
  const result: { ms: number; hour: number }[] = [];
  if (stepHours >= 24) {
    let day = startOfLocal(fromMs, 'day', offsetAt);
    if (day.ms < fromMs) day = plusLocalDays(day, 1, offsetAt);
    for (const step of localDaySteps(day, stepHours / 24, offsetAt)) {
      if (step.ms > toMs) break;
      result.push({ ms: step.ms, hour: 0 });
    }
    return result;
  }
  const start = startOfLocal(fromMs, 'hour', offsetAt).ms;
  // Hours are absolute time in luxon's arithmetic too: one hour on is always 3,600,000 ms on.
  for (let ms = start < fromMs ? start + HOUR : start; ms <= toMs; ms += HOUR) {
    const hour = localFields(localStep(ms, offsetAt)).hour;
    if (hour % stepHours === 0) result.push({ ms, hour });
  }
  return result;
}

/** Local midnights strictly inside the range, in `zone`. */
export function midnights(fromMs: number, toMs: number, zone: string): LocalStep[] {
  const offsetAt = zoneOffsets(zone);
  const result: LocalStep[] = [];
  for (const step of localDaySteps(plusLocalDays(startOfLocal(fromMs, 'day', offsetAt), 1, offsetAt), 1, offsetAt)) {
    if (step.ms >= toMs) break;
    result.push(step);
  }
  return result;
}

/**
 * Labels at x positions, dropping any that would overlap the one before (estimated widths). Centred
 * labels (hours) sit on their tick; start-anchored ones (dates) begin just after their day boundary.
 */
function placeLabels(labels: { x: number; text: string; className: string }[], y: number, minLeft: number, anchor: 'middle' | 'start' = 'middle'): string[] {
  const out: string[] = [];
  let lastRight = minLeft;
  for (const label of labels) {
    const width = estimateWidth(label.text, 11);
    const left = anchor === 'middle' ? Math.min(Math.max(label.x - width / 2, LEFT), WIDTH - width) : Math.min(label.x, WIDTH - width);
    if (left < lastRight + 4) continue;
    lastRight = left + width;
    const x = anchor === 'middle' ? left + width / 2 : left;
    out.push(`<text class="${label.className}" x="${c(x)}" y="${y}"${anchor === 'middle' ? ' text-anchor="middle"' : ''}${label.className === 'tl-date' ? ' font-weight="700"' : ''}>${escapeHtml(label.text)}</text>`);
  }
  return out;
}

/** Rough width of a text at `size` px: full-width characters are square, others at most about 0.7 em (wide system fonts such as DejaVu Sans). */
export function estimateWidth(text: string, size: number): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? size : size * 0.7;
  return width;
}

/**
 * The picture of an incident's timeline: a band from start to end (an open, dashed end while it has
 * none), one mark per update shaped and coloured by its status, hours and day boundaries in the primary
 * zone above and the secondary zone below, and a legend of the statuses shown. Pure and deterministic:
 * the same facts give the same bytes. No script, no style attribute: classes and presentation attributes.
 */
export function timelineSvg(facts: TimelineFacts, zones: { primary: string; secondary: string }, text: TimelineText): string {
  const times = [facts.startMs, ...(facts.endMs !== undefined ? [facts.endMs] : []), ...facts.updates.map((update) => update.atMs)];
  let from = Math.min(...times);
  let to = Math.max(...times);
  if (to - from < HOUR) {
    const pad = (HOUR - (to - from)) / 2;
    from -= pad;
    to += pad;
  }
  const open = facts.endMs === undefined;
  const plotRight = open ? RIGHT - OPEN_END : RIGHT;
  const margin = (to - from) * 0.03;
  const domainFrom = from - margin;
  const domainTo = to + margin;
  const x = (ms: number) => LEFT + ((ms - domainFrom) / (domainTo - domainFrom)) * (plotRight - LEFT);
  const step = STEPS_HOURS.find((hours) => (domainTo - domainFrom) / (hours * HOUR) <= 5) ?? 720;

  // One legend entry per shape: statuses of the same tone share a mark, so they share an entry.
  const statuses: string[] = [];
  for (const update of facts.updates) if (!statuses.includes(update.status)) statuses.push(update.status);
  const tones: { tone: ReturnType<typeof getStatus>['tone']; labels: string[] }[] = [];
  for (const status of statuses) {
    const tone = getStatus(status).tone;
    const entry = tones.find((item) => item.tone === tone);
    if (entry) entry.labels.push(text.statusLabel(status));
    else tones.push({ tone, labels: [text.statusLabel(status)] });
  }
  const legendEntries = tones.map((entry) => ({ tone: entry.tone, label: entry.labels.join(text.lang === 'ja' ? '、' : ', ') }));
  const legendTop = 122;
  const titleId = `${text.id}-title`;
  const descId = `${text.id}-desc`;

  const parts: string[] = [
    '', // the opening tag, once the legend's height is known
    `<title id="${titleId}">${escapeHtml(text.title)}</title>`,
    `<desc id="${descId}">${escapeHtml(text.description)}</desc>`,
  ];

  const axis = (zone: string, lineY: number, tickDirection: -1 | 1, hourY: number, dateY: number) => {
    const label = zoneAbbreviation(zone, facts.startMs);
    parts.push(`<text class="tl-zone" x="0" y="${hourY}" font-weight="700">${escapeHtml(label)}</text>`);
    parts.push(`<line class="tl-axis" x1="${LEFT}" y1="${lineY}" x2="${RIGHT}" y2="${lineY}" stroke="#555f6b"/>`);
    const hourLabels: { x: number; text: string; className: string }[] = [];
    for (const tick of axisTicks(domainFrom, domainTo, zone, step)) {
      const tx = x(tick.ms);
      parts.push(`<line class="tl-tick" x1="${c(tx)}" y1="${lineY}" x2="${c(tx)}" y2="${lineY + tickDirection * 4}" stroke="#555f6b"/>`);
      if (step < 24) hourLabels.push({ x: tx, text: `${tick.hour}:00`, className: 'tl-hour' });
    }
    parts.push(...placeLabels(hourLabels, hourY, LEFT - 4));
    const dates = [{ x: LEFT, text: dateLabel(localStep(domainFrom, zoneOffsets(zone)), text.lang), className: 'tl-date' }];
    for (const midnight of midnights(domainFrom, domainTo, zone)) {
      const mx = x(midnight.ms);
      parts.push(`<line class="tl-midnight" x1="${c(mx)}" y1="${Math.min(lineY, 44)}" x2="${c(mx)}" y2="${Math.max(lineY, 64)}" stroke="#8c959f" stroke-dasharray="2 2"/>`);
      dates.push({ x: mx + 2, text: dateLabel(midnight, text.lang), className: 'tl-date' });
    }
    // The first label names the day the picture starts in; a boundary too close to it goes unlabelled.
    parts.push(...placeLabels(dates, dateY, -Infinity, 'start'));
  };
  axis(zones.primary, 34, -1, 26, 12);

  // The band: solid while the incident ran, dashed with an arrow past the newest update while it has no end.
  const bandStart = x(facts.startMs);
  const bandEnd = x(open ? Math.max(...times) : facts.endMs!);
  parts.push(`<rect class="tl-band" x="${c(bandStart)}" y="48" width="${c(Math.max(2, bandEnd - bandStart))}" height="12" rx="2" fill="#d0d7de"/>`);
  if (open) {
    parts.push(`<line class="tl-open" x1="${c(bandEnd)}" y1="54" x2="${RIGHT - 6}" y2="54" stroke="#555f6b" stroke-width="2" stroke-dasharray="4 3"/>`);
    parts.push(`<path class="tl-open-arrow" d="M${RIGHT - 7} 49L${RIGHT} 54L${RIGHT - 7} 59Z" fill="#555f6b"/>`);
  }
  let previousX = Number.NEGATIVE_INFINITY;
  let lane = 0;
  for (const update of facts.updates) {
    const ux = x(update.atMs);
    lane = ux - previousX < 9 ? (lane + 1) % 3 : 0;
    previousX = ux;
    parts.push(markSvg(getStatus(update.status).tone, ux, 54 + [0, -9, 9][lane]!, 10, 'tl-mark'));
  }

  axis(zones.secondary, 74, 1, 90, 104);

  // Legend rows: two entries a row, an entry too wide for half the width takes a row of its own.
  let row = 0;
  let column = 0;
  const place = (wide: boolean) => {
    if (wide && column > 0) {
      row += 1;
      column = 0;
    }
    const position = { x: column * 176, y: legendTop + row * 18 };
    if (wide || column === 1) {
      row += 1;
      column = 0;
    } else column = 1;
    return position;
  };
  for (const entry of legendEntries) {
    const { x: lx, y: ly } = place(estimateWidth(entry.label, 11) > 158);
    parts.push(markSvg(entry.tone, lx + 6, ly + 6, 10));
    parts.push(`<text class="tl-legend" x="${lx + 16}" y="${ly + 10}">${escapeHtml(entry.label)}</text>`);
  }
  if (open) {
    const { x: lx, y: ly } = place(false);
    parts.push(`<line class="tl-open" x1="${lx}" y1="${ly + 6}" x2="${lx + 12}" y2="${ly + 6}" stroke="#555f6b" stroke-width="2" stroke-dasharray="4 3"/>`);
    parts.push(`<text class="tl-legend" x="${lx + 16}" y="${ly + 10}">${escapeHtml(text.ongoing)}</text>`);
  }
  const height = legendTop + (row + (column > 0 ? 1 : 0)) * 18 + 4;
  parts[0] = `<svg class="timeline-picture" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg" font-size="11" fill="#1b1f24">`;
  parts.push('</svg>');
  return parts.join('');
}
