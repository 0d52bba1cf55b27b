import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { REPO_ROOT } from '../helpers/build.js';
import { runMain, temporaryWorkspace } from '../helpers/workspace.js';

/** A small site with the fixtures of both sources under fixtures/. */
async function workspace(): Promise<string> {
  const cwd = await temporaryWorkspace('statuspage');
  await mkdir(path.join(cwd, 'content/incidents'), { recursive: true });
  await writeFile(path.join(cwd, 'content/site.yaml'), 'title: {ja: テスト, en: Test}\nbase_url: https://status.example.com/\n');
  await writeFile(path.join(cwd, 'content/services.yaml'), 'chatterbox-messaging: {ja: Chatterbox メッセージ, en: Chatterbox Messaging}\nchatterbox-voice: {ja: Chatterbox 音声通話, en: Chatterbox Voice}\ncloud-storage: {ja: Cloud Storage, en: Cloud Storage}\n');
  await writeFile(path.join(cwd, 'map.yaml'), 'Messaging: chatterbox-messaging\nVoice: chatterbox-voice\n');
  await cp(path.join(REPO_ROOT, 'test/fixtures/statuspage'), path.join(cwd, 'fixtures'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'test/fixtures/google-cloud'), path.join(cwd, 'google'), { recursive: true });
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args);

const read = (cwd: string, file: string) => readFile(path.join(cwd, file), 'utf8');

async function loaded(cwd: string) {
  const result = await loadContent(path.join(cwd, 'content'), cwd);
  expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  return result.model!;
}

describe('kokuchi import statuspage', () => {
  it('imports a page in a -08:00 zone into records with exact instants, mapped statuses and services', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'statuspage', 'fixtures/incidents.json', '--service-map', 'map.yaml', '--id-prefix', 'CHAT-');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 incidents from fixtures/incidents.json: 2 files created, 0 updated');

    const model = await loaded(cwd);
    const ongoing = model.incidents.find((incident) => incident.id === 'CHAT-m0nit0r1ng001')!;
    expect(ongoing.service).toBe('chatterbox-messaging');
    expect(ongoing.classification).toBe('incident');
    expect(ongoing.start.iso).toBe('2024-03-06T16:51:00Z');
    expect(ongoing.end).toBeUndefined();
    expect(ongoing.status).toBe('monitoring');
    // Newest first; 09:12:30.120-08:00 is 17:12:30.120Z.
    expect(ongoing.updates.map((update) => [update.at.epochMs, update.status])).toEqual([
      [Date.parse('2024-03-06T17:40:02.476Z'), 'monitoring'],
      [Date.parse('2024-03-06T17:12:30.120Z'), 'identified'],
      [Date.parse('2024-03-06T16:55:10.180Z'), 'investigating'],
    ]);
    const resolved = model.incidents.find((incident) => incident.id === 'CHAT-res0lved00001')!;
    expect(resolved.service).toBe('chatterbox-voice');
    expect(resolved.end?.iso).toBe('2024-03-05T08:20:12Z');
    expect(resolved.status).toBe('resolved');

    const text = await read(cwd, 'content/incidents/2024/CHAT-m0nit0r1ng001.yaml');
    expect(text).toContain('Imported from a Statuspage page');
    expect(text).toContain('start: 2024-03-06 16:51 UTC');
  });

  it('renders bodies as the text the service wrote, never as accidental Markdown', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'statuspage', 'fixtures/incidents.json', '--service-map', 'map.yaml')).code).toBe(0);
    const { renderMarkdown } = await import('../../src/render/markdown.js');
    const model = await loaded(cwd);
    const ongoing = model.incidents.find((incident) => incident.id === 'SP-m0nit0r1ng001')!;
    const identified = ongoing.updates.find((update) => update.status === 'identified')!;
    const html = renderMarkdown(identified.body.en!);
    expect(html).not.toMatch(/<em>|<h\d|<strong>/u);
    expect(html).toContain('Cause found: a *misconfigured* queue_worker pool in eu-west_2.<br>');
    expect(html).toContain('# of affected messages is still being counted.');
    const resolved = model.incidents.find((incident) => incident.id === 'SP-res0lved00001')!;
    const first = renderMarkdown(resolved.updates[1]!.body.en!);
    expect(first).toBe('<p>Voice calls fail for many users &#x3C;all platforms>. [More soon]</p>');
  });

  it('keeps a Japanese translation through a re-import with a newer snapshot', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'statuspage', 'fixtures/incidents.json', '--service-map', 'map.yaml')).code).toBe(0);
    const file = path.join(cwd, 'content/incidents/2024/SP-m0nit0r1ng001.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('title:\n  en: Delayed message delivery in some regions', 'title:\n  en: Delayed message delivery in some regions\n  ja: 一部地域でメッセージの配信が遅延'));
    const newer = JSON.parse(await read(cwd, 'fixtures/incidents.json'));
    const incident = newer.incidents[0];
    incident.status = 'resolved';
    incident.resolved_at = '2024-03-06T10:30:00.000-08:00';
    incident.updated_at = '2024-03-06T10:30:00.500-08:00';
    incident.incident_updates.unshift({ id: 'upd0000000004', status: 'resolved', body: 'Delivery is back to normal.', created_at: '2024-03-06T10:30:00.000-08:00', display_at: '2024-03-06T10:30:00.000-08:00' });
    await writeFile(path.join(cwd, 'fixtures/newer.json'), JSON.stringify(newer));
    const again = await run(cwd, 'import', 'statuspage', 'fixtures/newer.json', '--service-map', 'map.yaml');
    expect(again.code).toBe(0);
    const record = parse(await readFile(file, 'utf8'));
    expect(record.title).toEqual({ en: 'Delayed message delivery in some regions', ja: '一部地域でメッセージの配信が遅延' });
    expect(record.status).toBe('resolved');
    expect(record.end).toBe('2024-03-06 18:30 UTC');
    expect(record.updates).toHaveLength(4);
  });

  it('never lets an older snapshot regress a newer record', async () => {
    const cwd = await workspace();
    const newer = JSON.parse(await read(cwd, 'fixtures/incidents.json'));
    const incident = newer.incidents[0];
    incident.status = 'resolved';
    incident.resolved_at = '2024-03-06T10:30:00.000-08:00';
    incident.updated_at = '2024-03-06T10:30:00.500-08:00';
    incident.incident_updates.unshift({ id: 'upd0000000004', status: 'resolved', body: 'Delivery is back to normal.', created_at: '2024-03-06T10:30:00.000-08:00', display_at: '2024-03-06T10:30:00.000-08:00' });
    await writeFile(path.join(cwd, 'fixtures/newer.json'), JSON.stringify(newer));
    expect((await run(cwd, 'import', 'statuspage', 'fixtures/newer.json', '--service-map', 'map.yaml')).code).toBe(0);
    const file = path.join(cwd, 'content/incidents/2024/SP-m0nit0r1ng001.yaml');
    const before = await readFile(file, 'utf8');
    const older = await run(cwd, 'import', 'statuspage', 'fixtures/incidents.json', '--service-map', 'map.yaml');
    expect(older.code).toBe(0);
    expect(older.stdout).toMatch(/kept SP-m0nit0r1ng001 .*older than/u);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(parse(before).status).toBe('resolved');
  });

  it('keeps a Google Cloud record when the same snapshot is imported again', async () => {
    const cwd = await workspace();
    expect((await run(cwd, 'import', 'google-cloud', 'google/incidents.json')).code).toBe(0);
    const file = path.join(cwd, 'content/incidents/2024/GC-kCtEsT1nc1dent0001aB.yaml');
    const before = await readFile(file, 'utf8');
    const again = await run(cwd, 'import', 'google-cloud', 'google/incidents.json');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/kept GC-kCtEsT1nc1dent0001aB .*same snapshot/u);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('imports scheduled maintenances with their window', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'statuspage', 'fixtures/scheduled-maintenances.json', '--service-map', 'map.yaml');
    expect(result.code).toBe(0);
    const model = await loaded(cwd);
    const maintenance = model.incidents[0]!;
    expect(maintenance.status).toBe('scheduled');
    expect(maintenance.classification).toBe('advisory');
    expect(maintenance.start.iso).toBe('2024-03-10T07:00:00Z');
    expect(maintenance.updates[0]!.end?.iso).toBe('2024-03-10T09:00:00Z');
  });

  it('names each unmapped component once, and writes nothing', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'statuspage', 'fixtures/incidents.json');
    expect(result.code).toBe(1);
    expect(result.stderr.match(/"Messaging" is neither in services.yaml nor in the service map/gu)).toHaveLength(1);
    expect(result.stderr).toContain('"Voice" is neither in services.yaml nor in the service map');
    expect(result.stderr).toContain('nothing was written');
    await expect(read(cwd, 'content/incidents/2024/SP-m0nit0r1ng001.yaml')).rejects.toThrow();
  });

  it('reports a bad file with positions and writes nothing', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'statuspage', 'fixtures/bad.json', '--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { rule: string; line: number; column: number }[];
    const rules = report.map((item) => `${item.rule}@${item.line}:${item.column}`);
    expect(rules).toContain('import-source-status@6:17');
    expect(rules).toContain('import-source-time@7:21');
  });

  it('reads summary.json, gives incidents without components the --service, and --dry-run writes nothing', async () => {
    const cwd = await workspace();
    const incidents = JSON.parse(await read(cwd, 'fixtures/incidents.json'));
    const maintenances = JSON.parse(await read(cwd, 'fixtures/scheduled-maintenances.json'));
    const lone = { ...incidents.incidents[0], components: [] };
    const summary = { page: incidents.page, components: [], incidents: [lone], scheduled_maintenances: maintenances.scheduled_maintenances, status: { indicator: 'major', description: 'Partial System Outage' } };
    await writeFile(path.join(cwd, 'fixtures/summary.json'), JSON.stringify(summary, null, 2));

    const refused = await run(cwd, 'import', 'statuspage', 'fixtures/summary.json', '--service-map', 'map.yaml');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SP-m0nit0r1ng001 names no component or product, so it has no service');

    const dry = await run(cwd, 'import', 'statuspage', 'fixtures/summary.json', '--service-map', 'map.yaml', '--service', 'chatterbox-voice', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create content/incidents/2024/SP-m0nit0r1ng001.yaml');
    expect(dry.stdout).toContain('dry run: 2 incidents from fixtures/summary.json: 2 files to create, 0 to update; nothing was written');
    await expect(read(cwd, 'content/incidents/2024/SP-m0nit0r1ng001.yaml')).rejects.toThrow();

    expect((await run(cwd, 'import', 'statuspage', 'fixtures/summary.json', '--service-map', 'map.yaml', '--service', 'chatterbox-voice')).code).toBe(0);
    const model = await loaded(cwd);
    expect(model.incidents.map((incident) => [incident.id, incident.service]).sort()).toEqual([
      ['SP-m0nit0r1ng001', 'chatterbox-voice'],
      ['SP-ma1ntenance01', 'chatterbox-messaging'],
    ]);
  });
});

describe('kokuchi import google-cloud', () => {
  it('imports incidents.json with exact times, mapped statuses and Markdown text', async () => {
    const cwd = await workspace();
    const result = await run(cwd, 'import', 'google-cloud', 'google/incidents.json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const model = await loaded(cwd);
    const incident = model.incidents[0]!;
    expect(incident.id).toBe('GC-kCtEsT1nc1dent0001aB');
    expect(incident.service).toBe('cloud-storage');
    expect(incident.classification).toBe('advisory');
    expect(incident.start.iso).toBe('2024-02-14T03:10:00Z');
    expect(incident.end?.iso).toBe('2024-02-14T05:02:00Z');
    expect(incident.updates.map((update) => update.status)).toEqual(['resolved', 'service-degradation']);
    expect(incident.updates[0]!.body.en).toBe('The issue is **resolved** as of 05:02 UTC.\n\nWe will publish an analysis.');
  });

  it('refuses an unknown update status with its position', async () => {
    const cwd = await workspace();
    const list = JSON.parse(await read(cwd, 'google/incidents.json'));
    list[0].updates[1].status = 'SERVICE_MELTDOWN';
    await writeFile(path.join(cwd, 'google/bad.json'), JSON.stringify(list, null, 2));
    const result = await run(cwd, 'import', 'google-cloud', 'google/bad.json', '--format', 'json');
    expect(result.code).toBe(1);
    const [problem] = JSON.parse(result.stdout) as { rule: string; line: number; message: string }[];
    expect(problem).toMatchObject({ rule: 'import-source-status', message: 'the Google Cloud status "SERVICE_MELTDOWN" has no counterpart in kokuchi\'s statuses' });
    expect((await read(cwd, 'google/bad.json')).split('\n')[problem!.line - 1]).toContain('SERVICE_MELTDOWN');
  });
});
