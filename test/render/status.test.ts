import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { badgeSvg } from '../../src/render/badges.js';
import { asOfMs, boardFacts, statusLevel, type IncidentFacts } from '../../src/render/board.js';
import { calendarSvg, dayStates, historySvg, levelBetween, recentDays, yearDays } from '../../src/render/history.js';
import { timelineSvg } from '../../src/render/timeline-svg.js';

const at = (iso: string) => Date.parse(iso);

function facts(overrides: Partial<IncidentFacts> & Pick<IncidentFacts, 'id'>): IncidentFacts {
  const startMs = overrides.startMs ?? at('2026-11-30T00:00:00Z');
  return {
    slug: overrides.id.toLowerCase(),
    service: 'microsoft-teams',
    classification: 'incident',
    status: 'investigating',
    ongoing: true,
    startMs,
    lastUpdatedMs: startMs,
    publishedMs: startMs,
    updates: [{ atMs: startMs, status: overrides.status ?? 'investigating' }],
    ...overrides,
  };
}

describe('the board', () => {
  it('shows the worst ongoing status per service and every other service as operating normally', () => {
    const board = boardFacts(
      ['exchange-online', 'microsoft-teams', 'sharepoint-online'],
      [
        facts({ id: 'TM1', status: 'service-degradation' }),
        facts({ id: 'TM2', status: 'service-interruption' }),
        facts({ id: 'TM3', status: 'investigating', classification: 'advisory' }),
        facts({ id: 'EX1', service: 'exchange-online', status: 'service-restored', ongoing: false, endMs: at('2026-11-30T03:00:00Z') }),
      ],
    );
    expect(board.services.map((service) => [service.key, service.level, service.status, service.ongoing.map((incident) => incident.id)])).toEqual([
      ['exchange-online', 'operational', null, []],
      ['microsoft-teams', 'outage', 'service-interruption', ['TM2', 'TM1', 'TM3']],
      ['sharepoint-online', 'operational', null, []],
    ]);
    expect(board.level).toBe('outage');
  });

  it('counts an advisory as an advisory whatever its status, and a site with nothing ongoing as operational', () => {
    expect(statusLevel('service-interruption', 'advisory')).toBe('advisory');
    expect(boardFacts(['a'], [facts({ id: 'A1', service: 'a', classification: 'advisory' })]).level).toBe('advisory');
    expect(boardFacts(['a'], [facts({ id: 'A1', service: 'a', ongoing: false, endMs: at('2026-11-30T01:00:00Z') })]).level).toBe('operational');
  });

  it('is as of the newest update or publication, never the clock', () => {
    const newest = at('2026-12-01T15:52:00Z');
    expect(asOfMs([facts({ id: 'A', lastUpdatedMs: at('2026-11-30T00:00:00Z'), publishedMs: newest }), facts({ id: 'B', lastUpdatedMs: at('2026-12-01T00:00:00Z') })])).toBe(newest);
    expect(asOfMs([])).toBeUndefined();
  });
});

describe('the history', () => {
  it('has 90 days ending on the "as of" day in the display zone', () => {
    // 2026-11-30T15:52Z is 2026-12-01 00:52 in Tokyo.
    const tokyo = recentDays(at('2026-11-30T15:52:00Z'), 'Asia/Tokyo', 90);
    expect(tokyo).toHaveLength(90);
    expect(tokyo.at(-1)!.date).toBe('2026-12-01');
    expect(tokyo.at(-1)!.startMs).toBe(at('2026-11-30T15:00:00Z'));
    expect(recentDays(at('2026-11-30T15:52:00Z'), 'UTC', 90).at(-1)!.date).toBe('2026-11-30');
  });

  it('gives each day the worst status in force that day, not counting the resolved state after the end', () => {
    const incident = facts({
      id: 'TM1',
      startMs: at('2026-11-28T10:00:00Z'),
      endMs: at('2026-11-29T12:00:00Z'),
      ongoing: false,
      status: 'service-restored',
      updates: [
        { atMs: at('2026-11-28T10:00:00Z'), status: 'investigating' },
        { atMs: at('2026-11-29T02:00:00Z'), status: 'service-interruption' },
        { atMs: at('2026-11-29T12:00:00Z'), status: 'service-restored' },
      ],
    });
    const asOf = at('2026-11-30T12:00:00Z');
    const days = dayStates(recentDays(asOf, 'UTC', 4), [incident], asOf);
    expect(days.map((day) => [day.date, day.level, day.incidents.map((item) => item.id)])).toEqual([
      ['2026-11-27', 'operational', []],
      ['2026-11-28', 'degraded', ['TM1']],
      ['2026-11-29', 'outage', ['TM1']],
      ['2026-11-30', 'operational', []],
    ]);
    expect(levelBetween(incident, at('2026-11-29T13:00:00Z'), at('2026-11-29T14:00:00Z'), asOf)).toBeUndefined();
  });

  it('runs an ongoing incident up to the "as of" instant and marks later days as unknown', () => {
    const asOf = at('2026-06-10T12:00:00Z');
    const days = dayStates(yearDays(2026, 'UTC'), [facts({ id: 'TM1', startMs: at('2026-06-08T00:00:00Z') })], asOf);
    expect(days).toHaveLength(365);
    expect(days.filter((day) => day.incidents.length > 0).map((day) => day.date)).toEqual(['2026-06-08', '2026-06-09', '2026-06-10']);
    expect(days.find((day) => day.date === '2026-06-11')!.level).toBe('future');
  });

  it('draws bars whose heights follow the level, hidden from assistive technology, linking days with incidents to their entry', () => {
    const asOf = at('2026-11-30T12:00:00Z');
    const days = dayStates(recentDays(asOf, 'UTC', 3), [facts({ id: 'TM1', startMs: at('2026-11-30T01:00:00Z'), status: 'service-interruption' })], asOf);
    const svg = historySvg(days, 'history', (day) => `${day.date} ${day.level}`);
    const { document } = parseHTML(`<div>${svg}</div>`);
    const root = document.querySelector('svg')!;
    expect(root.getAttribute('aria-hidden')).toBe('true');
    const bars = [...document.querySelectorAll('rect.day')];
    expect(bars.map((bar) => [bar.getAttribute('class'), bar.getAttribute('height')])).toEqual([
      ['day day-operational', '10'],
      ['day day-operational', '10'],
      ['day day-outage', '40'],
    ]);
    const links = [...document.querySelectorAll('a')];
    expect(links.map((link) => [link.getAttribute('href'), link.getAttribute('tabindex')])).toEqual([['#history-2026-11-30', '-1']]);
    expect(svg).not.toMatch(/style=|<script/u);
  });

  it('draws a calendar with one cell per day of the year, twelve month rows', () => {
    const days = dayStates(yearDays(2024, 'Asia/Tokyo'), [], at('2025-01-01T00:00:00Z'));
    const svg = calendarSvg(days, ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'], 'calendar', (day) => day.date);
    const { document } = parseHTML(`<div>${svg}</div>`);
    expect(document.querySelectorAll('rect.cell')).toHaveLength(366);
    expect(document.querySelectorAll('text.calendar-month')).toHaveLength(12);
  });
});

describe('the timeline picture', () => {
  const text = { lang: 'ja' as const, id: 'timeline-picture', title: 'EX1 の経過', description: '説明 & <詳細>', statusLabel: (key: string) => `label:${key}`, ongoing: '継続中' };
  const ended = {
    startMs: at('2021-11-25T12:33:00Z'),
    endMs: at('2021-11-29T07:01:00Z'),
    updates: [
      { atMs: at('2021-11-25T12:40:00Z'), status: 'investigating' },
      { atMs: at('2021-11-26T03:00:00Z'), status: 'service-interruption' },
      { atMs: at('2021-11-29T07:01:00Z'), status: 'service-restored' },
    ],
  };

  it('is an image with a name and a description, one mark per update shaped by status, and both zones', () => {
    const svg = timelineSvg(ended, { primary: 'Asia/Tokyo', secondary: 'UTC' }, text);
    const { document } = parseHTML(`<div>${svg}</div>`);
    const root = document.querySelector('svg')!;
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-labelledby')).toBe('timeline-picture-title timeline-picture-desc');
    expect(document.getElementById('timeline-picture-title')!.textContent).toBe('EX1 の経過');
    expect(document.getElementById('timeline-picture-desc')!.textContent).toBe('説明 & <詳細>');
    expect([...document.querySelectorAll('.tl-mark')].map((mark) => mark.getAttribute('class'))).toEqual(['mark mark-warning tl-mark', 'mark mark-danger tl-mark', 'mark mark-success tl-mark']);
    expect([...document.querySelectorAll('.tl-zone')].map((label) => label.textContent)).toEqual(['JST', 'UTC']);
    expect([...document.querySelectorAll('.tl-legend')].map((label) => label.textContent)).toEqual(['label:investigating', 'label:service-interruption', 'label:service-restored']);
    expect(document.querySelector('.tl-open')).toBeNull();
    // JST days start 9 hours before UTC ones: the axes label different dates at the day boundaries.
    const dates = [...document.querySelectorAll('.tl-date')].map((label) => label.textContent);
    expect(dates).toContain('11/25（木）');
    expect(svg).not.toMatch(/style=|<script|on[a-z]+=/u);
  });

  it('draws an open end while the incident has none', () => {
    const { endMs: _end, ...ongoing } = ended;
    const svg = timelineSvg(ongoing, { primary: 'Asia/Tokyo', secondary: 'UTC' }, text);
    const { document } = parseHTML(`<div>${svg}</div>`);
    expect(document.querySelectorAll('.tl-open')).toHaveLength(2); // the dashed end and its legend
    expect(document.querySelector('.tl-open-arrow')).not.toBeNull();
    expect([...document.querySelectorAll('.tl-legend')].at(-1)!.textContent).toBe('継続中');
  });

  it('gives the same bytes for the same facts, and hour ticks for a short incident', () => {
    const short = { startMs: at('2026-11-30T15:00:00Z'), endMs: at('2026-11-30T17:30:00Z'), updates: [{ atMs: at('2026-11-30T15:10:00Z'), status: 'investigating' }] };
    const first = timelineSvg(short, { primary: 'Asia/Tokyo', secondary: 'UTC' }, text);
    expect(timelineSvg(structuredClone(short), { primary: 'Asia/Tokyo', secondary: 'UTC' }, { ...text })).toBe(first);
    const { document } = parseHTML(`<div>${first}</div>`);
    const hours = [...document.querySelectorAll('.tl-hour')].map((label) => label.textContent);
    expect(hours).toContain('1:00'); // 16:00 UTC is 1:00 JST
    expect(hours).toContain('16:00');
  });
});

describe('a badge', () => {
  it('writes the state out, names itself and escapes its text', () => {
    const svg = badgeSvg('R&D <Teams>', '障害', 'outage', 'ja');
    const { document } = parseHTML(svg);
    const root = document.querySelector('svg')!;
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-label')).toBe('R&D <Teams>：障害');
    expect([...document.querySelectorAll('text')].map((node) => node.textContent)).toEqual(['R&D <Teams>', '障害']);
    expect(svg).not.toMatch(/style=|<script/u);
    expect(Number(root.getAttribute('width'))).toBeGreaterThan(60);
  });
});
