import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/messages/index.js';
import { all, buildFixture, parseHtml, textOf } from '../helpers/build.js';
import { loadFixture } from '../helpers/fixture.js';
import { openSearchIndex } from '../helpers/pagefind-search.js';

/** A record whose Japanese title, impact and one update text are still the scaffold's placeholders. */
const RECORD = [
  'id: EX1',
  'service: exchange-online',
  'title: {en: Mail is delayed, ja: "TODO: 障害の見出し"}',
  'impact: {en: Users cannot send mail., ja: "TODO: zebraimpact"}',
  'start: 2021-11-25 21:33 JST',
  'updates:',
  '  - at: 2021-11-25 22:00 JST',
  '    status: investigating',
  '    current_status:',
  '      en: We are looking into it.',
  '      ja: "TODO: 現在の状況と対応 zebrastatus"',
  '  - at: 2021-11-25 23:00 JST',
  '    status: restoring-service',
  '    current_status: "TODO: what is happening and what is being done"',
].join('\n');

const lines = (result: ReturnType<typeof loadFixture>) =>
  result.diagnostics.map((item) => `${item.line}:${item.column} ${item.severity} ${item.rule} ${item.message}`);

describe('placeholders', () => {
  it('are warnings at the placeholder value, with the English and Japanese messages', () => {
    const result = loadFixture({ 'incidents/EX1.yaml': RECORD });
    expect(lines(result)).toEqual([
      '3:34 warning placeholder the Japanese title is still a "TODO:" placeholder',
      '4:43 warning placeholder the Japanese impact is still a "TODO:" placeholder',
      '11:11 warning placeholder the Japanese current_status of the update at 2021-11-25 22:00 JST is still a "TODO:" placeholder',
      '14:21 warning placeholder the English current_status of the update at 2021-11-25 23:00 JST is still a "TODO:" placeholder',
    ]);
    const first = result.diagnostics[0]!;
    expect(first.hint).toBe('write the text or delete the line; until then readers see the other language with a note, never the placeholder');
    expect(first.texts?.ja).toEqual({
      message: 'title（日本語）が「TODO:」の仮の文のままです',
      hint: '本文を書くか、その行を消してください。それまで読者には仮の文ではなく、もう一方の言語が注記付きで表示されます',
    });
    expect(messageOf('placeholder', 'ja', { field: 'current_status', language: 'en', at: '2021-11-25 23:00 JST' }).message).toBe(
      '2021-11-25 23:00 JST の更新のcurrent_status（英語）が「TODO:」の仮の文のままです',
    );
  });

  it('are left out of the model like missing translations, never as text', () => {
    const incident = loadFixture({ 'incidents/EX1.yaml': RECORD }).model!.incidents[0]!;
    expect(incident.title).toEqual({ en: 'Mail is delayed' });
    expect(incident.impact).toEqual({ en: 'Users cannot send mail.' });
    expect(incident.updates.map((update) => update.fields.current_status)).toEqual([undefined, { en: 'We are looking into it.' }]);
  });

  it('reach no page, feed, API file or search index, and the page shows the other language with its note', async () => {
    const run = await buildFixture({ 'content/incidents/EX1.yaml': RECORD });
    try {
      expect(run.result.ok).toBe(true);
      const leaks = [...run.files].filter(([file, bytes]) => !file.startsWith('pagefind/') && /TODO|zebra/u.test(bytes.toString('utf8'))).map(([file]) => file);
      expect(leaks).toEqual([]);
      const page = parseHtml(run.text('ja/incidents/ex1/index.html'));
      expect(textOf(page.querySelector('h1'))).toBe('Mail is delayed');
      expect(all(page, '[lang="en"]').length).toBeGreaterThan(0);
      for (const lang of ['ja', 'en']) {
        const index = await openSearchIndex(run.files, lang);
        try {
          expect(await index.search('zebraimpact')).toEqual([]);
          expect(await index.search('zebrastatus')).toEqual([]);
          expect(await index.search('TODO')).toEqual([]);
          expect((await index.search('delayed')).length).toBe(1);
        } finally {
          await index.close();
        }
      }
    } finally {
      await run.remove();
    }
  });

  it('turn into errors with --strict', async () => {
    const run = await buildFixture({ 'content/incidents/EX1.yaml': RECORD }, { strict: true });
    try {
      expect(run.result.ok).toBe(false);
      expect(run.result.diagnostics.filter((item) => item.rule === 'placeholder').map((item) => item.severity)).toEqual(['error', 'error', 'error', 'error']);
    } finally {
      await run.remove();
    }
  });

  it('in a link title are left out too (the link shows its URL) and warned about', () => {
    const record = `${RECORD}\nlinks:\n  - url: https://example.com/notice\n    title: {en: Notice, ja: "TODO: リンク"}\n`;
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(lines(result).at(-1)).toBe('17:29 warning placeholder the Japanese link title is still a "TODO:" placeholder');
    expect(result.model!.incidents[0]!.links).toEqual([{ url: 'https://example.com/notice', title: { en: 'Notice' } }]);
  });

  it('in every language of the title show the id until it is written', () => {
    const record = RECORD.replace('title: {en: Mail is delayed, ja: "TODO: 障害の見出し"}', 'title: {en: "TODO: headline", ja: "TODO: 障害の見出し"}');
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(result.model!.incidents[0]!.title).toEqual({ en: 'EX1' });
  });
});

describe('contradicting times', () => {
  it('warn at an update dated before the start, in English and Japanese', () => {
    const record = ['id: EX1', 'service: exchange-online', 'title: {en: T, ja: T}', 'start: 2021-11-25 21:33 JST', 'updates:', '  - at: 2021-11-25 20:00 JST', '    status: investigating', '    body: {en: B, ja: B}'].join('\n');
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(lines(result)).toEqual(["6:5 warning update-before-start the update at 2021-11-25 20:00 JST is before the incident's start (2021-11-25 21:33 JST)"]);
    expect(result.diagnostics[0]!.texts?.ja.message).toBe('2021-11-25 20:00 JST の更新が、障害の開始（2021-11-25 21:33 JST）より前になっています');
  });

  it('warn at published when it is after the newest update, and dateModified and feed updates are never before published', async () => {
    const record = [
      'id: EX1',
      'service: exchange-online',
      'title: {en: T, ja: T}',
      'start: 2021-11-25 21:33 JST',
      'published: 2021-11-27 09:00 JST',
      'updates:',
      '  - at: 2021-11-25 22:00 JST',
      '    status: investigating',
      '    body: {en: B, ja: B}',
    ].join('\n');
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(lines(result)).toEqual(['5:12 warning published-after-update published (2021-11-27 09:00 JST) is after the newest update (2021-11-25 22:00 JST)']);
    expect(result.diagnostics[0]!.texts?.ja.message).toBe('published（2021-11-27 09:00 JST）が最新の更新（2021-11-25 22:00 JST）より後になっています');

    const run = await buildFixture({ 'content/incidents/EX1.yaml': record });
    try {
      const page = parseHtml(run.text('en/incidents/ex1/index.html'));
      const ld = JSON.parse(page.querySelector('script[type="application/ld+json"]')!.textContent!) as { datePublished: string; dateModified: string };
      expect(ld.datePublished).toBe('2021-11-27T00:00:00Z');
      expect(ld.dateModified).toBe('2021-11-27T00:00:00Z');
      const atom = run.text('en/feed.xml');
      expect(atom.match(/<updated>[^<]*<\/updated>/gu)).toEqual(['<updated>2021-11-27T00:00:00.000Z</updated>', '<updated>2021-11-27T00:00:00.000Z</updated>']);
    } finally {
      await run.remove();
    }
  });
});
