/**
 * Times for incident notices: parsing what writers write, and formatting
 * instants for readers.
 *
 * This module is pure: no I/O, and nothing depends on the process time zone,
 * locale or clock. Every conversion names its zone explicitly; reader-facing
 * text is built from fixed English/Japanese tables (luxon only supplies the
 * zoned calendar fields), so the output is identical on every machine and ICU
 * build.
 */
import { DateTime, IANAZone, Info } from 'luxon';

/** An exact instant plus the text the writer wrote. */
export interface Instant {
  /** Milliseconds since the Unix epoch (UTC). */
  epochMs: number;
  /** ISO 8601 in UTC with seconds and Z, e.g. 2021-11-25T12:33:00Z (for <time datetime>). */
  iso: string;
  /** The text as written in the source (surrounding whitespace removed). */
  source: string;
}

export type TimeRule =
  | 'time-format'
  | 'time-no-zone'
  | 'time-invalid-date'
  | 'time-unknown-zone'
  | 'time-weekday'
  | 'time-echo';

export type TimeParseResult =
  | { ok: true; instant: Instant }
  | { ok: false; rule: TimeRule; message: string; hint?: string; ja?: TimeText };

/** A time problem said in Japanese (the English is `message`/`hint`); the catalogue (src/messages/time.ts) shows it. */
export interface TimeText {
  message: string;
  hint?: string;
}

const FORMAT_HINT_JA = '「2021-11-25 21:33 JST」「2021-11-25T12:33:00Z」「Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)」のように書きます';
const ZONE_FORMS_HINT_JA = 'JST、UTC、+09:00 のような時差、または Asia/Tokyo や America/Los_Angeles のような IANA のタイムゾーン名を使います';

export interface DisplayZones {
  primary: string;
  secondary: string;
}

export type DisplayLang = 'ja' | 'en';

const DEFAULT_ZONES: DisplayZones = { primary: 'Asia/Tokyo', secondary: 'UTC' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------
// Name tables (fixed, so output never depends on ICU data)
// ---------------------------------------------------------------------------

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Index 0 = Sunday (as Date#getUTCDay). */
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;

function monthEn(month: number): string {
  return MONTHS_EN[month - 1] ?? String(month);
}

/** Maps a lower-cased English month name or abbreviation to 1..12. */
const MONTH_LOOKUP = new Map<string, number>();
MONTHS_EN.forEach((name, i) => {
  MONTH_LOOKUP.set(name.toLowerCase(), i + 1);
  MONTH_LOOKUP.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_LOOKUP.set('sept', 9);

/** Maps a lower-cased English weekday name or abbreviation to 0 (Sunday)..6. */
const WEEKDAY_LOOKUP = new Map<string, number>();
WEEKDAYS_EN.forEach((name, i) => {
  WEEKDAY_LOOKUP.set(name.toLowerCase(), i);
  WEEKDAY_LOOKUP.set(name.slice(0, 3).toLowerCase(), i);
});
WEEKDAY_LOOKUP.set('tues', 2);
WEEKDAY_LOOKUP.set('thur', 4);
WEEKDAY_LOOKUP.set('thurs', 4);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

// ---------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'etc/universal', 'etc/zulu', 'universal', 'zulu', 'z']);

function isUtcName(zone: string): boolean {
  return UTC_NAMES.has(zone.toLowerCase());
}

function isTokyo(zone: string): boolean {
  return zone === 'Asia/Tokyo' || zone.toLowerCase() === 'asia/tokyo';
}

const ianaCache = new Map<string, IANAZone | null>();

/** A valid IANA zone for `name`, or null. */
function ianaZone(name: string): IANAZone | null {
  let zone = ianaCache.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    if (ianaCache.size > 1000) ianaCache.clear();
    ianaCache.set(name, zone);
  }
  return zone;
}

/** Canonical spelling of a valid IANA zone (e.g. asia/tokyo → Asia/Tokyo). */
function canonicalZoneName(name: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return name;
  }
}

/** How a parsed zone maps local wall time to instants. */
type ZoneSpec = { kind: 'fixed'; offsetMin: number; label: string } | { kind: 'iana'; zone: IANAZone; label: string };

const UTC_SPEC: ZoneSpec = { kind: 'fixed', offsetMin: 0, label: 'UTC' };

/** JST: exactly UTC+09:00. */
const JST_OFFSET_MINUTES = 9 * 60;
const JST_SPEC: ZoneSpec = { kind: 'fixed', offsetMin: JST_OFFSET_MINUTES, label: 'JST' };

/** The largest offset accepted, ±14:00 (the furthest any zone is from UTC). */
const MAX_OFFSET_MINUTES = 14 * 60;

/** The years a time may be written in: four digits, the first not 0. */
export const YEAR_RANGE = { min: 1000, max: 9999 } as const;

/** Well-known abbreviations that are not accepted, with the zone to suggest instead. */
const ABBREVIATION_SUGGESTIONS: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  KST: 'Asia/Seoul',
  HKT: 'Asia/Hong_Kong',
  SGT: 'Asia/Singapore',
  IST: 'Asia/Kolkata',
  BST: 'Europe/London',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
};

const ZONE_FORMS_HINT = 'use JST, UTC, an offset such as +09:00, or an IANA zone name such as Asia/Tokyo or America/Los_Angeles';

type ZoneResult = { ok: true; spec: ZoneSpec } | { ok: false; rule: TimeRule; message: string; hint: string; ja: TimeText };

function unknownZone(token: string): ZoneResult {
  const suggestion = ABBREVIATION_SUGGESTIONS[token.toUpperCase()];
  return {
    ok: false,
    rule: 'time-unknown-zone',
    message: `unknown time zone "${token}"`,
    hint: suggestion
      ? `${ZONE_FORMS_HINT} (for ${token.toUpperCase()}, write ${suggestion})`
      : `${ZONE_FORMS_HINT}`,
    ja: {
      message: `タイムゾーン「${token}」が分かりません`,
      hint: suggestion ? `${ZONE_FORMS_HINT_JA}（${token.toUpperCase()} なら ${suggestion} と書きます）` : ZONE_FORMS_HINT_JA,
    },
  };
}

/**
 * Resolves a zone token written after a time.
 *
 * Bare abbreviations other than JST/UTC/GMT/Z are refused even when ICU knows
 * them (it maps "PST" to America/Los_Angeles, and "EST" is a fixed -05:00
 * zone): they are ambiguous or misleading, so only Area/Location names count
 * as IANA names here.
 */
function resolveZone(token: string): ZoneResult {
  const upper = token.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return { ok: true, spec: UTC_SPEC };
  // JST is Japan Standard Time, exactly UTC+09:00, at every date (Asia/Tokyo, written out, follows the
  // time zone database: local mean time +09:18:59 before 1888, daylight saving time 1948–1951).
  if (upper === 'JST') return { ok: true, spec: JST_SPEC };
  const offset = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(token);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) {
      return {
        ok: false,
        rule: 'time-unknown-zone',
        message: `the offset "${token}" is out of range`,
        hint: `write an offset between -14:00 and +14:00, e.g. +09:00`,
        ja: { message: `時差「${token}」が範囲外です`, hint: '時差は -14:00 から +14:00 までで書きます（例: +09:00）' },
      };
    }
    const sign = offset[1] === '-' ? -1 : 1;
    return { ok: true, spec: { kind: 'fixed', offsetMin: sign * (hours * 60 + minutes), label: token } };
  }
  if (token.includes('/')) {
    const zone = ianaZone(token);
    if (zone) {
      if (isUtcName(token)) return { ok: true, spec: UTC_SPEC };
      return { ok: true, spec: { kind: 'iana', zone, label: canonicalZoneName(token) } };
    }
  }
  return unknownZone(token);
}

/** Wall-clock fields in some zone. */
interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The local fields read as if they were UTC (works for years 0..99 too). */
function fieldsAsUtc(f: LocalFields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

/**
 * All instants at which the wall clock in `zone` shows `f`, earliest first.
 * Empty in a DST gap; two entries in a fall-back overlap.
 */
function localCandidates(f: LocalFields, zone: IANAZone): number[] {
  const wall = fieldsAsUtc(f);
  const offsets = new Set<number>();
  // Offsets in force within ±30 h of the wall time cover every real offset (±14 h) plus any nearby transition.
  for (let k = -5; k <= 5; k++) offsets.add(zone.offset(wall + k * 6 * HOUR));
  const found: number[] = [];
  for (const o of offsets) {
    const t = wall - o * MINUTE;
    if (zone.offset(t) === o) found.push(t);
  }
  return [...new Set(found)].sort((a, b) => a - b);
}

type LocalResult = { ok: true; epochMs: number } | { ok: false; rule: TimeRule; message: string; hint: string; ja: TimeText };

/**
 * Converts wall time in a zone to an instant.
 *
 * A wall time that does not exist (skipped by a DST change) is an error, never
 * silently shifted. A wall time that occurs twice (clocks set back) resolves to
 * the EARLIER instant, i.e. the offset in force before the change (for
 * 2021-11-07 01:30 America/New_York that is 01:30 EDT = 05:30Z). Writers who
 * mean the second occurrence must write a numeric offset.
 */
function localToEpoch(f: LocalFields, spec: ZoneSpec): LocalResult {
  if (spec.kind === 'fixed') return { ok: true, epochMs: fieldsAsUtc(f) - spec.offsetMin * MINUTE };
  const candidates = localCandidates(f, spec.zone);
  const first = candidates[0];
  if (first === undefined) {
    const when = `${pad4(f.year)}-${pad2(f.month)}-${pad2(f.day)} ${pad2(f.hour)}:${pad2(f.minute)}`;
    return {
      ok: false,
      rule: 'time-invalid-date',
      message: `${when} does not exist in ${spec.label} (the clocks skip it for daylight saving time)`,
      hint: `write the time the clocks actually showed, or use a numeric offset such as ${formatOffset(spec.zone.offset(fieldsAsUtc(f)))}`,
      ja: {
        message: `${when} は ${spec.label} には存在しない時刻です（夏時間の切り替えで時計が飛ばします）`,
        hint: `実際に時計が示していた時刻を書くか、${formatOffset(spec.zone.offset(fieldsAsUtc(f)))} のような時差で書いてください`,
      },
    };
  }
  return { ok: true, epochMs: first };
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

// ---------------------------------------------------------------------------
// Calendar checks
// ---------------------------------------------------------------------------

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 0 = Sunday. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(fieldsAsUtc({ year, month, day, hour: 12, minute: 0, second: 0, millisecond: 0 })).getUTCDay();
}

function invalid(message: string, hint: string | undefined, ja: TimeText): TimeParseResult {
  return hint === undefined
    ? { ok: false, rule: 'time-invalid-date', message, ja }
    : { ok: false, rule: 'time-invalid-date', message, hint, ja };
}

/** Null when the date exists, else the error. */
function checkDate(year: number, month: number, day: number, written: string): TimeParseResult | null {
  if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
    return invalid(`the year ${pad4(year)} is outside the years kokuchi accepts`, `write a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`, {
      message: `${pad4(year)} 年は kokuchi が受け付ける年の範囲外です`,
      hint: `${YEAR_RANGE.min} 年から ${YEAR_RANGE.max} 年までの年を書いてください`,
    });
  }
  if (month < 1 || month > 12) return invalid(`"${written}" has no month ${month}`, 'months run from 1 to 12', { message: `「${written}」の ${month} 月はありません`, hint: '月は 1 から 12 までです' });
  if (day < 1 || day > daysInMonth(year, month)) {
    return invalid(`${monthEn(month)} ${year} has no day ${day}`, `${monthEn(month)} ${year} has ${daysInMonth(year, month)} days`, {
      message: `${year} 年 ${month} 月に ${day} 日はありません`,
      hint: `${year} 年 ${month} 月は ${daysInMonth(year, month)} 日までです`,
    });
  }
  return null;
}

function checkClock(hour: number, minute: number, second: number, written: string): TimeParseResult | null {
  if (hour > 23 || minute > 59 || second > 59) {
    return invalid(`"${written}" is not a time of day`, 'hours run from 0 to 23, minutes and seconds from 0 to 59', {
      message: `「${written}」は時刻として存在しません`,
      hint: '時は 0 から 23、分と秒は 0 から 59 までです',
    });
  }
  return null;
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

const FORMAT_HINT =
  'write it as "2021-11-25 21:33 JST", "2021-11-25T12:33:00Z" or "Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)"';

function ok(epochMs: number, source: string): TimeParseResult {
  return { ok: true, instant: instantFromEpoch(epochMs, source) };
}

/**
 * Numeric form: ISO 8601 (`2021-11-25T12:33:00Z`, `2021-11-25T21:33+09:00`) or
 * `YYYY-MM-DD HH:mm[:ss[.fff]] ZONE`. Month, day and hour may be unpadded.
 */
const NUMERIC_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?)|\s+(\S+))?\s*$/;

const DATE_ONLY_RE = /^\d{4}-\d{1,2}-\d{1,2}$/;

const MERIDIEM = String.raw`([AaPp])\.?\s?[Mm]\.?`;

/**
 * Official notice style, e.g.
 * `Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)`,
 * `Sunday, May 24, 2026, at 11:00 PM UTC`.
 * Groups: weekday, month, day, year, hour, minute, meridiem, zone?, echo?
 */
const OFFICIAL_RE = new RegExp(
  String.raw`^([A-Za-z]+)\.?,?\s+([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2}):(\d{2})\s*${MERIDIEM}` +
    String.raw`(?:\s+([^\s()]+))?\s*(?:\(([^()]*)\))?\s*$`,
  'i',
);

/**
 * The UTC echo inside the parentheses: `12:33 PM UTC`, `11/29/2021, 10:30 PM UTC`,
 * `November 25, 12:33 PM UTC` or `November 25, 2021, 12:33 PM UTC`.
 * Groups: M, D, YYYY (numeric date) | month, day, year? (named date), hour, minute, meridiem, zone.
 */
const ECHO_RE = new RegExp(
  String.raw`^(?:(?:(\d{1,2})/(\d{1,2})/(\d{4})|([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?),?\s+(?:at\s+)?)?` +
    String.raw`(\d{1,2}):(\d{2})\s*${MERIDIEM}\s+(UTC|GMT|Z)$`,
  'i',
);

/** 12-hour clock to 0..23, or null when the hour is not 1..12. 12 AM = 0, 12 PM = 12. */
function to24(hour12: number, meridiem: string): number | null {
  if (hour12 < 1 || hour12 > 12) return null;
  const pm = meridiem.toLowerCase() === 'p';
  return (hour12 % 12) + (pm ? 12 : 0);
}

/** Parses any accepted time form; `primaryZone` (IANA, e.g. Asia/Tokyo) is the zone of the official style's local part. */
export function parseTime(text: string, options: { primaryZone: string }): TimeParseResult {
  const source = text.trim();
  if (source === '') {
    return { ok: false, rule: 'time-format', message: 'the time is empty', hint: FORMAT_HINT, ja: { message: '時刻が空です', hint: FORMAT_HINT_JA } };
  }
  // Full-width digits, letters, brackets, colons and spaces (an IME's output) read as their ASCII forms.
  const folded = foldWidth(source);
  const numeric = NUMERIC_RE.exec(folded);
  if (numeric) return parseNumeric(source, numeric);
  const official = OFFICIAL_RE.exec(folded);
  if (official) return parseOfficial(source, official, options.primaryZone);
  const japanese = JAPANESE_RE.exec(folded);
  if (japanese) return parseJapanese(source, japanese, options.primaryZone);
  if (DATE_ONLY_RE.test(folded)) {
    return {
      ok: false,
      rule: 'time-format',
      message: `"${source}" has a date but no time of day`,
      hint: `add the time and a zone, e.g. "${source} 21:33 JST"`,
      ja: { message: `「${source}」には日付だけで時刻がありません`, hint: `時刻とタイムゾーンを書き足してください（例: "${source} 21:33 JST"）` },
    };
  }
  return { ok: false, rule: 'time-format', message: `cannot read "${source}" as a time`, hint: FORMAT_HINT, ja: { message: `「${source}」を時刻として読めません`, hint: FORMAT_HINT_JA } };
}

/** NFKC for the characters of a time (full-width forms and the ideographic space), the rest unchanged. */
function foldWidth(text: string): string {
  return /[\u3000\uff01-\uff5e]/u.test(text) ? text.replace(/[\u3000\uff01-\uff5e]+/gu, (run) => run.normalize('NFKC')) : text;
}

function parseNumeric(source: string, m: RegExpExecArray): TimeParseResult {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? '0');
  const millisecond = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const zoneToken = m[8] ?? m[9];

  const badDate = checkDate(year, month, day, `${m[1]}-${m[2]}-${m[3]}`);
  if (badDate) return badDate;
  const badClock = checkClock(hour, minute, second, `${m[4]}:${m[5]}${m[6] === undefined ? '' : `:${m[6]}`}`);
  if (badClock) return badClock;

  const date = `${m[1]}-${pad2(month)}-${pad2(day)}`;
  const clock = `${pad2(hour)}:${m[5]}${m[6] === undefined ? '' : `:${m[6]}`}`;
  if (zoneToken === undefined) {
    return {
      ok: false,
      rule: 'time-no-zone',
      message: `"${source}" has no time zone`,
      hint: `write it with a zone, e.g. "${date} ${clock} JST" or "${date}T${clock}+09:00"`,
      ja: { message: `「${source}」にタイムゾーンがありません`, hint: `タイムゾーンを付けて書いてください（例: "${date} ${clock} JST" または "${date}T${clock}+09:00"）` },
    };
  }
  const zone = resolveZone(zoneToken);
  if (!zone.ok) return zone;
  const local = localToEpoch({ year, month, day, hour, minute, second, millisecond }, zone.spec);
  if (!local.ok) return local;
  return ok(local.epochMs, source);
}

function parseOfficial(source: string, m: RegExpExecArray, primaryZone: string): TimeParseResult {
  const weekdayWord = m[1] as string;
  const monthWord = m[2] as string;
  const writtenWeekday = WEEKDAY_LOOKUP.get(weekdayWord.toLowerCase());
  const month = MONTH_LOOKUP.get(monthWord.toLowerCase());
  if (writtenWeekday === undefined || month === undefined) {
    const word = writtenWeekday === undefined ? weekdayWord : monthWord;
    return {
      ok: false,
      rule: 'time-format',
      message: `"${word}" is not an English ${writtenWeekday === undefined ? 'weekday' : 'month'} name`,
      hint: FORMAT_HINT,
      ja: { message: `「${word}」は英語の${writtenWeekday === undefined ? '曜日' : '月'}の名前ではありません`, hint: FORMAT_HINT_JA },
    };
  }
  const day = Number(m[3]);
  const year = Number(m[4]);
  const hour = to24(Number(m[5]), m[7] as string);
  const minute = Number(m[6]);
  const zoneToken = m[8];
  const echoText = m[9]?.trim();

  const badDate = checkDate(year, month, day, `${monthWord} ${m[3]}, ${m[4]}`);
  if (badDate) return badDate;
  if (hour === null || minute > 59) {
    return invalid(`"${m[5]}:${m[6]}" is not a 12-hour clock time`, 'write hours 1 to 12 with AM or PM, e.g. 9:33 PM', {
      message: `「${m[5]}:${m[6]}」は 12 時間制の時刻ではありません`,
      hint: '時は 1 から 12 で書き、AM か PM を付けます（例: 9:33 PM）',
    });
  }
  const actualWeekday = weekdayOf(year, month, day);
  if (actualWeekday !== writtenWeekday) {
    return {
      ok: false,
      rule: 'time-weekday',
      message: `${monthEn(month)} ${day}, ${year} is a ${WEEKDAYS_EN[actualWeekday]}, not a ${WEEKDAYS_EN[writtenWeekday]}`,
      hint: 'fix the weekday or the date',
      ja: { message: `${year} 年 ${month} 月 ${day} 日は${WEEKDAYS_JA[actualWeekday]}曜日で、${WEEKDAYS_JA[writtenWeekday]}曜日ではありません`, hint: '曜日か日付を直してください' },
    };
  }

  let spec: ZoneSpec;
  if (zoneToken !== undefined) {
    const zone = resolveZone(zoneToken);
    if (!zone.ok) return zone;
    spec = zone.spec;
  } else if (echoText === undefined) {
    return {
      ok: false,
      rule: 'time-no-zone',
      message: `"${source}" has no time zone`,
      hint: noZoneOfficialHint(source, { year, month, day, hour, minute, second: 0, millisecond: 0 }, primaryZone),
      ja: {
        message: `「${source}」にタイムゾーンも UTC の併記もありません`,
        hint: '「(12:33 PM UTC)」のように UTC の時刻を併記するか、「2021-11-25 21:33 JST」のようにタイムゾーン付きで書いてください',
      },
    };
  } else {
    const primary = configuredZoneSpec(primaryZone);
    if ('ok' in primary) return primary;
    spec = primary;
  }

  const local = localToEpoch({ year, month, day, hour, minute, second: 0, millisecond: 0 }, spec);
  if (!local.ok) return local;
  if (echoText === undefined) return ok(local.epochMs, source);
  const echo = checkEcho(echoText, local.epochMs, `${m[5]}:${m[6]} ${(m[7] as string).toUpperCase()}M`, spec);
  return echo ?? ok(local.epochMs, source);
}

/** How the local part of a time with only a UTC echo is read: in the primary zone, Asia/Tokyo as JST. */
/** The site's primary zone for a time written without one, or the error that it is not a known IANA zone. */
function configuredZoneSpec(primaryZone: string): ZoneSpec | TimeParseResult {
  const zone = ianaZone(primaryZone);
  if (zone) return primaryZoneSpec(primaryZone, zone);
  return {
    ok: false,
    rule: 'time-unknown-zone',
    message: `the configured primary time zone "${primaryZone}" is not a known IANA zone`,
    hint: ZONE_FORMS_HINT,
    ja: { message: `設定された主なタイムゾーン「${primaryZone}」は IANA のタイムゾーン名として知られていません`, hint: ZONE_FORMS_HINT_JA },
  };
}

function primaryZoneSpec(primaryZone: string, zone: IANAZone): ZoneSpec {
  if (isUtcName(primaryZone)) return UTC_SPEC;
  if (isTokyo(primaryZone)) return JST_SPEC;
  return { kind: 'iana', zone, label: canonicalZoneName(primaryZone) };
}

/**
 * The form Japanese pages print (after NFKC, so full-width digits, brackets, colons and spaces read as
 * their ASCII forms): `2021年11月25日（木）21:33 JST（UTC 12:33）`; the weekday in half- or full-width
 * brackets, with or without a space after it, as earlier versions printed `日(木) 21:33`. The weekday, the zone and the echo
 * are each optional (a zone or an echo is needed). Groups: year, month, day, weekday?, hour, minute,
 * second?, zone?, echo?
 */
const JAPANESE_RE = new RegExp(
  String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:\(\s*([日月火水木金土])(?:曜日?)?\s*\))?\s*` +
    String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([A-Za-z][^\s()]*|[+-]\d{2}(?::?\d{2})?))?\s*(?:\(([^()]*)\))?\s*$`,
  'u',
);

/** The echo of the Japanese form: `UTC 12:33`, `UTC 11月24日 23:33`, `UTC 2020年12月31日 23:33`. Groups: year?, month?, day?, hour, minute. */
const JAPANESE_ECHO_RE = /^(?:UTC|GMT|Z)\s*(?:(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*)?(\d{1,2}):(\d{2})$/iu;

function parseJapanese(source: string, m: RegExpExecArray, primaryZone: string): TimeParseResult {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  const second = Number(m[7] ?? '0');
  const zoneToken = m[8];
  const echoText = m[9]?.trim();

  const badDate = checkDate(year, month, day, `${m[1]}年${m[2]}月${m[3]}日`);
  if (badDate) return badDate;
  const badClock = checkClock(hour, minute, second, `${m[5]}:${m[6]}${m[7] === undefined ? '' : `:${m[7]}`}`);
  if (badClock) return badClock;
  if (m[4] !== undefined) {
    const written = WEEKDAYS_JA.indexOf(m[4] as (typeof WEEKDAYS_JA)[number]);
    const actual = weekdayOf(year, month, day);
    if (written !== actual) {
      return {
        ok: false,
        rule: 'time-weekday',
        message: `${monthEn(month)} ${day}, ${year} is a ${WEEKDAYS_EN[actual]} (${WEEKDAYS_JA[actual]}), not a ${WEEKDAYS_EN[written]} (${m[4]})`,
        hint: 'fix the weekday or the date',
        ja: { message: `${year} 年 ${month} 月 ${day} 日は${WEEKDAYS_JA[actual]}曜日で、${m[4]}曜日ではありません`, hint: '曜日か日付を直してください' },
      };
    }
  }

  let spec: ZoneSpec;
  if (zoneToken !== undefined) {
    const zone = resolveZone(zoneToken);
    if (!zone.ok) return zone;
    spec = zone.spec;
  } else if (echoText === undefined) {
    return {
      ok: false,
      rule: 'time-no-zone',
      message: `"${source}" has no time zone`,
      hint: `write it with a zone, e.g. "${m[1]}年${month}月${day}日 ${hour}:${m[6]} JST", or add the UTC echo, e.g. "（UTC 12:33）"`,
      ja: {
        message: `「${source}」にタイムゾーンも UTC の併記もありません`,
        hint: `「${m[1]}年${month}月${day}日 ${hour}:${m[6]} JST」のようにタイムゾーンを付けるか、「（UTC 12:33）」のように UTC の時刻を併記してください`,
      },
    };
  } else {
    const primary = configuredZoneSpec(primaryZone);
    if ('ok' in primary) return primary;
    spec = primary;
  }
  const local = localToEpoch({ year, month, day, hour, minute, second, millisecond: 0 }, spec);
  if (!local.ok) return local;
  if (echoText === undefined) return ok(local.epochMs, source);
  return checkJapaneseEcho(echoText, local.epochMs, `${hour}:${m[6]}`, spec) ?? ok(local.epochMs, source);
}

/** Null when the Japanese form's echo agrees with `epochMs` (to the minute), else the error. */
function checkJapaneseEcho(echoText: string, epochMs: number, localClock: string, spec: ZoneSpec): TimeParseResult | null {
  const e = JAPANESE_ECHO_RE.exec(echoText);
  if (!e) {
    return {
      ok: false,
      rule: 'time-format',
      message: `cannot read the UTC echo "(${echoText})"`,
      hint: 'write the echo as "（UTC 12:33）" or "（UTC 11月24日 23:33）"',
      ja: { message: `UTC の併記「(${echoText})」を読めません`, hint: '併記は「（UTC 12:33）」か「（UTC 11月24日 23:33）」の形で書きます' },
    };
  }
  const utc = utcParts(epochMs);
  const year = e[1] !== undefined ? Number(e[1]) : utc.year;
  const month = e[2] !== undefined ? Number(e[2]) : utc.month;
  const day = e[3] !== undefined ? Number(e[3]) : utc.day;
  if (e[2] !== undefined) {
    const badDate = checkDate(year, month, day, echoText);
    if (badDate) return badDate;
  }
  const hour = Number(e[4]);
  const minute = Number(e[5]);
  const badClock = checkClock(hour, minute, 0, `${e[4]}:${e[5]}`);
  if (badClock) return badClock;
  const echoMs = fieldsAsUtc({ year, month, day, hour, minute, second: 0, millisecond: 0 });
  if (Math.floor(echoMs / MINUTE) === Math.floor(epochMs / MINUTE)) return null;
  const clock = `${utc.hour}:${pad2(utc.minute)}`;
  const expected =
    e[1] !== undefined ? `UTC ${utc.year}年${utc.month}月${utc.day}日 ${clock}` : e[2] !== undefined ? `UTC ${utc.month}月${utc.day}日 ${clock}` : `UTC ${clock} (${utc.month}月${utc.day}日)`;
  const localLabel = spec.kind === 'iana' ? zoneAbbreviation(spec.zone.name, epochMs) : spec.label;
  return {
    ok: false,
    rule: 'time-echo',
    message: `the UTC echo should be ${expected}, not ${echoText}`,
    hint: `${localClock} ${localLabel} is ${clock} UTC; fix whichever of the two is wrong`,
    ja: { message: `UTC の併記は ${echoText} ではなく ${expected} のはずです`, hint: `${localClock} ${localLabel} は UTC ${clock} です。間違っているほうを直してください` },
  };
}

/** Suggests the UTC echo the writer would add if the time is in the primary zone (never assumed, only suggested). */
function noZoneOfficialHint(source: string, f: LocalFields, primaryZone: string): string {
  const numeric = `${pad4(f.year)}-${pad2(f.month)}-${pad2(f.day)} ${pad2(f.hour)}:${pad2(f.minute)}`;
  const generic = `add the UTC echo, e.g. "Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)", or write it with a zone, e.g. "${numeric} JST"`;
  const zone = ianaZone(primaryZone);
  if (!zone || isUtcName(primaryZone)) return generic;
  const first = localCandidates(f, zone)[0];
  if (first === undefined) return generic;
  const utc = utcParts(first);
  const label = zoneAbbreviation(primaryZone, first);
  return `add the UTC echo or a zone; if it is ${label}, write "${source} (${clock12(utc.hour, utc.minute)} UTC)" or "${numeric} ${isTokyo(primaryZone) ? 'JST' : canonicalZoneName(primaryZone)}"`;
}

/** UTC fields of an instant. */
function utcParts(epochMs: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(epochMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

function clock12(hour: number, minute: number): string {
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h}:${pad2(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** Null when the echo agrees with `epochMs`, else the error. */
function checkEcho(echoText: string, epochMs: number, localClock: string, spec: ZoneSpec): TimeParseResult | null {
  const e = ECHO_RE.exec(echoText);
  if (!e) {
    return {
      ok: false,
      rule: 'time-format',
      message: `cannot read the UTC echo "(${echoText})"`,
      hint: 'write the echo as "(12:33 PM UTC)" or "(11/29/2021, 10:30 PM UTC)"',
      ja: { message: `UTC の併記「(${echoText})」を読めません`, hint: '併記は「(12:33 PM UTC)」か「(11/29/2021, 10:30 PM UTC)」の形で書きます' },
    };
  }
  const utc = utcParts(epochMs);
  let year = utc.year;
  let month = utc.month;
  let day = utc.day;
  let style: 'time' | 'numeric' | 'named' = 'time';
  if (e[1] !== undefined) {
    style = 'numeric';
    month = Number(e[1]);
    day = Number(e[2]);
    year = Number(e[3]);
  } else if (e[4] !== undefined) {
    style = 'named';
    const named = MONTH_LOOKUP.get(e[4].toLowerCase());
    if (named === undefined) {
      return {
        ok: false,
        rule: 'time-format',
        message: `"${e[4]}" in the UTC echo is not an English month name`,
        hint: 'write the echo as "(12:33 PM UTC)" or "(11/29/2021, 10:30 PM UTC)"',
        ja: { message: `UTC の併記にある「${e[4]}」は英語の月の名前ではありません`, hint: '併記は「(12:33 PM UTC)」か「(11/29/2021, 10:30 PM UTC)」の形で書きます' },
      };
    }
    month = named;
    day = Number(e[5]);
    if (e[6] !== undefined) year = Number(e[6]);
  }
  if (style !== 'time') {
    const badDate = checkDate(year, month, day, echoText);
    if (badDate) return badDate;
  }
  const hour = to24(Number(e[7]), e[9] as string);
  const minute = Number(e[8]);
  if (hour === null || minute > 59) {
    return invalid(`"${e[7]}:${e[8]}" in the UTC echo is not a 12-hour clock time`, 'write hours 1 to 12 with AM or PM, e.g. 12:33 PM UTC', {
      message: `UTC の併記にある「${e[7]}:${e[8]}」は 12 時間制の時刻ではありません`,
      hint: '時は 1 から 12 で書き、AM か PM を付けます（例: 12:33 PM UTC）',
    });
  }
  const echoMs = fieldsAsUtc({ year, month, day, hour, minute, second: 0, millisecond: 0 });
  // Compare to the minute: the official style has no seconds.
  if (Math.floor(echoMs / MINUTE) === Math.floor(epochMs / MINUTE)) return null;

  const expectedClock = `${clock12(utc.hour, utc.minute)} UTC`;
  const expected =
    style === 'numeric'
      ? `${utc.month}/${utc.day}/${utc.year}, ${expectedClock}`
      : style === 'named'
        ? `${monthEn(utc.month)} ${utc.day}${e[6] !== undefined ? `, ${utc.year}` : ''}, ${expectedClock}`
        : `${expectedClock} (${monthEn(utc.month)} ${utc.day})`;
  const localLabel = spec.kind === 'iana' ? zoneAbbreviation(spec.zone.name, epochMs) : spec.label;
  return {
    ok: false,
    rule: 'time-echo',
    message: `the UTC echo should be ${expected}, not ${echoText}`,
    hint: `${localClock} ${localLabel} is ${expectedClock}; fix whichever of the two is wrong`,
    ja: { message: `UTC の併記は ${echoText} ではなく ${expected} のはずです`, hint: `${localClock} ${localLabel} は ${expectedClock} です。間違っているほうを直してください` },
  };
}

// ---------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------

export function instantFromEpoch(epochMs: number, source?: string): Instant {
  const iso = isoInstant(epochMs);
  return { epochMs, iso, source: source ?? iso };
}

/** ISO UTC like 2021-11-25T12:33:00Z (seconds always, no milliseconds unless non-zero). Throws RangeError for a non-finite time. */
export function isoInstant(epochMs: number): string {
  const full = new Date(epochMs).toISOString(); // always UTC, independent of process TZ
  return full.endsWith('.000Z') ? `${full.slice(0, -5)}Z` : full;
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * The IANA zone to display in. Only real IANA names are accepted: luxon would
 * also take "system"/"local", which depend on the process time zone.
 */
function displayZone(zone: string): IANAZone {
  const iana = ianaZone(isUtcName(zone) ? 'UTC' : zone);
  if (!iana) throw new RangeError(`unknown time zone "${zone}"`);
  return iana;
}

const DAY_MS = 86_400_000;

/** Minutes east of UTC of one zone at an instant. */
export type OffsetAt = (epochMs: number) => number;

const offsetsByZone = new Map<string, OffsetAt>();

/**
 * The offsets of `zone` (as luxon resolves the name), asked of luxon — which asks Intl, slowly — once per
 * UTC day: when the offsets at both ends of a day agree, every instant inside it has that offset (no
 * zone changes its offset twice within a day); otherwise the instant is asked for exactly. The same
 * offsets luxon gives, at a fraction of the cost (formatted times, timeline axes and calendars ask for
 * thousands).
 */
export function zoneOffsets(zone: string): OffsetAt {
  let known = offsetsByZone.get(zone);
  if (known) return known;
  const tz = Info.normalizeZone(zone);
  if (tz.isUniversal) {
    const fixed = tz.offset(0);
    known = () => fixed;
  } else {
    const byDay = new Map<number, number>();
    known = (epochMs) => {
      const day = Math.floor(epochMs / DAY_MS);
      let offset = byDay.get(day);
      if (offset === undefined) {
        const start = tz.offset(day * DAY_MS);
        if (start !== tz.offset((day + 1) * DAY_MS - 1)) return tz.offset(epochMs);
        byDay.set(day, (offset = start));
      }
      return offset;
    };
  }
  offsetsByZone.set(zone, known);
  return known;
}

/**
 * An instant as ISO 8601 in `zone` with milliseconds and offset, "2021-11-25T21:33:00.000+09:00": the
 * text luxon's `DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: false })` gives
 * ("Z" for a fixed zero offset such as "UTC", "+00:00" for a named zone at zero), without making a
 * DateTime (the Statuspage API writes thousands). Null for a zone luxon does not know, as luxon gives.
 */
export function isoInZone(epochMs: number, zone: string): string | null {
  const tz = Info.normalizeZone(zone);
  if (!tz.isValid || !Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return null;
  const offset = zoneOffsets(zone)(epochMs);
  const local = new Date(epochMs + offset * 60_000);
  const year = local.getUTCFullYear();
  // Years luxon writes in its long form (+012345, -000001), and instants past the last date, are left to luxon.
  if (!(year >= 0 && year <= 9999)) return DateTime.fromMillis(epochMs, { zone: tz }).toISO({ suppressMilliseconds: false, includeOffset: true });
  const date = `${pad4(year)}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
  const clock = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}.${pad3(local.getUTCMilliseconds())}`;
  if (tz.isUniversal && offset === 0) return `${date}T${clock}Z`;
  const sign = offset < 0 ? '-' : '+';
  const magnitude = Math.abs(offset);
  return `${date}T${clock}${sign}${pad2(Math.trunc(magnitude / 60))}:${pad2(Math.trunc(magnitude % 60))}`;
}

function zoned(epochMs: number, zone: string): ZonedParts {
  // Calendar fields in an explicit zone from its offset; nothing depends on the process time zone.
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) throw new RangeError(`cannot show ${epochMs} in time zone "${zone}": out of range`);
  // Asia/Tokyo is shown labelled JST, so it is shown as JST is defined: UTC+09:00 at every date.
  const offset = isTokyo(zone) ? JST_OFFSET_MINUTES : zoneOffsets(displayZone(zone).name)(epochMs);
  const shifted = new Date(epochMs + offset * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

/** The calendar year of an instant in a zone. */
export function yearInZone(epochMs: number, zone: string): number {
  // No zone is more than a day from UTC: two days or more from any new year in UTC, every zone
  // is in the same year as UTC (and asking a zone for its offset is slow).
  displayZone(zone); // an unknown zone is an error either way
  const year = new Date(epochMs).getUTCFullYear();
  if (Number.isFinite(epochMs) && epochMs - Date.UTC(year, 0, 1) >= 2 * 86_400_000 && Date.UTC(year + 1, 0, 1) - epochMs >= 2 * 86_400_000) return year;
  return zoned(epochMs, zone).year;
}

function sameZone(a: string, b: string): boolean {
  if (a === b) return true;
  if (isUtcName(a) && isUtcName(b)) return true;
  return a.toLowerCase() === b.toLowerCase();
}

const FORMAT_CACHE_LIMIT = 50_000;
/**
 * Formatted times by zone settings (the same object for every call of a build, so no key string is
 * built per call), language and instant.
 */
const formatCache = new WeakMap<DisplayZones, Partial<Record<DisplayLang, Map<number, string>>>>();

/** Full reader-facing time in the primary zone with the secondary echo: ja "2021年11月25日（木）21:33 JST（UTC 12:33）", en "Thursday, November 25, 2021, 9:33 PM JST (12:33 PM UTC)". */
export function formatInstant(epochMs: number, lang: DisplayLang, zones: DisplayZones = DEFAULT_ZONES): string {
  let byLang = formatCache.get(zones);
  if (!byLang) formatCache.set(zones, (byLang = {}));
  const cache = (byLang[lang] ??= new Map());
  const cached = cache.get(epochMs);
  if (cached !== undefined) return cached;
  const text = formatInstantUncached(epochMs, lang, zones);
  if (cache.size >= FORMAT_CACHE_LIMIT) cache.clear();
  cache.set(epochMs, text);
  return text;
}

function formatInstantUncached(epochMs: number, lang: DisplayLang, zones: DisplayZones): string {
  const p = zoned(epochMs, zones.primary);
  const primaryLabel = zoneAbbreviation(zones.primary, epochMs);
  const main =
    lang === 'ja'
      ? `${dateJa(p)}${p.hour}:${pad2(p.minute)} ${primaryLabel}`
      : `${WEEKDAYS_EN[p.weekday]}, ${monthEn(p.month)} ${p.day}, ${p.year}, ${clock12(p.hour, p.minute)} ${primaryLabel}`;
  if (sameZone(zones.primary, zones.secondary)) return main;

  const s = zoned(epochMs, zones.secondary);
  const secondaryLabel = zoneAbbreviation(zones.secondary, epochMs);
  const sameDate = s.year === p.year && s.month === p.month && s.day === p.day;
  const sameYear = s.year === p.year;
  if (lang === 'ja') {
    const date = sameDate ? '' : sameYear ? `${s.month}月${s.day}日 ` : `${s.year}年${s.month}月${s.day}日 `;
    return `${main}（${secondaryLabel} ${date}${s.hour}:${pad2(s.minute)}）`;
  }
  const date = sameDate ? '' : sameYear ? `${monthEn(s.month)} ${s.day}, ` : `${monthEn(s.month)} ${s.day}, ${s.year}, `;
  return `${main} (${date}${clock12(s.hour, s.minute)} ${secondaryLabel})`;
}

/**
 * A Japanese date with its weekday in full-width brackets, "2021年11月25日（木）": Japanese text takes
 * full-width brackets, and nothing (no space) follows a full-width closing bracket (docs/templates.md#typography).
 */
function dateJa(p: ZonedParts): string {
  return `${p.year}年${p.month}月${p.day}日（${WEEKDAYS_JA[p.weekday]}）`;
}

/** Only the date part in the primary zone: en "November 25, 2021", ja "2021年11月25日（木）". */
export function formatDate(epochMs: number, lang: DisplayLang, zone: string = DEFAULT_ZONES.primary): string {
  const p = zoned(epochMs, zone);
  return lang === 'ja' ? dateJa(p) : `${monthEn(p.month)} ${p.day}, ${p.year}`;
}

/**
 * Duration between two instants: en "3 days 18 hours 28 minutes", ja "3日18時間28分";
 * zero parts omitted; singular in en ("1 day 1 hour 1 minute"); under a minute → en "0 minutes", ja "0分".
 * Seconds are truncated. A negative duration is formatted by magnitude with a leading "-".
 */
export function formatDuration(ms: number, lang: DisplayLang): string {
  const sign = ms < 0 ? '-' : '';
  const totalMinutes = Math.floor(Math.abs(ms) / MINUTE);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  if (lang === 'ja') {
    if (totalMinutes === 0) return '0分';
    return sign + (days ? `${days}日` : '') + (hours ? `${hours}時間` : '') + (minutes ? `${minutes}分` : '');
  }
  if (totalMinutes === 0) return '0 minutes';
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (minutes) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  return sign + parts.join(' ');
}

/**
 * Short zone label for display: Asia/Tokyo → JST, UTC/Etc/UTC → UTC, others → Intl short name in en-US at that instant (e.g. PST/PDT, or GMT+5:30).
 * An unknown zone is returned unchanged.
 */
export function zoneAbbreviation(zone: string, epochMs: number): string {
  if (isTokyo(zone)) return 'JST';
  if (isUtcName(zone)) return 'UTC';
  const iana = ianaZone(zone);
  if (!iana) return zone;
  return iana.offsetName(epochMs, { format: 'short', locale: 'en-US' }) ?? zone;
}

/**
 * Writes an instant in the canonical input form "YYYY-MM-DD HH:mm JST" (seconds
 * only if non-zero, milliseconds only if non-zero) in the given zone, labelled
 * JST/UTC for Asia/Tokyo and UTC, else with the IANA name. Used by scaffolding.
 *
 * Round trip: parseTime gives back the same instant. In the hour repeated when
 * clocks are set back, parseTime takes the earlier occurrence; the later one is
 * therefore written with its numeric offset (e.g. "2021-11-07 01:30 -05:00").
 */
export function formatInputTime(epochMs: number, zone: string): string {
  const p = zoned(epochMs, zone);
  const seconds =
    p.second === 0 && p.millisecond === 0
      ? ''
      : p.millisecond === 0
        ? `:${pad2(p.second)}`
        : `:${pad2(p.second)}.${pad3(p.millisecond)}`;
  const local = `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}${seconds}`;
  if (isTokyo(zone)) return `${local} JST`;
  if (isUtcName(zone)) return `${local} UTC`;
  const iana = displayZone(zone);
  // parseTime accepts only Area/Location names; other zones (EST5EDT, ...) get their numeric offset.
  if (!zone.includes('/')) return `${local} ${formatOffset(iana.offset(epochMs))}`;
  const first = localCandidates(p, iana)[0];
  if (first !== undefined && first !== epochMs) return `${local} ${formatOffset(iana.offset(epochMs))}`;
  return `${local} ${zone}`;
}
