/**
 * Atlassian Statuspage: reads a saved `/api/v2/incidents.json`, `incidents/unresolved.json`,
 * `summary.json`, `scheduled-maintenances*.json` or one incident into source records for the shared
 * import plan. Statuses map onto kokuchi's vocabulary, impact onto the classification, components
 * onto services, plain-text bodies onto Markdown that renders as that text. Pure: no I/O.
 * @module
 */
import { jsonMember, type JsonNode } from './json-source.js';
import { positionIn, readIncidentFields, type JsonFields, type JsonFile } from './json-fields.js';
import { plainTextToMarkdown } from './plain-text.js';
import { checkRecordId, readJsonRecords, sourceIncident, type SourceRecord, type SourceReader, type SourceUpdate } from './source-record.js';

/** Statuspage incident and maintenance statuses → kokuchi status keys. */
export const STATUSPAGE_STATUSES: Readonly<Record<string, string>> = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  postmortem: 'post-incident-report-published',
  scheduled: 'scheduled',
  in_progress: 'in-progress',
  verifying: 'verifying-maintenance',
  completed: 'completed',
};

/** Statuses after which the incident is over. */
const FINAL = new Set(['resolved', 'postmortem', 'completed']);

/** Statuspage impact → classification: `major` and `critical` are incidents, the others advisories. */
export const STATUSPAGE_IMPACTS: Readonly<Record<string, 'incident' | 'advisory'>> = {
  none: 'advisory',
  minor: 'advisory',
  major: 'incident',
  critical: 'incident',
  maintenance: 'advisory',
};

/** The default `--id-prefix` of Statuspage records. */
export const STATUSPAGE_ID_PREFIX = 'SP-';

/** Reads a saved Statuspage file into records; undefined (with diagnostics) when it cannot be used. */
export const readStatuspage: SourceReader = (source, options) =>
  readJsonRecords(source, options, 'statuspage', incidentNodes, (node, file) => readIncident(node, file, options.idPrefix ?? STATUSPAGE_ID_PREFIX));

/** The incident objects of any of the files: lists under `incidents` / `scheduled_maintenances`, `incident`, or one incident. */
function incidentNodes(root: JsonNode): JsonNode[] | undefined {
  if (root.kind === 'array') return root.items;
  if (root.kind !== 'object') return undefined;
  if (jsonMember(root, 'incident_updates') && jsonMember(root, 'id')) return [root];
  const single = jsonMember(root, 'incident')?.value;
  if (single?.kind === 'object') return [single];
  const lists = ['incidents', 'scheduled_maintenances'].flatMap((key) => {
    const value = jsonMember(root, key)?.value;
    return value?.kind === 'array' ? [value.items] : [];
  });
  return lists.length > 0 ? lists.flat() : undefined;
}

function readIncident(node: JsonNode, file: JsonFile, idPrefix: string): SourceRecord | undefined {
  const read = readIncidentFields(node, file);
  if (!read) return undefined;
  const { fields, sourceId } = read;
  const name = fields.string('name');
  const statusText = fields.string('status');
  const status = statusText === undefined ? undefined : mapStatus(statusText, fields, 'status');
  const impactText = fields.string('impact', true) ?? 'none';
  const classification = STATUSPAGE_IMPACTS[impactText.toLowerCase()];
  if (!classification) {
    fields.ok = false;
    file.diagnostics.report(file.path, fields.position('impact'), 'import-source-type', fields.subject, 'impact', 'none, minor, major, critical or maintenance', `"${impactText}"`);
  }
  const created = fields.time('created_at');
  const started = fields.time('started_at', true);
  const scheduledFor = fields.time('scheduled_for', true);
  const scheduledUntil = fields.time('scheduled_until', true);
  const resolvedAt = fields.time('resolved_at', true);
  const updatedAt = fields.time('updated_at', true);
  const components = fields.names('components', 'a component', 'name');
  const updates = readUpdates(fields);
  if (!fields.ok || sourceId === undefined || name === undefined || !status || !classification || !created || !updates || statusText === undefined) return undefined;

  const position = positionIn(file, node.start);
  const id = `${idPrefix}${sourceId}`;
  if (!checkRecordId(id, file, fields.position('id'))) return undefined;
  const maintenance = scheduledFor !== undefined || ['scheduled', 'in_progress', 'verifying', 'completed'].includes(statusText);
  const start = (maintenance ? scheduledFor : started) ?? started ?? created;
  const newest = updates[updates.length - 1];
  const end = FINAL.has(statusText) ? (resolvedAt?.epochMs ?? newest?.at ?? start.epochMs) : undefined;
  if (maintenance && newest) {
    if (scheduledFor) newest.times.start = scheduledFor.epochMs;
    if (scheduledUntil) newest.times.end = scheduledUntil.epochMs;
  }
  const incident = (service: string) => sourceIncident({ id, service, classification, title: name, start: start.epochMs, end, status, updates, modified: updatedAt?.epochMs });
  return { id, position, services: components, incident };
}

function mapStatus(value: string, fields: JsonFields, key: string): string | undefined {
  const status = STATUSPAGE_STATUSES[value.trim().toLowerCase()];
  if (!status) {
    fields.ok = false;
    fields.file.diagnostics.report(fields.file.path, fields.position(key), 'import-source-status', 'statuspage', value, Object.keys(STATUSPAGE_STATUSES));
  }
  return status;
}

/** `incident_updates`, oldest first: `display_at` when present, else `created_at`; the body as plain text. */
function readUpdates(fields: JsonFields): SourceUpdate[] | undefined {
  const items = fields.objects('incident_updates', 'an update');
  if (!items) return undefined;
  const updates: SourceUpdate[] = [];
  for (const update of items) {
    const statusText = update.string('status');
    const status = statusText === undefined ? undefined : mapStatus(statusText, update, 'status');
    const at = update.time('display_at', true) ?? update.time('created_at');
    const body = update.string('body', true);
    if (!update.ok || !status || !at) {
      fields.ok = false;
      continue;
    }
    const markdown = body === undefined ? '' : plainTextToMarkdown(body);
    updates.push({ at: at.epochMs, text: markdown ? { body: markdown } : {}, times: {}, status });
  }
  return updates.sort((a, b) => a.at - b.at);
}
