import { describe, expect, it } from 'vitest';
import { diagnostic, editLines, loadFixture, MARKDOWN_EN, YAML_RECORD } from '../helpers/fixture.js';

const FILE = 'content/incidents/EX1.yaml';
const withStart = (value: string) => loadFixture({ [FILE]: editLines(YAML_RECORD, { 4: `start: ${value}` }) });

describe('times in records', () => {
  it.each([
    ['2021-11-25 21:33 JST', '2021-11-25T12:33:00Z'],
    ['2021-11-25T21:33+09:00', '2021-11-25T12:33:00Z'],
    ['2021-11-25T12:33:00Z', '2021-11-25T12:33:00Z'],
    ['2021-11-25 12:33 UTC', '2021-11-25T12:33:00Z'],
    ['2021-11-25 12:33 GMT', '2021-11-25T12:33:00Z'],
    ['2021-11-25 13:33 +01:00', '2021-11-25T12:33:00Z'],
    ['2021-11-25 21:33 Asia/Tokyo', '2021-11-25T12:33:00Z'],
    ['2021-11-25 04:33 America/Los_Angeles', '2021-11-25T12:33:00Z'],
    ['"Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)"', '2021-11-25T12:33:00Z'],
    ['"Thursday, November 25, 2021, 9:33 PM JST"', '2021-11-25T12:33:00Z'],
    ['"Thursday, November 25, 2021, at 12:33 PM UTC"', '2021-11-25T12:33:00Z'],
  ])('reads start: %s as the exact instant %s', (value, iso) => {
    const result = withStart(value);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.start.iso).toBe(iso);
  });

  it('keeps what the writer wrote next to the instant', () => {
    const result = withStart('"Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)"');
    expect(result.model?.incidents[0]?.start).toEqual({
      epochMs: Date.UTC(2021, 10, 25, 12, 33),
      iso: '2021-11-25T12:33:00Z',
      source: 'Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)',
    });
  });

  it('reads the echo with a date when the UTC day differs', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 12: '  - at: "Friday, November 26, 2021, 1:30 AM (11/25/2021, 4:30 PM UTC)"' }) });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.updates[0]?.at.iso).toBe('2021-11-25T16:30:00Z');
  });

  it('reports a weekday that does not match the date, saying which day it is', () => {
    const result = withStart('"Friday, November 25, 2021, 9:33 PM (12:33 PM UTC)"');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-weekday', 'November 25, 2021 is a Thursday, not a Friday')]);
  });

  it('reports a UTC echo that disagrees with the local time, saying what it should be', () => {
    const result = withStart('"Thursday, November 25, 2021, 9:33 PM (1:33 PM UTC)"');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-echo', 'the UTC echo should be 12:33 PM UTC')]);
    expect(result.diagnostics[0]?.hint).toContain('9:33 PM JST is 12:33 PM UTC');
  });

  it('reports a time without a zone and suggests one', () => {
    const result = withStart('2021-11-25 21:33');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-no-zone', '"2021-11-25 21:33" has no time zone')]);
    expect(result.diagnostics[0]?.hint).toContain('2021-11-25 21:33 JST');
  });

  it('reports the official style without a zone or echo', () => {
    const result = withStart('"Thursday, November 25, 2021, 9:33 PM"');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-no-zone', 'has no time zone')]);
    expect(result.diagnostics[0]?.hint).toContain('(12:33 PM UTC)');
  });

  it('reports an unquoted number as a time that is not text', () => {
    const result = withStart('2021');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-format', 'start must be a time written as text with a zone, not the number 2021')]);
    expect(result.diagnostics[0]?.hint).toContain('quote it and add a zone');
  });

  it('never turns an unquoted YAML date into a UTC timestamp', () => {
    const result = withStart('2021-11-25');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-format', '"2021-11-25" has a date but no time of day')]);
  });

  it('reports a date that does not exist', () => {
    const result = withStart('2021-02-29 10:00 JST');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-invalid-date', 'February 2021 has no day 29')]);
  });

  it('accepts the leap day of a leap year', () => {
    const result = loadFixture({
      [FILE]: editLines(YAML_RECORD, { 4: 'start: 2020-02-29 10:00 JST', 5: 'end: 2020-03-01 10:00 JST', 8: '  - at: 2020-02-29 11:00 JST', 11: null, 12: '  - at: 2020-03-01 11:00 JST' }),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]?.start.iso).toBe('2020-02-29T01:00:00Z');
  });

  it('reports an unknown zone', () => {
    const result = withStart('2021-11-25 21:33 Mars/Olympus');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-unknown-zone', 'unknown time zone "Mars/Olympus"')]);
  });

  it('refuses an ambiguous abbreviation and suggests the IANA name', () => {
    const result = withStart('2021-11-25 04:33 PST');
    expect(result.diagnostics).toEqual([diagnostic(FILE, 4, 8, 'time-unknown-zone', 'unknown time zone "PST"')]);
    expect(result.diagnostics[0]?.hint).toContain('America/Los_Angeles');
  });

  it('checks times in updates at their own position', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 8: '  - at: 2021-11-25 22:00', 11: '    next_update: "Friday, November 25, 2021, 11:00 PM (2:00 PM UTC)"' }) });
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 8, 9, 'time-no-zone', '"2021-11-25 22:00" has no time zone'),
      diagnostic(FILE, 11, 18, 'time-weekday', 'November 25, 2021 is a Thursday, not a Friday'),
    ]);
  });

  it('checks the time of a Markdown heading at the time itself', () => {
    const file = 'content/incidents/EX2.en.md';
    const result = loadFixture({ [file]: editLines(MARKDOWN_EN, { 14: '## Friday, November 25, 2021, 4:30 PM UTC — Service restored' }) });
    expect(result.diagnostics).toEqual([diagnostic(file, 14, 4, 'time-weekday', 'November 25, 2021 is a Thursday, not a Friday')]);
  });
});

describe('end-before-start', () => {
  it('reports an end before the start at the end', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 5: 'end: 2021-11-25 12:00 UTC' }) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 5, 6, 'end-before-start', 'end (2021-11-25 12:00 UTC) is before start (2021-11-25 21:33 JST)')]);
  });

  it('accepts an end in another zone that is after the start', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 5: 'end: 2021-11-25 13:00 UTC' }) });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents[0]).toMatchObject({ ongoing: false, end: { iso: '2021-11-25T13:00:00Z' } });
  });

  it('reports an update whose stated end is before its stated start', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, {}, ['    start: 2021-11-25 21:33 JST', '    end: 2021-11-25 21:00 JST']) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 16, 10, 'end-before-start', 'end (2021-11-25 21:00 JST) is before start (2021-11-25 21:33 JST) in this update')]);
  });
});

describe('next-update-before-update', () => {
  it('reports a next update promised before the update itself', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 11: '    next_update: 2021-11-25 12:00 UTC' }) });
    expect(result.diagnostics).toEqual([
      diagnostic(FILE, 11, 18, 'next-update-before-update', 'next_update (2021-11-25 12:00 UTC) is not after the update itself (2021-11-25 22:00 JST)'),
    ]);
  });

  it('reports a next update at the same instant as the update', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 11: '    next_update: 2021-11-25T13:00:00Z' }) });
    expect(result.diagnostics.map((item) => item.rule)).toEqual(['next-update-before-update']);
  });
});

describe('duplicate-update', () => {
  it('reports two updates of one file at the same instant written in different zones', () => {
    const result = loadFixture({ [FILE]: editLines(YAML_RECORD, { 12: '  - at: 2021-11-25T13:00:00Z' }) });
    expect(result.diagnostics).toEqual([diagnostic(FILE, 12, 5, 'duplicate-update', 'two updates at the same instant (2021-11-25T13:00:00Z); the other is at line 8')]);
  });

  it('reports two headings of one Markdown file at the same instant', () => {
    const file = 'content/incidents/EX2.en.md';
    const result = loadFixture({ [file]: editLines(MARKDOWN_EN, { 14: '## 2021-11-25 22:00 JST — Service restored' }) });
    expect(result.diagnostics).toEqual([diagnostic(file, 14, 1, 'duplicate-update', 'the other is at line 10')]);
  });
});
