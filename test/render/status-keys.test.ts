import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import type { SiteModel } from '../../src/model.js';
import { OutputReuse } from '../../src/incremental/output-reuse.js';
import type { PreviousOutput } from '../../src/incremental/previous-output.js';
import { renderListings } from '../../src/render/listings.js';
import { renderSite } from '../../src/render/site.js';
import { renderStatusFiles } from '../../src/render/status-files.js';
import { readTemplateFiles, type TemplateFiles } from '../../src/render/templates.js';
import { TEMPLATES } from '../helpers/build.js';
import { loadFixture } from '../helpers/fixture.js';

function record(id: string, service: string, status: string, summary: string, end?: string): string {
  return JSON.stringify({
    id,
    service,
    title: { ja: `${id} タイトル`, en: `${id} title` },
    summary: { ja: summary, en: summary },
    start: '2026-11-30 09:00 JST',
    ...(end ? { end } : {}),
    status,
    updates: [{ at: '2026-11-30 09:30 JST', status, title: { ja: '更新', en: 'Update' }, body: { ja: '本文', en: 'Body' } }],
  });
}

function model(files: Record<string, string>): SiteModel {
  const result = loadFixture(files);
  expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  return result.model!;
}

let templates: TemplateFiles;
beforeAll(async () => {
  templates = await readTemplateFiles(TEMPLATES);
});

/** The key each file was asked for under, with every incident keyed by its whole content. */
async function keys(site: SiteModel): Promise<Map<string, string>> {
  const asked = new Map<string, string>();
  const previous = { reuse: (file: string, key: string) => void asked.set(file, key), reuseNamed: () => undefined, pieces: () => new Map(), recordPieces: () => undefined } as unknown as PreviousOutput;
  const incidentKeys = new Map(site.incidents.map((incident) => [incident.slug, createHash('sha256').update(JSON.stringify(incident)).digest('hex')]));
  const diagnostics = new DiagnosticCollector();
  await renderSite(site, templates, { templatesRoot: 'templates', diagnostics, reuse: OutputReuse.of(previous, 'site', incidentKeys) }, [renderListings, renderStatusFiles]);
  expect(diagnostics.items).toEqual([]);
  return asked;
}

const BASE = {
  'incidents/TM1.yaml': record('TM1', 'microsoft-teams', 'service-degradation', 'Teams is slow.'),
  'incidents/EX1.yaml': record('EX1', 'exchange-online', 'service-restored', 'Mail was delayed.', '2026-11-30 10:00 JST'),
};

describe('the board, histories and badges are keyed by the facts they show', () => {
  it('keep their keys when an edit changes no status or time, and change them when a status changes', async () => {
    const before = await keys(model(BASE));
    const retold = await keys(model({ ...BASE, 'incidents/TM1.yaml': record('TM1', 'microsoft-teams', 'service-degradation', 'Teams is slow, worded anew.') }));
    const worse = await keys(model({ ...BASE, 'incidents/TM1.yaml': record('TM1', 'microsoft-teams', 'service-interruption', 'Teams is slow.') }));
    const statusFiles = ['api/v1/board.json', 'badges/ja/site.svg', 'badges/en/services/microsoft-teams.svg', 'badges/en/services/exchange-online.svg'];
    for (const file of statusFiles) {
      expect(before.get(file), file).toBeDefined();
      expect(retold.get(file), `${file} after a new wording`).toBe(before.get(file));
      expect(worse.get(file), `${file} after a status change`).not.toBe(before.get(file));
    }
    // Exchange Online's page shows neither TM1 nor its days: a change of TM1 leaves it alone.
    expect(worse.get('ja/services/exchange-online/index.html')).toBe(before.get('ja/services/exchange-online/index.html'));
    // Teams' page shows TM1's days, and the index the board: both follow its status.
    expect(worse.get('ja/services/microsoft-teams/index.html')).not.toBe(before.get('ja/services/microsoft-teams/index.html'));
    expect(worse.get('ja/index.html')).not.toBe(before.get('ja/index.html'));
  });
});
