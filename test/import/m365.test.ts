import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import {
  decodeGraphFile,
  deriveUpdateStatuses,
  GRAPH_STATUSES,
  importIssue,
  mapGraphStatus,
  parseGraphTime,
  readGraphIssues,
  statusNamedInPost,
  type ImportedUpdate,
} from '../../src/import/m365.js';
import { isStatusKey } from '../../src/statuses.js';
import { diagnostic } from '../helpers/fixture.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/m365/${name}`, import.meta.url), 'utf8');

function read(text: string, file = 'issue.json') {
  const diagnostics = new DiagnosticCollector();
  const issues = readGraphIssues(text, file, diagnostics);
  return { issues, diagnostics: diagnostics.items };
}

describe('readGraphIssues', () => {
  it('reads one saved serviceHealthIssue with its posts', () => {
    const { issues, diagnostics } = read(fixture('ex300267.json'));
    expect(diagnostics).toEqual([]);
    expect(issues).toHaveLength(1);
    const issue = issues![0]!;
    expect(issue).toMatchObject({ id: 'EX300267', service: 'Exchange Online', classification: 'incident', status: 'restoring-service', graphStatus: 'restoringService' });
    expect(issue.start.iso).toBe('2021-11-25T12:33:00Z');
    expect(issue.end).toBeUndefined();
    expect(issue.posts.map((post) => post.at.iso)).toEqual([
      '2021-11-26T06:02:00Z',
      '2021-11-26T06:16:00Z',
      '2021-11-26T07:22:00Z',
      '2021-11-26T09:23:41.370Z',
      '2021-11-26T11:12:00Z',
      '2021-11-26T14:06:00Z',
    ]);
  });

  it('reads a collection {"value": [...]} with an incident and an advisory', () => {
    const { issues, diagnostics } = read(fixture('issues-collection.json'));
    expect(diagnostics).toEqual([]);
    expect(issues?.map((issue) => [issue.id, issue.classification, issue.status, issue.end?.iso])).toEqual([
      ['EX300267', 'incident', 'service-restored', '2021-11-29T07:01:00Z'],
      ['MO1193388', 'advisory', 'extended-recovery', undefined],
    ]);
  });

  it('reads what PowerShell writes: an array, capitalized names and /Date(…)/ times', () => {
    const text = JSON.stringify([
      {
        Id: 'EX1',
        Service: 'Exchange Online',
        Classification: 'incident',
        Title: 'Mail is slow',
        StartDateTime: '/Date(1637843580000)/',
        EndDateTime: null,
        Status: 'serviceRestored',
        Posts: [{ CreatedDateTime: '2021-11-25T21:40:00+09:00', Description: { Content: '<b>Current status</b>: Fixed.', ContentType: 'html' } }],
      },
    ]);
    const { issues, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(issues![0]!.start.iso).toBe('2021-11-25T12:33:00Z');
    expect(issues![0]!.posts[0]!.at.iso).toBe('2021-11-25T12:40:00Z');
  });

  it('reports a JSON syntax error at its line and column', () => {
    const { issues, diagnostics } = read(fixture('malformed.json'), 'malformed.json');
    expect(issues).toBeUndefined();
    expect(diagnostics).toEqual([diagnostic('malformed.json', 4, 3, 'import-json-syntax', 'expected "," or "}" after the value of "service"')]);
  });

  it('reports missing fields at the object that lacks them', () => {
    const { issues, diagnostics } = read(fixture('missing-fields.json'), 'missing.json');
    expect(issues).toBeUndefined();
    expect(diagnostics).toEqual([
      diagnostic('missing.json', 3, 5, 'import-missing-field', 'issue EX300999 has no "startDateTime"'),
      diagnostic('missing.json', 10, 9, 'import-missing-field', 'post 1 of EX300999 has no "createdDateTime"'),
    ]);
  });

  it('reports wrong values at the value: an unknown status, a zone-less time, a bad id, a wrong type', () => {
    const text = [
      '{',
      '  "id": "EX 1",',
      '  "service": "Exchange Online",',
      '  "classification": "incident",',
      '  "title": 42,',
      '  "startDateTime": "2021-11-25T12:33:00",',
      '  "status": "serviceRestord",',
      '  "posts": []',
      '}',
    ].join('\n');
    const { diagnostics } = read(text);
    expect(diagnostics).toEqual([
      diagnostic('issue.json', 2, 9, 'import-invalid-value', '"EX 1" cannot be an incident id'),
      diagnostic('issue.json', 5, 12, 'import-invalid-value', '"title" of issue EX 1 must be a string, not a number'),
      diagnostic('issue.json', 6, 20, 'import-time', 'has no time zone'),
      diagnostic('issue.json', 7, 13, 'import-status', 'did you mean "serviceRestored"?'),
      diagnostic('issue.json', 8, 12, 'import-missing-field', 'has no posts'),
    ]);
  });

  it('reports an issue that is in the file twice, and warns when more pages exist', () => {
    const one = JSON.parse(fixture('mo1193388.json')) as Record<string, unknown>;
    const { issues, diagnostics } = read(JSON.stringify({ value: [one, one], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues?$skip=100' }, null, 2));
    expect(issues).toBeUndefined();
    expect(diagnostics.map((item) => [item.rule, item.severity])).toEqual([
      ['import-more-pages', 'warning'],
      ['import-duplicate-issue', 'error'],
    ]);
  });

  it('decodes UTF-16 as Windows PowerShell 5.1 saves it', () => {
    const text = '{"id": "EX1"}';
    const bytes = new Uint8Array([0xff, 0xfe, ...Array.from(text).flatMap((char) => [char.charCodeAt(0), 0])]);
    expect(decodeGraphFile(bytes, 'x.json', new DiagnosticCollector())).toBe(text);
  });
});

describe('mapGraphStatus', () => {
  it.each([
    ['investigating', 'investigating'],
    ['restoringService', 'restoring-service'],
    ['verifyingService', 'verifying-service'],
    ['serviceRestored', 'service-restored'],
    ['postIncidentReviewPublished', 'post-incident-report-published'],
    ['serviceDegradation', 'service-degradation'],
    ['serviceInterruption', 'service-interruption'],
    ['extendedRecovery', 'extended-recovery'],
    ['falsePositive', 'false-positive'],
    ['investigationSuspended', 'investigation-suspended'],
    ['resolved', 'resolved'],
    ['mitigatedExternal', 'mitigated'],
    ['mitigated', 'mitigated'],
    ['resolvedExternal', 'resolved'],
    ['confirmed', 'identified'],
    ['reported', 'investigating'],
    ['serviceOperational', 'service-restored'],
  ])('maps %s to %s', (graph, key) => {
    expect(mapGraphStatus(graph)).toBe(key);
  });

  it('maps every documented Graph status to a key of the vocabulary', () => {
    for (const graph of GRAPH_STATUSES) expect(isStatusKey(mapGraphStatus(graph) ?? '')).toBe(true);
  });

  it('refuses unknownFutureValue and anything else', () => {
    expect(mapGraphStatus('unknownFutureValue')).toBeUndefined();
    expect(mapGraphStatus('sunny')).toBeUndefined();
  });
});

describe('update statuses', () => {
  const update = (statusFromText?: string): ImportedUpdate => ({ at: 0, text: {}, times: {}, ...(statusFromText ? { statusFromText } : {}) });

  it('gives the newest post the issue status, the first investigating, others what their text names or the previous one', () => {
    const updates = [update('service-degradation'), update(), update('extended-recovery'), update(), update('verifying-service')];
    expect(deriveUpdateStatuses(updates, 'service-restored', () => undefined)).toEqual([
      'investigating',
      'investigating',
      'extended-recovery',
      'extended-recovery',
      'service-restored',
    ]);
  });

  it('keeps the status already recorded for older posts', () => {
    const updates = [update(), update('extended-recovery'), update()];
    expect(deriveUpdateStatuses(updates, 'restoring-service', (index) => (index < 2 ? 'identified' : 'investigating'))).toEqual(['identified', 'identified', 'restoring-service']);
  });

  it('recognizes status phrases in Current status and Final status text', () => {
    expect(statusNamedInPost({ current_status: "We're now in an extended\nrecovery period." })).toBe('extended-recovery');
    expect(statusNamedInPost({ current_status: 'We are restoring service to users.' })).toBe('restoring-service');
    expect(statusNamedInPost({ final_status: 'We fixed it.' })).toBe('service-restored');
    expect(statusNamedInPost({ current_status: 'We are looking into it.' })).toBeUndefined();
  });
});

describe('importIssue', () => {
  it('turns each post into an update, oldest first, with English fields and exact times', () => {
    const { issues } = read(fixture('ex300267.json'));
    const imported = importIssue(issues![0]!, 'exchange-online', { file: 'issue.json', diagnostics: new DiagnosticCollector() });
    expect(imported).toMatchObject({ id: 'EX300267', service: 'exchange-online', start: Date.parse('2021-11-25T12:33:00Z'), status: 'restoring-service' });
    expect(imported.updates).toHaveLength(6);
    const newest = imported.updates[5]!;
    expect(newest.at).toBe(Date.parse('2021-11-26T14:06:00Z'));
    expect(newest.times.next_update).toBe(Date.parse('2021-11-26T15:30:00Z'));
    expect(newest.text.more_info).toContain('\n\n- open a support case that lists the affected IP addresses;\n- ask for those addresses');
  });

  it('warns at the post when a labelled time cannot be read, and keeps its text', () => {
    const { issues } = read(
      JSON.stringify({
        id: 'EX1',
        service: 'Exchange Online',
        classification: 'incident',
        title: 'Mail is slow',
        startDateTime: '2021-11-25T12:33:00Z',
        status: 'investigating',
        posts: [{ createdDateTime: '2021-11-25T12:40:00Z', description: { contentType: 'html', content: '<b>Current status</b>: Looking.<br><br><b>Next update by</b>: Friday, November 25, 2021, at 3:30 PM UTC' } }],
      }),
    );
    const diagnostics = new DiagnosticCollector();
    const imported = importIssue(issues![0]!, 'exchange-online', { file: 'issue.json', diagnostics });
    expect(diagnostics.items).toEqual([expect.objectContaining({ rule: 'import-post-time', severity: 'warning', message: expect.stringContaining('is a Thursday, not a Friday') })]);
    expect(imported.updates[0]!.text.body).toBe('**Next update by**: Friday, November 25, 2021, at 3:30 PM UTC');
  });
});

describe('parseGraphTime', () => {
  it('reads ISO times with a zone and fractions of a second, and refuses zone-less ones', () => {
    expect(parseGraphTime('2021-11-26T09:23:41.37Z')).toMatchObject({ ok: true, instant: { iso: '2021-11-26T09:23:41.370Z' } });
    expect(parseGraphTime('2021-11-26T09:23:41')).toMatchObject({ ok: false, rule: 'time-no-zone' });
    expect(parseGraphTime('November 26')).toMatchObject({ ok: false, rule: 'time-format' });
  });
});

describe('Graph times out of range', () => {
  it.each(['/Date(99999999999999999)/', '/Date(-99999999999999999)/', '/Date(8640000000000001)/', '0000-01-01T00:00:00Z', '/Date(1e3)/'])('refuses %s with a positioned error instead of crashing', (time) => {
    const text = `{\n  "id": "EX1",\n  "startDateTime": "${time}"\n}`;
    const { issues, diagnostics } = read(text);
    expect(issues).toBeUndefined();
    const found = diagnostics.find((item) => item.line === 3);
    expect(found).toMatchObject({ line: 3, column: 20, severity: 'error' });
    expect(['import-time-range', 'import-time']).toContain(found!.rule);
  });

  it('names the range for a /Date(…)/ time past the year 9999', () => {
    const { diagnostics } = read('{"id": "EX1", "startDateTime": "/Date(99999999999999999)/"}');
    expect(diagnostics.find((item) => item.rule === 'import-time-range')?.message).toBe('"startDateTime" is "/Date(99999999999999999)/", which is not a time between the years 1000 and 9999');
  });
});
