/**
 * Google Cloud and Google Workspace status dashboards: reads a saved `incidents.json` (a list of
 * incidents, or one incident) into source records for the shared import plan. Update statuses map
 * onto kokuchi's vocabulary, severity and impact onto the classification, affected products onto
 * services. Google writes update text in Markdown, so it is kept as Markdown. Pure: no I/O.
 * @module
 */
import type { JsonNode } from './json-source.js';
import { positionIn, readIncidentFields, type JsonFields, type JsonFile } from './json-fields.js';
import { checkRecordId, readJsonRecords, sourceIncident, type SourceReader, type SourceRecord, type SourceUpdate } from './source-record.js';

/** Google update statuses → kokuchi status keys. */
export const GOOGLE_STATUSES: Readonly<Record<string, string>> = {
  SERVICE_OUTAGE: 'service-interruption',
  SERVICE_DISRUPTION: 'service-degradation',
  SERVICE_INFORMATION: 'service-information',
  AVAILABLE: 'resolved',
};

/** The default `--id-prefix` of Google Cloud records. */
export const GOOGLE_ID_PREFIX = 'GC-';

/** Reads a saved Google Cloud or Workspace `incidents.json` into records; undefined (with diagnostics) when it cannot be used. */
export const googleCloudReader: SourceReader = (source, options) =>
  readJsonRecords(source, options, 'google-cloud', (root) => (root.kind === 'array' ? root.items : root.kind === 'object' ? [root] : undefined), (node, file) => readIncident(node, file, options.idPrefix ?? GOOGLE_ID_PREFIX));

function readIncident(node: JsonNode, file: JsonFile, idPrefix: string): SourceRecord | undefined {
  const read = readIncidentFields(node, file);
  if (!read) return undefined;
  const { fields, sourceId } = read;
  const title = fields.string('external_desc');
  const begin = fields.time('begin');
  const end = fields.time('end', true);
  const modified = fields.time('modified', true);
  const severity = fields.string('severity', true)?.toLowerCase();
  const impact = fields.string('status_impact', true)?.toUpperCase();
  const products = fields.names('affected_products', 'a product', 'title');
  const serviceName = fields.string('service_name', true);
  const services = products.length > 0 ? products : serviceName !== undefined ? [{ name: serviceName, position: fields.position('service_name') }] : [];
  const updates = readUpdates(fields, file);
  if (!fields.ok || sourceId === undefined || title === undefined || !begin || !updates) return undefined;
  const id = `${idPrefix}${sourceId}`;
  if (!checkRecordId(id, file, fields.position('id'))) return undefined;

  const newest = updates[updates.length - 1];
  const status = end ? 'resolved' : (newest?.status ?? (impact ? GOOGLE_STATUSES[impact] : undefined) ?? 'investigating');
  const classification = severity === 'high' || impact === 'SERVICE_OUTAGE' ? 'incident' : 'advisory';
  const incident = (service: string) => sourceIncident({ id, service, classification, title, start: begin.epochMs, end: end?.epochMs, status, updates, modified: modified?.epochMs });
  return { id, position: positionIn(file, node.start), services, incident };
}

/** `updates`, oldest first: `when` (else `created`), Markdown `text`, `status` mapped. */
function readUpdates(fields: JsonFields, file: JsonFile): SourceUpdate[] | undefined {
  const items = fields.objects('updates', 'an update');
  if (!items) return undefined;
  const updates: SourceUpdate[] = [];
  for (const update of items) {
    const at = update.time('when', true) ?? update.time('created');
    const text = update.string('text', true);
    const statusText = update.string('status', true);
    const status = statusText === undefined ? undefined : GOOGLE_STATUSES[statusText.trim().toUpperCase()];
    if (statusText !== undefined && !status) {
      update.ok = false;
      file.diagnostics.report(file.path, update.position('status'), 'import-source-status', 'google-cloud', statusText, Object.keys(GOOGLE_STATUSES));
    }
    if (!update.ok || !at) {
      fields.ok = false;
      continue;
    }
    const body = text?.replace(/\r\n?/gu, '\n').trim();
    updates.push({ at: at.epochMs, text: body ? { body } : {}, times: {}, ...(status ? { status } : {}) });
  }
  return updates.sort((a, b) => a.at - b.at);
}
