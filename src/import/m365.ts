/**
 * Microsoft 365 service health: reads a saved Microsoft Graph response (one `serviceHealthIssue` or a
 * collection of them) into checked issues with source positions, and turns an issue into the
 * English record data that {@link mergeIncidentRecord} writes. Pure: no I/O.
 * @module
 */
import { ID_PATTERN, MAX_ID_LENGTH } from '../content/schema.js';
import { positionOfOffset } from '../content/source.js';
import type { DiagnosticCollector, Position } from '../diagnostics.js';
import { resolveStatus } from '../statuses.js';
import { closestMatches } from '../suggest.js';
import { instantFromEpoch, parseTime, type Instant, type TimeParseResult } from '../time.js';
import { describeJsonKind, jsonMember, parseJsonWithOffsets, type JsonNode } from './json-source.js';
import { postHtmlToUpdate, type PostContent, type PostTimeKey } from './post-html.js';

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
    diagnostics.error(file, start, 'import-encoding', 'the file is neither UTF-8 nor UTF-16 text', 'save the Graph response as UTF-8, e.g. with ConvertTo-Json … | Set-Content -Encoding utf8 file.json');
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
    diagnostics.error(file, at(0), 'import-json-syntax', 'the file is empty', 'save the Graph response into it');
    return undefined;
  }
  const parsed = parseJsonWithOffsets(text);
  if (!parsed.ok) {
    diagnostics.error(file, at(parsed.offset), 'import-json-syntax', `JSON syntax error: ${parsed.message}`, parsed.hint);
    return undefined;
  }
  const { root } = parsed;
  let issueNodes: JsonNode[];
  if (root.kind === 'array') {
    issueNodes = root.items;
  } else if (root.kind === 'object' && !jsonMember(root, 'id') && jsonMember(root, 'value')) {
    const value = jsonMember(root, 'value')!.value;
    if (value.kind !== 'array') {
      diagnostics.error(file, at(value.start), 'import-invalid-value', `"value" must be an array of issues, not ${describeJsonKind(value)}`, EXPECTED_SHAPE);
      return undefined;
    }
    const nextLink = jsonMember(root, '@odata.nextLink');
    if (nextLink) {
      diagnostics.warning(file, at(nextLink.keyStart), 'import-more-pages', 'the response has more pages (@odata.nextLink); only the issues in this file are imported', 'save every page, or narrow the request with $filter');
    }
    issueNodes = value.items;
  } else if (root.kind === 'object') {
    issueNodes = [root];
  } else {
    diagnostics.error(file, at(root.start), 'import-invalid-value', `expected a serviceHealthIssue object, not ${describeJsonKind(root)}`, EXPECTED_SHAPE);
    return undefined;
  }
  if (issueNodes.length === 0) {
    diagnostics.error(file, at(root.start), 'import-missing-field', 'the file holds no issues', EXPECTED_SHAPE);
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
      diagnostics.error(file, issue.position, 'import-duplicate-issue', `issue ${issue.id} appears twice in the file; the other is at line ${earlier.line}`, 'keep one copy of each issue');
      usable = false;
      continue;
    }
    seen.set(issue.id.toLowerCase(), issue.position);
    issues.push(issue);
  }
  return usable ? issues : undefined;
}

const EXPECTED_SHAPE = 'expected the response of GET /admin/serviceAnnouncement/issues/{id} ({"id": "EX300267", "service": …, "posts": […]}) or of GET /admin/serviceAnnouncement/issues ({"value": […]}); see docs/import.md';

interface ReadContext {
  file: string;
  at: (offset: number) => Position;
  diagnostics: DiagnosticCollector;
}

function readIssue(node: JsonNode, context: ReadContext): GraphIssue | undefined {
  const { file, at, diagnostics } = context;
  if (node.kind !== 'object') {
    diagnostics.error(file, at(node.start), 'import-invalid-value', `expected a serviceHealthIssue object, not ${describeJsonKind(node)}`, EXPECTED_SHAPE);
    return undefined;
  }
  const fields = new FieldReader(node, 'the issue', context);
  const id = fields.string('id');
  if (id !== undefined && (!ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH)) {
    fields.invalid('id', `"${id}" cannot be an incident id`, 'ids such as EX300267 or MO1180412 have only letters, digits, "_" and "-"');
  }
  const label = id ?? 'the issue';
  fields.subject = `issue ${label}`;
  const service = fields.string('service');
  const classificationText = fields.string('classification');
  let classification: GraphIssue['classification'] | undefined;
  if (classificationText !== undefined) {
    const lower = classificationText.toLowerCase();
    if (lower === 'incident' || lower === 'advisory') classification = lower;
    else fields.invalid('classification', `classification "${classificationText}" is neither incident nor advisory`, 'kokuchi records incidents and advisories; set "classification" to one of them');
  }
  const title = fields.string('title');
  const impact = fields.string('impactDescription', { optional: true });
  const start = fields.time('startDateTime');
  const end = fields.time('endDateTime', { optional: true });
  if (start && end && end.epochMs < start.epochMs) {
    fields.invalid('endDateTime', `endDateTime (${end.iso}) is before startDateTime (${start.iso})`, 'check both times in the saved response');
  }
  const graphStatus = fields.string('status');
  let status: string | undefined;
  if (graphStatus !== undefined) {
    status = mapGraphStatus(graphStatus);
    if (!status) {
      const suggestion = closestMatches(graphStatus, [...GRAPH_STATUSES])[0];
      fields.invalid(
        'status',
        `status "${graphStatus}" has no counterpart in kokuchi's statuses${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        `Graph statuses that can be imported: ${GRAPH_STATUSES.join(', ')}`,
        'import-status',
      );
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
    position: at(node.start),
    servicePosition: fields.position('service'),
  };
}

function readPosts(issueFields: FieldReader, label: string, context: ReadContext): GraphPost[] | undefined {
  const { file, at, diagnostics } = context;
  const list = issueFields.node('posts', 'array');
  if (!list || list.kind !== 'array') return undefined;
  if (list.items.length === 0) {
    issueFields.invalid('posts', `${label} has no posts, so there is no update to import`, 'save the issue again once Microsoft has posted an update', 'import-missing-field');
    return undefined;
  }
  const posts: GraphPost[] = [];
  const seen = new Map<number, Position>();
  let ok = true;
  list.items.forEach((item, index) => {
    if (item.kind !== 'object') {
      diagnostics.error(file, at(item.start), 'import-invalid-value', `post ${index + 1} of ${label} must be an object, not ${describeJsonKind(item)}`, 'a post is {"createdDateTime": …, "description": {"contentType": "html", "content": "…"}}');
      ok = false;
      return;
    }
    const fields = new FieldReader(item, `post ${index + 1} of ${label}`, context, 'serviceHealthIssuePost');
    const created = fields.time('createdDateTime');
    const description = fields.node('description', 'object');
    let content: string | undefined;
    let contentType = 'html';
    let contentPosition = at(item.start);
    if (description?.kind === 'object') {
      const descriptionFields = new FieldReader(description, `the description of post ${index + 1} of ${label}`, context, 'post description (itemBody)');
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
      diagnostics.error(file, fields.position('createdDateTime'), 'import-duplicate-post', `two posts of ${label} have the same time ${created.iso}; the other is at line ${earlier.line}`, 'an update is identified by its time; remove the repeated post');
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
    public subject: string,
    private readonly context: ReadContext,
    private readonly resource: string = 'serviceHealthIssue',
  ) {}

  position(key: string): Position {
    const entry = jsonMember(this.object, key);
    return this.context.at(entry ? entry.value.start : this.object.start);
  }

  invalid(key: string, message: string, hint?: string, rule = 'import-invalid-value'): void {
    this.context.diagnostics.error(this.context.file, this.position(key), rule, message, hint);
    this.ok = false;
  }

  /** The member's node when it has the expected kind; undefined (and an error unless optional) otherwise. `null` counts as absent. */
  node(key: string, kind: JsonNode['kind'], options: { optional?: boolean } = {}): JsonNode | undefined {
    const entry = jsonMember(this.object, key);
    if (!entry || entry.value.kind === 'null') {
      if (!options.optional) {
        this.context.diagnostics.error(
          this.context.file,
          this.context.at(entry ? entry.value.start : this.object.start),
          'import-missing-field',
          `${this.subject} has no "${key}"`,
          entry ? `"${key}" is null; save the response again with the full resource` : `a saved ${this.resource} has "${key}"; save the full resource (ConvertTo-Json -Depth 10 keeps the posts)`,
        );
        this.ok = false;
      }
      return undefined;
    }
    if (entry.value.kind !== kind) {
      const article = kind === 'object' || kind === 'array' ? 'an' : 'a';
      this.invalid(key, `"${key}" of ${this.subject} must be ${article} ${kind}, not ${describeJsonKind(entry.value)}`);
      return undefined;
    }
    return entry.value;
  }

  string(key: string, options: { optional?: boolean; allowEmpty?: boolean } = {}): string | undefined {
    const value = this.node(key, 'string', options);
    if (!value || value.kind !== 'string') return undefined;
    if (!options.allowEmpty && !options.optional && value.value.trim() === '') {
      this.invalid(key, `"${key}" of ${this.subject} is empty`, undefined, 'import-missing-field');
      return undefined;
    }
    return value.value;
  }

  time(key: string, options: { optional?: boolean } = {}): Instant | undefined {
    const value = this.node(key, 'string', options);
    if (!value || value.kind !== 'string') return undefined;
    if (value.value.trim() === '' && options.optional) return undefined;
    const parsed = parseGraphTime(value.value);
    if (parsed.ok) return parsed.instant;
    this.invalid(key, `"${key}" of ${this.subject}: ${parsed.message}`, parsed.hint ?? 'Graph writes times as ISO 8601 in UTC, e.g. 2021-11-25T12:33:00Z', 'import-time');
    return undefined;
  }
}

/**
 * Reads a Graph `DateTimeOffset`: ISO 8601 with a zone (`2021-11-25T12:33:00Z`), or the
 * `/Date(1637843580000)/` form that Windows PowerShell 5.1's ConvertTo-Json writes. A time without a
 * zone is refused, never guessed.
 */
export function parseGraphTime(text: string): TimeParseResult {
  const legacy = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/u.exec(text.trim());
  if (legacy) return { ok: true, instant: instantFromEpoch(Number(legacy[1]), text) };
  if (!/^\d{4}-\d{2}-\d{2}T/u.test(text.trim())) {
    return { ok: false, rule: 'time-format', message: `"${text}" is not an ISO 8601 time`, hint: 'Graph writes times as ISO 8601 in UTC, e.g. 2021-11-25T12:33:00Z' };
  }
  const parsed = parseTime(text, { primaryZone: 'UTC' });
  if (!parsed.ok && parsed.rule === 'time-no-zone') {
    return { ...parsed, hint: `Graph times are in UTC and end in Z, e.g. ${text.trim()}Z; save the response again as docs/import.md shows` };
  }
  return parsed;
}

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
      for (const unread of content.unreadTimes) {
        context.diagnostics.warning(
          context.file,
          post.contentPosition,
          'import-post-time',
          `the post of ${issue.id} at ${post.at.iso} says "${unread.label}: ${unread.text}", which cannot be read as a time (${unread.message}); the text is kept in the update's body`,
          unread.hint,
        );
      }
      if (Object.keys(content.text).length === 0) {
        context.diagnostics.warning(context.file, post.contentPosition, 'import-empty-post', `the post of ${issue.id} at ${post.at.iso} has no text`, 'the update will have no text; the check after the import reports it');
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
    title: issue.title.trim(),
    ...(issue.impact ? { impact: issue.impact.trim() } : {}),
    start: issue.start.epochMs,
    ...(issue.end ? { end: issue.end.epochMs } : {}),
    status: issue.status,
    updates,
  };
}
