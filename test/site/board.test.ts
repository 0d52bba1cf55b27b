import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildFixture, parseHtml, resolveInternal, textOf, type BuildRun } from '../helpers/build.js';

const BASE = 'https://example.com/';

/** A record with one update per status, in order, an hour apart from `start` (JST). */
function record(id: string, service: string, start: string, statuses: string[], end?: string, classification = 'incident'): string {
  const [date, time] = start.split(' ');
  const hour = Number(time!.split(':')[0]);
  const updates = statuses.map((status, index) => `  - at: ${date} ${String(hour + index).padStart(2, '0')}:00 JST\n    status: ${status}\n    title: {ja: 更新 ${index + 1}, en: Update ${index + 1}}\n    body: {ja: 状況です。, en: The state.}\n`).join('');
  return `id: ${id}
service: ${service}
classification: ${classification}
title: {ja: ${id} の日本語タイトル, en: ${id} English title}
impact: {ja: 影響があります。, en: Users are affected.}
start: ${start} JST
${end ? `end: ${end} JST\n` : ''}status: ${statuses.at(-1)}
published: ${start} JST
updates:
${updates}`;
}

const FILES = {
  'content/services.yaml': 'exchange-online: {ja: Exchange Online, en: Exchange Online}\nmicrosoft-teams: {ja: Microsoft Teams, en: Microsoft Teams}\nsharepoint-online: {ja: SharePoint Online, en: SharePoint Online}\n',
  'content/incidents/tm1.yaml': record('TM1', 'microsoft-teams', '2026-12-01 00:00', ['investigating', 'service-degradation']),
  'content/incidents/ex1.yaml': record('EX1', 'exchange-online', '2026-11-20 09:00', ['service-interruption', 'service-restored'], '2026-11-20 10:00'),
  'content/incidents/ex2.yaml': record('EX2', 'exchange-online', '2026-03-02 09:00', ['investigating', 'resolved'], '2026-03-02 10:00'),
};

let run: BuildRun;
beforeAll(async () => {
  run = await buildFixture(FILES);
  expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
});
afterAll(() => run.remove());

describe('the status board', () => {
  for (const [lang, teamsState, normal, asOf] of [
    ['ja', 'サービス低下', '正常', '2026年12月1日（火）1:00 JST（UTC 11月30日 16:00）時点'],
    ['en', 'Service degradation', 'Operating normally', 'As of Tuesday, December 1, 2026, 1:00 AM JST (November 30, 4:00 PM UTC)'],
  ] as const) {
    it(`tops the ${lang} index: Teams with its current status and a link, the others operating normally, as of the newest update`, () => {
      const file = `${lang}/index.html`;
      const document = parseHtml(run.text(file));
      const board = document.querySelector('section.board')!;
      expect(board).not.toBeNull();
      const rows = all(board, '.board-service').map((row) => [textOf(row.querySelector('.board-service-name')), textOf(row.querySelector('.board-state'))]);
      expect(rows).toEqual([
        ['Exchange Online', normal],
        ['Microsoft Teams', teamsState],
        ['SharePoint Online', normal],
      ]);
      const links = all(board, '.board-incidents a').map((link) => resolveInternal(file, link.getAttribute('href')!, BASE)!.file);
      expect(links).toEqual([`${lang}/incidents/tm1/index.html`]);
      expect(textOf(board.querySelector('.as-of'))).toBe(asOf);
      expect(board.querySelector('.as-of time')!.getAttribute('datetime')).toBe('2026-11-30T16:00:00Z');
      // The state is text, with a shape beside it: never colour alone.
      expect(board.querySelector('.board-service.level-degraded .status-mark')).not.toBeNull();
    });
  }

  it('says so in one banner when nothing is ongoing', async () => {
    const quiet = await buildFixture({ ...FILES, 'content/incidents/tm1.yaml': record('TM1', 'microsoft-teams', '2026-12-01 00:00', ['investigating', 'service-restored'], '2026-12-01 01:00') });
    try {
      for (const [lang, text] of [['ja', 'すべてのサービスは正常に稼働しています'], ['en', 'All services are operating normally']]) {
        const banners = all(parseHtml(quiet.text(`${lang}/index.html`)), '.board-banner');
        expect(banners.map(textOf)).toEqual([text]);
      }
    } finally {
      await quiet.remove();
    }
  });

  it('is on the front door in both languages, which is the x-default of both indexes', () => {
    const document = parseHtml(run.text('index.html'));
    const board = document.querySelector('section.board')!;
    const teams = all(board, '.board-service')[1]!;
    expect(textOf(teams.querySelector('.board-state'))).toBe('サービス低下 / Service degradation');
    expect(all(teams, '.board-incidents a').map((link) => link.getAttribute('href'))).toEqual(['ja/incidents/tm1/index.html', 'en/incidents/tm1/index.html']);
    const alternates = (html: string) => Object.fromEntries(all(parseHtml(html), 'link[rel="alternate"][hreflang]').map((link) => [link.getAttribute('hreflang'), link.getAttribute('href')]));
    const expected = { ja: `${BASE}ja/`, en: `${BASE}en/`, 'x-default': BASE };
    expect(alternates(run.text('index.html'))).toEqual(expected);
    expect(alternates(run.text('ja/index.html'))).toEqual(expected);
    expect(alternates(run.text('en/index.html'))).toEqual(expected);
    const sitemap = run.text('sitemap.xml');
    expect(sitemap).toContain(`<loc>${BASE}</loc>\n    <xhtml:link rel="alternate" hreflang="ja" href="${BASE}ja/"/>\n    <xhtml:link rel="alternate" hreflang="en" href="${BASE}en/"/>\n    <xhtml:link rel="alternate" hreflang="x-default" href="${BASE}"/>`);
  });

  it('is in the API: each service with its level, status and ongoing ids, and the "as of" instant', () => {
    const board = JSON.parse(run.text('api/v1/board.json'));
    expect(board.as_of).toBe('2026-11-30T16:00:00Z');
    expect(board.level).toBe('degraded');
    expect(board.services.map((service: { key: string; level: string; status: { key: string } | null; ongoing: string[] }) => [service.key, service.level, service.status?.key ?? null, service.ongoing])).toEqual([
      ['exchange-online', 'operational', null, []],
      ['microsoft-teams', 'degraded', 'service-degradation', ['TM1']],
      ['sharepoint-online', 'operational', null, []],
    ]);
  });
});

describe('the timeline picture', () => {
  it('is on every article, with JST and UTC axes and an accessible name and description', () => {
    for (const lang of ['ja', 'en']) {
      for (const slug of ['tm1', 'ex1', 'ex2']) {
        const document = parseHtml(run.text(`${lang}/incidents/${slug}/index.html`));
        const svg = document.querySelector('.timeline svg.timeline-picture')!;
        expect(svg, `${lang} ${slug}`).not.toBeNull();
        expect(svg.getAttribute('role')).toBe('img');
        const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
        expect(textOf(document.getElementById(titleId!))).toContain(slug.toUpperCase());
        expect(textOf(document.getElementById(descId!)).length).toBeGreaterThan(20);
        expect(all(svg, '.tl-zone').map(textOf)).toEqual(['JST', 'UTC']);
        expect(Boolean(svg.querySelector('.tl-open'))).toBe(slug === 'tm1');
      }
    }
  });
});

describe('service history and calendars', () => {
  it('shows the last 90 days on a service page, ending on the "as of" day, with the days with incidents as a list', () => {
    const file = 'ja/services/exchange-online/index.html';
    const document = parseHtml(run.text(file));
    const history = document.querySelector('section.history-history')!;
    expect(all(history, 'rect.day')).toHaveLength(90);
    expect(textOf(history.querySelector('.history-range'))).toBe('2026年9月3日（木）〜2026年12月1日（火）（JST）');
    const days = all(history, '.history-days li');
    expect(days.map((day) => [day.getAttribute('id'), textOf(day.querySelector('.history-level'))])).toEqual([['history-2026-11-20', '障害']]);
    expect(resolveInternal(file, days[0]!.querySelector('a')!.getAttribute('href')!, BASE)!.file).toBe('ja/incidents/ex1/index.html');
    // The bar of that day links to its entry.
    expect(history.querySelector('a[href="#history-2026-11-20"]')).not.toBeNull();
  });

  it('shows a calendar of the year on service and year pages', () => {
    const service = parseHtml(run.text('en/services/exchange-online/index.html')).querySelector('section.history-calendar')!;
    expect(all(service, 'rect.cell')).toHaveLength(365);
    expect(all(service, '.history-days li').map((day) => day.getAttribute('id'))).toEqual(['calendar-2026-11-20', 'calendar-2026-03-02']);
    const year = parseHtml(run.text('ja/2026/index.html')).querySelector('section.history-calendar')!;
    expect(all(year, '.history-days li').map((day) => day.getAttribute('id'))).toEqual(['calendar-2026-12-01', 'calendar-2026-11-20', 'calendar-2026-03-02']);
  });
});

describe('badges', () => {
  it('exist per service and for the whole site in both languages, with the state written out', () => {
    for (const [lang, teams, site] of [
      ['ja', 'Microsoft Teams：サービス低下', 'テスト：一部に影響'],
      ['en', 'Microsoft Teams: Service degradation', 'Test: Degraded'],
    ]) {
      const badge = parseHtml(run.text(`badges/${lang}/services/microsoft-teams.svg`)).querySelector('svg')!;
      expect(badge.getAttribute('aria-label')).toBe(teams);
      expect(parseHtml(run.text(`badges/${lang}/site.svg`)).querySelector('svg')!.getAttribute('aria-label')).toBe(site);
      expect(run.files.has(`badges/${lang}/services/exchange-online.svg`)).toBe(true);
    }
  });

  it('comes with a site icon so that /favicon.ico is found', () => {
    expect(run.files.get('favicon.ico')!.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect(run.text('favicon.svg')).toMatch(/^<svg /u);
    const head = parseHtml(run.text('ja/index.html'));
    expect(all(head, 'link[rel="icon"]').map((link) => link.getAttribute('href'))).toEqual(['../favicon.ico', '../favicon.svg']);
  });
});
