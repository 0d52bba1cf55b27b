/**
 * Microsoft 365 service health: reads a saved Microsoft Graph response (one `serviceHealthIssue` or a
 * collection of them) into checked issues with source positions, and turns an issue into the
 * English record data that {@link mergeIncidentRecord} writes. Pure: no I/O.
 * @module
 */
import { ID_PATTERN, MAX_ID_LENGTH } from '../content/schema.js';
import { positionOfOffset } from '../content/source.js';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { finding, type Finding } from '../messages/index.js';
import type { GraphSubject } from '../messages/import.js';
import { resolveStatus } from '../statuses.js';
import { closestMatches } from '../suggest.js';
import { instantFromEpoch, parseTime, type Instant, type TimeParseResult } from '../time.js';
import { jsonMember, parseJsonWithOffsets, type JsonNode } from './json-source.js';
import { codePageName, repairMojibake } from './mojibake.js';
import { MAX_POST_HTML_DEPTH, postHtmlToUpdate, removeHardBreaks, type PostContent, type PostTimeKey } from './post-html.js';

/** One post of an issue as read from the file. */
export interface GraphPost {
  /** `createdDateTime`. */
  at: Instant;
  /** `description.content`: HTML, or plain text when `contentType` is `text`. */
  content: string;
  /** `description.contentType` (default `html`). */
  contentType: string;
  /** Where the post's object starts. */
  position: Position;
  /** Where `description.content` is, for problems found inside it. */
  contentPosition: Position;
}

/** One `serviceHealthIssue` as read from the file, checked, with the positions problems refer to. */
export interface GraphIssue {
  /** Issue id, e.g. EX300267 or MO1180412. */
  id: string;
  /** Service display name, e.g. `Exchange Online`. */
  service: string;
  /** `incident` or `advisory`. */
  classification: 'incident' | 'advisory';
  /** The issue's title (English). */
  title: string;
  /** `impactDescription`, when not empty. */
  impact?: string;
  /** `startDateTime`. */
  start: Instant;
  /** Absent (or null in the file) while the issue is ongoing. */
  end?: Instant;
  /** Status key of our vocabulary, mapped from the Graph enum. */
  status: string;
  /** The Graph enum value as written, e.g. `serviceRestored`. */
  graphStatus: string;
  /** Posts in file order. */
  posts: GraphPost[];
  /** `lastModifiedDateTime`, when the file has it. */
  modified?: Instant;
  /** Where the issue's object starts. */
  position: Position;
  /** Where `service` is. */
  servicePosition: Position;
}

/** One update of an imported incident: English text and exact times. */
export interface ImportedUpdate {
  /** Post time (epoch ms). */
  at: number;
  /** Markdown per field, English. */
  text: PostContent['text'];
  /** Labelled times (epoch ms). */
  times: Partial<Record<PostTimeKey, number>>;
  /** Status named in the post's Current status or Final status text, when recognizable. */
  statusFromText?: string;
  /** The status the source gives the update itself (Statuspage, Google Cloud); it comes first. */
  status?: string;
}

/** An issue ready to be written as a record: English text, catalog service key, exact times. */
export interface ImportedIncident {
  /** Record id. */
  id: string;
  /** Key of content/services.yaml. */
  service: string;
  /** `incident` or `advisory`. */
  classification: 'incident' | 'advisory';
  /** English title. */
  title: string;
  /** English user impact. */
  impact?: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; absent while ongoing. */
  end?: number;
  /** Status key of the issue, given to the newest update. */
  status: string;
  /**
   * When the source last changed the incident (epoch ms): Graph `lastModifiedDateTime`, Statuspage
   * `updated_at`, Google Cloud `modified`. A record that remembers a time at or after it is not changed.
   */
  modified?: number;
  /** Oldest first. */
  updates: ImportedUpdate[];
}

/**
 * Graph `serviceHealthStatus` values that {@link resolveStatus} does not know. The others
 * (`serviceRestored`, `postIncidentReviewPublished`, `confirmed`, `reported`, `mitigatedExternal`, …)
 * resolve through the vocabulary's own aliases.
 */
const GRAPH_STATUS_FALLBACKS: Readonly<Record<string, string>> = {
  // An issue whose service is operational again: the issue itself is over.
  serviceOperational: 'service-restored',
};

/** Every documented `serviceHealthStatus` value, for "did you mean" hints. */
export const GRAPH_STATUSES = [
  'serviceOperational', 'investigating', 'restoringService', 'verifyingService', 'serviceRestored', 'postIncidentReviewPublished',
  'serviceDegradation', 'serviceInterruption', 'extendedRecovery', 'falsePositive', 'investigationSuspended', 'resolved',
  'mitigatedExternal', 'mitigated', 'resolvedExternal', 'confirmed', 'reported',
] as const;

/** Maps a Graph `serviceHealthStatus` value to a status key of the vocabulary; undefined when it has no meaning here. */
export function mapGraphStatus(value: string): string | undefined {
  const fallback = Object.entries(GRAPH_STATUS_FALLBACKS).find(([name]) => name.toLowerCase() === value.trim().toLowerCase());
  if (fallback) return fallback[1];
  if (value.trim().toLowerCase() === 'unknownfuturevalue') return undefined;
  return resolveStatus(value)?.key;
}

/** Phrases of post text that name a status, searched as whole words ignoring case. */
const STATUS_PHRASES: readonly (readonly [phrase: string, key: string])[] = [
  ['restoring service', 'restoring-service'],
  ['verifying service', 'verifying-service'],
  ['extended recovery', 'extended-recovery'],
  ['service restored', 'service-restored'],
  ['service has been restored', 'service-restored'],
  ['service is restored', 'service-restored'],
  ['service degradation', 'service-degradation'],
  ['service interruption', 'service-interruption'],
  ['investigation suspended', 'investigation-suspended'],
  ['false positive', 'false-positive'],
];

/**
 * The status a post's own words name: the first status phrase (such as "extended recovery") in its
 * Current status or Final status text; a post with a Final status and no such phrase is
 * `service-restored`. Undefined when nothing is recognizable.
 */
export function statusNamedInPost(text: PostContent['text']): string | undefined {
  const words = `${text.final_status ?? ''}\n${text.current_status ?? ''}`.toLowerCase();
  let best: { index: number; key: string } | undefined;
  for (const [phrase, key] of STATUS_PHRASES) {
    const match = new RegExp(`(?<![a-z])${phrase.replace(/ /gu, '\\s+')}(?![a-z])`, 'u').exec(words);
    if (match && (!best || match.index < best.index)) best = { index: match.index, key };
  }
  if (best) return best.key;
  return text.final_status !== undefined ? 'service-restored' : undefined;
}

/**
 * The status of each update (oldest first), since posts carry none of their own:
 * 1. the newest post takes the issue's status; an update whose source gives its status keeps it;
 * 2. an older post keeps the status already recorded for it in the existing file (`recorded`);
 * 3. otherwise the first post is `investigating`;
 * 4. otherwise the status its Current status / Final status text names ({@link statusNamedInPost});
 * 5. otherwise the status of the post before it.
 */
export function deriveUpdateStatuses(updates: readonly ImportedUpdate[], issueStatus: string, recorded: (index: number) => string | undefined): string[] {
  const statuses: string[] = [];
  updates.forEach((update, index) => {
    const previous = statuses[index - 1];
    const status =
      index === updates.length - 1
        ? issueStatus
        : (update.status ?? recorded(index) ?? (index === 0 ? 'investigating' : (update.statusFromText ?? previous ?? 'investigating')));
    statuses.push(status);
  });
  return statuses;
}

/**
 * Decodes a saved response: UTF-8 (with or without BOM), or UTF-16 with a BOM as Windows PowerShell
 * 5.1 writes with `>` and `Out-File`. Undefined (and an error) when it is neither.
 */
export function decodeGraphFile(bytes: Uint8Array, file: string, diagnostics: DiagnosticCollector): string | undefined {
  const start = { line: 1, column: 1 };
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    diagnostics.report(file, start, 'import-encoding');
    return undefined;
  }
}

/**
 * Reads a saved Graph response: one `serviceHealthIssue`, a collection `{"value": […]}`, or a JSON
 * array (what PowerShell's ConvertTo-Json writes for several issues). Property names are matched
 * ignoring case, so PowerShell's `Id`, `StartDateTime` … work too. Every problem is reported with
 * the line and column of the offending key or value; undefined when the file cannot be used.
 */
export function readGraphIssues(text: string, file: string, diagnostics: DiagnosticCollector): GraphIssue[] | undefined {
  const at = (offset: number) => positionOfOffset(text, offset);
  if (text.replace(/^\uFEFF/u, '').trim() === '') {
    diagnostics.report(file, at(0), 'import-json-syntax', { kind: 'empty' });
    return undefined;
  }
  const parsed = parseJsonWithOffsets(text);
  if (!parsed.ok) {
    diagnostics.report(file, at(parsed.offset), 'import-json-syntax', { kind: 'syntax', detail: parsed.message, ...(parsed.hint ? { hint: parsed.hint } : {}) });
    return undefined;
  }
  const { root } = parsed;
  const foreign = recogniseForeignFile(root);
  if (foreign) {
    diagnostics.report(file, at(root.start), 'import-foreign-file', { kind: foreign, command: `kokuchi import ${foreign} ${file}` });
    return undefined;
  }
  let issueNodes: JsonNode[];
  if (root.kind === 'array') {
    issueNodes = root.items;
  } else if (root.kind === 'object' && isServiceHealth(root)) {
    issueNodes = [root];
  } else if (root.kind === 'object' && !jsonMember(root, 'id') && jsonMember(root, 'value')) {
    const value = jsonMember(root, 'value')!.value;
    if (value.kind !== 'array') {
      diagnostics.report(file, at(value.start), 'import-invalid-value', { kind: 'shape', what: 'value', found: value.kind });
      return undefined;
    }
    const nextLink = jsonMember(root, '@odata.nextLink');
    if (nextLink) {
      diagnostics.report(file, at(nextLink.keyStart), 'import-more-pages');
    }
    issueNodes = value.items;
  } else if (root.kind === 'object' && !jsonMember(root, 'id') && jsonMember(root, 'issues')?.value.kind === 'array') {
    issueNodes = [root];
  } else if (root.kind === 'object') {
    issueNodes = [root];
  } else {
    diagnostics.report(file, at(root.start), 'import-invalid-value', { kind: 'shape', what: 'issue', found: root.kind });
    return undefined;
  }
  // Service-health objects (CLI for Microsoft 365 `health get|list --issues`, Graph healthOverviews?$expand=issues) hold their issues.
  const serviceObjects = issueNodes.filter(isServiceHealth).length;
  issueNodes = issueNodes.flatMap((node) => (isServiceHealth(node) ? (jsonMember(node, 'issues')!.value as Extract<JsonNode, { kind: 'array' }>).items : [node]));
  if (issueNodes.length === 0) {
    if (serviceObjects > 0) return [];
    diagnostics.report(file, at(root.start), 'import-missing-field', { kind: 'no-issues' });
    return undefined;
  }

  const issues: GraphIssue[] = [];
  const seen = new Map<string, Position>();
  let usable = true;
  for (const node of issueNodes) {
    const issue = readIssue(node, { file, at, diagnostics });
    if (!issue) {
      usable = false;
      continue;
    }
    const earlier = seen.get(issue.id.toLowerCase());
    if (earlier) {
      diagnostics.report(file, issue.position, 'import-duplicate-issue', { id: issue.id, otherLine: earlier.line });
      usable = false;
      continue;
    }
    seen.set(issue.id.toLowerCase(), issue.position);
    issues.push(issue);
  }
  return usable ? issues : undefined;
}

/** A `serviceHealth` object: a service's overview with its `issues` array (and no posts of its own). */
function isServiceHealth(node: JsonNode): boolean {
  return node.kind === 'object' && jsonMember(node, 'issues')?.value.kind === 'array' && !jsonMember(node, 'posts') && !jsonMember(node, 'classification');
}

/** The import command's source name when the file is another service's status file. */
export function recogniseForeignFile(root: JsonNode): 'statuspage' | 'google-cloud' | undefined {
  const has = (node: JsonNode | undefined, ...keys: string[]) => node?.kind === 'object' && keys.some((key) => jsonMember(node, key) !== undefined);
  const first = (node: JsonNode | undefined) => (node?.kind === 'array' ? node.items[0] : undefined);
  const googleIncident = (node: JsonNode | undefined) => has(node, 'external_desc', 'most_recent_update', 'affected_products', 'currently_affected_locations');
  const statuspageIncident = (node: JsonNode | undefined) => has(node, 'incident_updates', 'shortlink', 'scheduled_for', 'components') && has(node, 'impact', 'name');
  if (root.kind === 'array') {
    if (googleIncident(root.items[0])) return 'google-cloud';
    if (statuspageIncident(root.items[0])) return 'statuspage';
    return undefined;
  }
  if (root.kind !== 'object') return undefined;
  if (googleIncident(root)) return 'google-cloud';
  const page = jsonMember(root, 'page')?.value;
  if (has(page, 'url', 'time_zone', 'updated_at') && has(root, 'incidents', 'components', 'status', 'scheduled_maintenances')) return 'statuspage';
  if (statuspageIncident(root) || statuspageIncident(first(jsonMember(root, 'incidents')?.value))) return 'statuspage';
  return undefined;
}

interface ReadContext {
  file: string;
  at: (offset: number) => Position;
  diagnostics: DiagnosticCollector;
}

function readIssue(node: JsonNode, context: ReadContext): GraphIssue | undefined {
  const { file, at, diagnostics } = context;
  if (node.kind !== 'object') {
    diagnostics.report(file, at(node.start), 'import-invalid-value', { kind: 'shape', what: 'issue', found: node.kind });
    return undefined;
  }
  const fields = new FieldReader(node, { kind: 'issue' }, context);
  const id = fields.string('id');
  if (id !== undefined && (!ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH)) {
    fields.invalid('id', finding('import-invalid-value', { kind: 'id', id }));
  }
  const label = id ?? 'the issue';
  fields.subject = { kind: 'issue-id', id: label };
  const service = fields.string('service');
  const classificationText = fields.string('classification');
  let classification: GraphIssue['classification'] | undefined;
  if (classificationText !== undefined) {
    const lower = classificationText.toLowerCase();
    if (lower === 'incident' || lower === 'advisory') classification = lower;
    else if (lower === 'unknownfuturevalue' || !closestMatches(classificationText, ['incident', 'advisory'])[0]) {
      // A value Graph added later: kept working as an incident, the default of records.
      context.diagnostics.report(file, fields.position('classification'), 'import-unknown-value', 'classification', classificationText, 'incident');
      classification = 'incident';
    } else fields.invalid('classification', finding('import-invalid-value', { kind: 'classification', value: classificationText }));
  }
  const title = fields.string('title');
  const impact = fields.string('impactDescription', { optional: true });
  const start = fields.time('startDateTime');
  const end = fields.time('endDateTime', { optional: true });
  const modified = fields.time('lastModifiedDateTime', { optional: true });
  if (start && end && end.epochMs < start.epochMs) {
    fields.invalid('endDateTime', finding('import-invalid-value', { kind: 'end-before-start', end: end.iso, start: start.iso }));
  }
  const graphStatus = fields.string('status');
  let status: string | undefined;
  if (graphStatus !== undefined) {
    status = mapGraphStatus(graphStatus);
    const suggestion = status ? undefined : closestMatches(graphStatus, [...GRAPH_STATUSES])[0];
    if (!status && (!suggestion || graphStatus.trim().toLowerCase() === 'unknownfuturevalue')) {
      // unknownFutureValue, or a value added after this version: the issue still imports.
      status = end ? 'service-restored' : 'investigating';
      context.diagnostics.report(file, fields.position('status'), 'import-unknown-value', 'status', graphStatus, status);
    } else if (!status) {
      fields.invalid('status', finding('import-status', { status: graphStatus, ...(suggestion ? { suggestion } : {}), known: GRAPH_STATUSES }));
    }
  }
  const posts = readPosts(fields, label, context);
  if (!fields.ok || id === undefined || service === undefined || !classification || title === undefined || !start || !status || !graphStatus || !posts) return undefined;
  return {
    id,
    service,
    classification,
    title,
    ...(impact?.trim() ? { impact } : {}),
    start,
    ...(end ? { end } : {}),
    status,
    graphStatus,
    posts,
    ...(modified ? { modified } : {}),
    position: at(node.start),
    servicePosition: fields.position('service'),
  };
}

function readPosts(issueFields: FieldReader, label: string, context: ReadContext): GraphPost[] | undefined {
  const { file, at, diagnostics } = context;
  const list = issueFields.node('posts', 'array');
  if (!list || list.kind !== 'array') return undefined;
  if (list.items.length === 0) {
    issueFields.invalid('posts', finding('import-missing-field', { kind: 'no-posts', issue: label }));
    return undefined;
  }
  const posts: GraphPost[] = [];
  const seen = new Map<number, Position>();
  let ok = true;
  list.items.forEach((item, index) => {
    if (item.kind !== 'object') {
      diagnostics.report(file, at(item.start), 'import-invalid-value', { kind: 'post', index: index + 1, issue: label, found: item.kind });
      ok = false;
      return;
    }
    const fields = new FieldReader(item, { kind: 'post', index: index + 1, issue: label }, context, 'serviceHealthIssuePost');
    const created = fields.time('createdDateTime');
    const description = fields.node('description', 'object');
    let content: string | undefined;
    let contentType = 'html';
    let contentPosition = at(item.start);
    if (description?.kind === 'object') {
      const descriptionFields = new FieldReader(description, { kind: 'description', index: index + 1, issue: label }, context, 'post description (itemBody)');
      content = descriptionFields.string('content', { allowEmpty: true });
      contentType = descriptionFields.string('contentType', { optional: true }) ?? 'html';
      contentPosition = descriptionFields.position('content');
      if (!descriptionFields.ok) fields.ok = false;
    }
    if (!fields.ok || !created || content === undefined) {
      ok = false;
      return;
    }
    const position = at(item.start);
    const earlier = seen.get(created.epochMs);
    if (earlier) {
      diagnostics.report(file, fields.position('createdDateTime'), 'import-duplicate-post', { issue: label, at: created.iso, otherLine: earlier.line });
      ok = false;
      return;
    }
    seen.set(created.epochMs, position);
    posts.push({ at: created, content, contentType, position, contentPosition });
  });
  return ok ? posts : undefined;
}

/** Reads typed members of one JSON object, reporting missing or mistyped ones at their position. */
class FieldReader {
  ok = true;

  constructor(
    private readonly object: Extract<JsonNode, { kind: 'object' }>,
    public subject: GraphSubject,
    private readonly context: ReadContext,
    private readonly resource: string = 'serviceHealthIssue',
  ) {}

  position(key: string): Position {
    const entry = jsonMember(this.object, key);
    return this.context.at(entry ? entry.value.start : this.object.start);
  }

  invalid(key: string, found: Finding): void {
    this.context.diagnostics.reportFinding(this.context.file, this.position(key), found);
    this.ok = false;
  }

  /** The member's node when it has the expected kind; undefined (and an error unless optional) otherwise. `null` counts as absent. */
  node(key: string, kind: JsonNode['kind'], options: { optional?: boolean } = {}): JsonNode | undefined {
    const entry = jsonMember(this.object, key);
    if (!entry || entry.value.kind === 'null') {
      if (!options.optional) {
        this.context.diagnostics.report(this.context.file, this.context.at(entry ? entry.value.start : this.object.start), 'import-missing-field', {
          kind: entry ? 'null' : 'absent',
          key,
          subject: this.subject,
          resource: this.resource,
        });
        this.ok = false;
      }
      return undefined;
    }
    if (entry.value.kind !== kind) {
      this.invalid(key, finding('import-invalid-value', { kind: 'type', key, subject: this.subject, expected: kind, found: entry.value.kind }));
      return undefined;
    }
    return entry.value;
  }

  /** A string member, repaired when it is mojibake (with a warning at the value). */
  string(key: string, options: { optional?: boolean; allowEmpty?: boolean } = {}): string | undefined {
    const value = this.node(key, 'string', options);
    if (!value || value.kind !== 'string') return undefined;
    if (!options.allowEmpty && !options.optional && value.value.trim() === '') {
      this.invalid(key, finding('import-missing-field', { kind: 'empty', key, subject: this.subject }));
      return undefined;
    }
    const repair = repairMojibake(value.value);
    if (repair.kind === 'clean') return value.value;
    const field = { key, subject: this.subject };
    const where = this.context.at(value.start);
    if (repair.kind === 'damaged') {
      this.context.diagnostics.report(this.context.file, where, 'import-mojibake-damaged', field, excerptOf(value.value, value.value.replace(/\uFFFD[^]*/u, '')));
      return value.value;
    }
    const names = repair.codePages.map(codePageName).join('/');
    if (repair.kind === 'ambiguous') {
      this.context.diagnostics.report(this.context.file, where, 'import-mojibake-ambiguous', field, names, excerptOf(value.value, value.value));
      return value.value;
    }
    this.context.diagnostics.report(this.context.file, where, 'import-mojibake', field, names, excerptOf(value.value, repair.text), excerptOf(repair.text, value.value));
    return repair.text;
  }

  time(key: string, options: { optional?: boolean } = {}): Instant | undefined {
    const value = this.node(key, 'string', options);
    if (!value || value.kind !== 'string') return undefined;
    if (value.value.trim() === '' && options.optional) return undefined;
    const parsed = parseGraphTime(value.value);
    if (parsed.ok) return parsed.instant;
    if (parsed.outOfRange) {
      this.context.diagnostics.report(this.context.file, this.position(key), 'import-time-range', key, value.value);
      this.ok = false;
      return undefined;
    }
    this.invalid(key, finding('import-time', { key, subject: this.subject, message: parsed.message, ...(parsed.hint ? { hint: parsed.hint } : {}) }));
    return undefined;
  }
}

/** Up to 40 characters of `text` around the first place where it differs from `other`. */
function excerptOf(text: string, other: string): string {
  let index = 0;
  while (index < text.length && text[index] === other[index]) index += 1;
  const start = Math.max(0, index - 12);
  const excerpt = text.slice(start, start + 40).replace(/\s+/gu, ' ');
  return `${start > 0 ? '…' : ''}${excerpt}${start + 40 < text.length ? '…' : ''}`;
}

/** Earliest and latest instants an import accepts: the years 1000 to 9999. */
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;

/**
 * Reads a Graph `DateTimeOffset`: ISO 8601 with a zone (`2021-11-25T12:33:00Z`), or the
 * `/Date(1637843580000)/` form that Windows PowerShell 5.1's ConvertTo-Json writes. A time without a
 * zone is refused, never guessed.
 */
export function parseGraphTime(text: string): GraphTimeResult {
  const legacy = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/u.exec(text.trim());
  if (legacy) {
    const epochMs = Number(legacy[1]);
    if (!Number.isSafeInteger(epochMs) || epochMs < EARLIEST || epochMs > LATEST) return outOfRange(text);
    return { ok: true, instant: instantFromEpoch(epochMs, text) };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/u.test(text.trim())) {
    return { ok: false, rule: 'time-format', message: `"${text}" is not an ISO 8601 time`, hint: 'Graph writes times as ISO 8601 in UTC, e.g. 2021-11-25T12:33:00Z' };
  }
  const parsed = parseTime(text, { primaryZone: 'UTC' });
  if (parsed.ok && (parsed.instant.epochMs < EARLIEST || parsed.instant.epochMs > LATEST)) return outOfRange(text);
  if (!parsed.ok && parsed.rule === 'time-no-zone') {
    return { ...parsed, hint: `Graph times are in UTC and end in Z, e.g. ${text.trim()}Z; save the response again as docs/import.md shows` };
  }
  return parsed;
}

/** The refusal of a time outside the years 1000 to 9999 (Date cannot even hold some of them). */
function outOfRange(text: string): GraphTimeResult {
  return { ok: false, rule: 'time-format', message: `"${text}" is not a time between the years 1000 and 9999`, outOfRange: true };
}

/** A parsed Graph time; `outOfRange` marks a time outside the years 1000 to 9999. */
export type GraphTimeResult = TimeParseResult & { outOfRange?: boolean };

/**
 * Turns a checked issue into record data: each post's HTML becomes labelled English fields
 * ({@link postHtmlToUpdate}), posts are put oldest first. Labelled times that cannot be read are
 * kept in the body and reported as warnings at the post.
 */
export function importIssue(issue: GraphIssue, serviceKey: string, context: { file: string; diagnostics: DiagnosticCollector }): ImportedIncident {
  const updates = [...issue.posts]
    .sort((a, b) => a.at.epochMs - b.at.epochMs)
    .map((post): ImportedUpdate => {
      const content = postHtmlToUpdate(post.content, { contentType: post.contentType });
      if (content.flattened) context.diagnostics.report(context.file, post.contentPosition, 'import-html-too-deep', issue.id, post.at.iso, MAX_POST_HTML_DEPTH);
      for (const unread of content.unreadTimes) {
        context.diagnostics.report(context.file, post.contentPosition, 'import-post-time', {
          id: issue.id,
          at: post.at.iso,
          label: unread.label,
          text: unread.text,
          message: unread.message,
          ...(unread.hint ? { hint: unread.hint } : {}),
        });
      }
      if (Object.keys(content.text).length === 0) {
        context.diagnostics.report(context.file, post.contentPosition, 'import-empty-post', { id: issue.id, at: post.at.iso });
      }
      const times: ImportedUpdate['times'] = {};
      for (const [key, instant] of Object.entries(content.times) as [PostTimeKey, Instant][]) times[key] = instant.epochMs;
      const statusFromText = statusNamedInPost(content.text);
      return { at: post.at.epochMs, text: content.text, times, ...(statusFromText ? { statusFromText } : {}) };
    });
  return {
    id: issue.id,
    service: serviceKey,
    classification: issue.classification,
    title: removeHardBreaks(issue.title).trim(),
    ...(issue.impact ? { impact: removeHardBreaks(issue.impact).trim() } : {}),
    start: issue.start.epochMs,
    ...(issue.end ? { end: issue.end.epochMs } : {}),
    status: issue.status,
    ...(issue.modified ? { modified: issue.modified.epochMs } : {}),
    updates,
  };
}
