import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { buildFixture, REPO_ROOT, type BuildRun } from '../helpers/build.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const SERVICES = `exchange-online: {ja: Exchange Online, en: Exchange Online}
microsoft-teams: {ja: Microsoft Teams, en: Microsoft Teams}
sharepoint-online: {ja: SharePoint Online, en: SharePoint Online}
`;

/** An ongoing incident, a resolved advisory with labelled fields and Markdown, an upcoming and a running maintenance. */
const CONTENT = {
  'content/services.yaml': SERVICES,
  'content/incidents/EX1.yaml': `id: EX1
service: exchange-online
classification: incident
title: {en: Mail delivery is delayed, ja: メールの配信が遅延しています}
start: 2024-03-06 16:51 UTC
status: identified
updates:
  - at: 2024-03-06 16:55:10.180 UTC
    status: investigating
    body: {en: "We are looking into reports that **mail** arrives late.", ja: メールの遅延を調査しています。}
  - at: 2024-03-06 17:12:30 UTC
    status: identified
    current_status: {en: "We found the cause:\\n\\n- a queue\\n- a worker"}
`,
  'content/incidents/TM2.yaml': `id: TM2
service: microsoft-teams
classification: advisory
title: {en: Some users cannot upload files}
start: 2024-03-01 01:00 JST
end: 2024-03-01 03:30 JST
status: service-restored
updates:
  - at: 2024-03-01 01:20 JST
    status: investigating
    impact: {en: Users may fail to upload files.}
  - at: 2024-03-01 03:40 JST
    status: service-restored
    final_status: {en: "We rolled back a change. See [the notes](https://example.com/notes)."}
`,
  'content/incidents/SP-M1.yaml': `id: SP-M1
service: sharepoint-online
classification: advisory
title: {en: Database upgrade}
start: 2024-03-10 07:00 UTC
status: scheduled
updates:
  - at: 2024-03-01 18:00 UTC
    status: scheduled
    start: 2024-03-10 07:00 UTC
    end: 2024-03-10 09:00 UTC
    body: {en: We will upgrade the database.}
`,
  'content/incidents/SP-M2.yaml': `id: SP-M2
service: microsoft-teams
classification: advisory
title: {en: Network maintenance}
start: 2024-03-05 10:00 UTC
status: in-progress
updates:
  - at: 2024-03-02 10:00 UTC
    status: scheduled
    body: {en: Planned network work.}
  - at: 2024-03-05 10:00 UTC
    status: in-progress
    body: {en: The work has started.}
`,
};

const FILES = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
];

let run: BuildRun;
beforeAll(async () => {
  run = await buildFixture(CONTENT);
  expect(run.result.ok).toBe(true);
});
afterAll(() => run?.remove());

const json = (file: string) => JSON.parse(run.text(file)) as Record<string, unknown>;

describe('the Statuspage-compatible API', () => {
  it('writes every file in English and Japanese, and each validates against docs/statuspage-api.schema.json', async () => {
    const schema = JSON.parse(await readFile(path.join(REPO_ROOT, 'docs', 'statuspage-api.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    for (const root of ['api/v2', 'ja/api/v2']) {
      for (const file of FILES) {
        const value = json(`${root}/${file}`);
        const ok = validate(value);
        expect(ok ? [] : validate.errors!.map((error) => `${root}/${file}${error.instancePath} ${error.message}`)).toEqual([]);
      }
    }
    // The schema can fail: a value outside Statuspage's set is refused.
    const broken = json('api/v2/status.json');
    (broken.status as { indicator: string }).indicator = 'degraded';
    expect(validate(broken)).toBe(false);
  });

  it("anchors updated_at on the content's newest instant, with the zone's offset", () => {
    const page = json('api/v2/status.json').page as Record<string, string>;
    expect(page.updated_at).toBe('2024-03-07T02:12:30.000+09:00');
    expect(page.time_zone).toBe('Asia/Tokyo');
    expect(Date.parse(page.updated_at!)).toBe(Date.parse('2024-03-06T17:12:30Z'));
  });

  it('gives English text at api/v2/ and Japanese at ja/api/v2/', () => {
    const en = (json('api/v2/incidents.json').incidents as { id: string; name: string; incident_updates: { body: string }[] }[]).find((item) => item.id === 'EX1')!;
    const ja = (json('ja/api/v2/incidents.json').incidents as typeof en[]).find((item) => item.id === 'EX1')!;
    expect(en.name).toBe('Mail delivery is delayed');
    expect(ja.name).toBe('メールの配信が遅延しています');
    expect(en.incident_updates[1]!.body).toBe('We are looking into reports that mail arrives late.');
    expect(ja.incident_updates[1]!.body).toBe('メールの遅延を調査しています。');
    expect(en.incident_updates[0]!.body).toBe('Current status: We found the cause:\n\n- a queue\n- a worker');
  });
});

/**
 * A small Statuspage client, written against the field lists of Statuspage's public API v2
 * documentation (https://developer.statuspage.io, "Status API"), not against kokuchi's types: what a
 * dashboard or chat bot reads.
 */
const client = {
  indicators: ['none', 'minor', 'major', 'critical', 'maintenance'],
  componentStatuses: ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'],
  incidentStatuses: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'],
  maintenanceStatuses: ['scheduled', 'in_progress', 'verifying', 'completed'],
  isInstant(value: unknown): boolean {
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u.test(value) && !Number.isNaN(Date.parse(value));
  },
  page(value: any) {
    expect(Object.keys(value).sort()).toEqual(['id', 'name', 'time_zone', 'updated_at', 'url']);
    expect(typeof value.id).toBe('string');
    expect(new URL(value.url).protocol).toBe('https:');
    expect(client.isInstant(value.updated_at)).toBe(true);
  },
  component(value: any) {
    for (const key of ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded']) expect(value).toHaveProperty(key);
    expect(client.componentStatuses).toContain(value.status);
  },
  incident(value: any, statuses: string[]) {
    for (const key of ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'started_at', 'page_id', 'incident_updates', 'components']) expect(value).toHaveProperty(key);
    expect(statuses).toContain(value.status);
    expect(['none', 'minor', 'major', 'critical', 'maintenance']).toContain(value.impact);
    expect(new URL(value.shortlink).protocol).toBe('https:');
    for (const update of value.incident_updates) {
      for (const key of ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at']) expect(update).toHaveProperty(key);
      expect(update.incident_id).toBe(value.id);
      expect(client.isInstant(update.display_at)).toBe(true);
    }
  },
  summary(value: any) {
    client.page(value.page);
    expect(client.indicators).toContain(value.status.indicator);
    expect(typeof value.status.description).toBe('string');
    value.components.forEach(client.component);
    for (const incident of value.incidents) client.incident(incident, client.incidentStatuses);
    for (const maintenance of value.scheduled_maintenances) {
      client.incident(maintenance, client.maintenanceStatuses);
      expect(client.isInstant(maintenance.scheduled_for)).toBe(true);
    }
    return {
      indicator: value.status.indicator as string,
      degraded: (value.components as { name: string; status: string }[]).filter((component) => component.status !== 'operational').map((component) => `${component.name}: ${component.status}`),
      open: (value.incidents as { name: string }[]).map((incident) => incident.name),
    };
  },
};

describe('a Statuspage client reading the output', () => {
  it('sees the ongoing incident, its service not operational, and the matching indicator', () => {
    const view = client.summary(json('api/v2/summary.json'));
    expect(view.indicator).toBe('major');
    expect(view.open).toEqual(['Mail delivery is delayed']);
    expect(view.degraded).toEqual(['Exchange Online: partial_outage', 'Microsoft Teams: under_maintenance']);
    expect((json('api/v2/status.json').status as { description: string }).description).toBe('Partial System Outage');
    expect((json('ja/api/v2/status.json').status as { description: string }).description).toBe('一部のシステムで障害が発生しています');
  });

  it('reads the lists with their documented fields', () => {
    const incidents = json('api/v2/incidents.json').incidents as unknown[];
    expect(incidents).toHaveLength(2);
    for (const incident of incidents) client.incident(incident, client.incidentStatuses);
    expect((json('api/v2/incidents/unresolved.json').incidents as { id: string }[]).map((item) => item.id)).toEqual(['EX1']);
    expect((json('api/v2/scheduled-maintenances/upcoming.json').scheduled_maintenances as { id: string; scheduled_until: string }[]).map((item) => [item.id, item.scheduled_until])).toEqual([['SP-M1', '2024-03-10T18:00:00.000+09:00']]);
    expect((json('api/v2/scheduled-maintenances/active.json').scheduled_maintenances as { id: string }[]).map((item) => item.id)).toEqual(['SP-M2']);
    expect((json('api/v2/scheduled-maintenances.json').scheduled_maintenances as unknown[])).toHaveLength(2);
  });
});

async function cli(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  const code = await main(args, environment);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('the round trip', () => {
  it("imports a kokuchi site's own api/v2/incidents.json back with the same English text, times and statuses", async () => {
    const exported = run.text('api/v2/incidents.json');
    const again = await buildFixture({ 'content/services.yaml': SERVICES, 'incidents.json': exported }, {}, async (cwd) => {
      await mkdir(path.join(cwd, 'content/incidents'), { recursive: true });
      const result = await cli(cwd, 'import', 'statuspage', 'incidents.json', '--id-prefix=');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
    try {
      expect(again.result.ok).toBe(true);
      const shape = (text: string) =>
        (JSON.parse(text).incidents as any[]).map((incident) => ({
          id: incident.id,
          name: incident.name,
          status: incident.status,
          impact: incident.impact,
          started_at: incident.started_at,
          resolved_at: incident.resolved_at,
          component: incident.components.map((component: { name: string }) => component.name),
          updates: incident.incident_updates.map((update: any) => [update.status, update.display_at, update.body]),
        }));
      expect(shape(again.text('api/v2/incidents.json'))).toEqual(shape(exported));
      expect(shape(exported)).toHaveLength(2);
    } finally {
      await again.remove();
    }
  });
});
