import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { buildSiteModel, type ContentSnapshot, type LoadResult } from '../../src/content/load.js';
import type { RawSource } from '../../src/content/source.js';

/** File contents by path: text (encoded as UTF-8), raw bytes, or `null` to leave out a default file. */
export type FixtureFiles = Record<string, string | Uint8Array | null>;

/** The content folder every fixture lives in. */
export const FIXTURE_ROOT = 'content';

/** site.yaml used when a fixture does not give one. */
export const DEFAULT_SITE_YAML = `title: {ja: テスト, en: Test}
base_url: https://example.com/
languages: [ja, en]
default_language: ja
source_language: en
`;

/** services.yaml used when a fixture does not give one. */
export const DEFAULT_SERVICES_YAML = `exchange-online: {ja: Exchange Online, en: Exchange Online}
microsoft-teams: {ja: Microsoft Teams, en: Microsoft Teams}
`;

const encoder = new TextEncoder();

/** `incidents/a.yaml` and `content/incidents/a.yaml` both name content/incidents/a.yaml. */
function normalizePath(file: string): string {
  const clean = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return clean === FIXTURE_ROOT || clean.startsWith(`${FIXTURE_ROOT}/`) ? clean : `${FIXTURE_ROOT}/${clean}`;
}

/** Adds the default site.yaml and services.yaml unless the fixture gives its own (or `null` to leave one out). */
function withDefaults(files: FixtureFiles, normalize: (file: string) => string): Map<string, string | Uint8Array> {
  const all = new Map<string, string | Uint8Array | null>([
    [`${FIXTURE_ROOT}/site.yaml`, DEFAULT_SITE_YAML],
    [`${FIXTURE_ROOT}/services.yaml`, DEFAULT_SERVICES_YAML],
  ]);
  for (const [file, content] of Object.entries(files)) all.set(normalize(file), content);
  const result = new Map<string, string | Uint8Array>();
  for (const [file, content] of all) if (content !== null) result.set(file, content);
  return result;
}

const toBytes = (content: string | Uint8Array) => (typeof content === 'string' ? encoder.encode(content) : content);

/**
 * Builds a content snapshot from an inline map of paths to text, the way readContent would from disk
 * (records are the files under content/incidents/ ending in .yaml, .yml or .md, in path order), and
 * runs buildSiteModel on it. Pure: nothing touches the file system.
 */
export function loadFixture(files: FixtureFiles): LoadResult {
  const all = withDefaults(files, normalizePath);
  const raw = (file: string): RawSource | undefined => {
    const content = all.get(file);
    return content === undefined ? undefined : { path: file, bytes: toBytes(content) };
  };
  const records = [...all.keys()]
    .filter((file) => file.startsWith(`${FIXTURE_ROOT}/incidents/`) && /\.(ya?ml|md)$/u.test(file))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((file) => raw(file)!);
  const site = raw(`${FIXTURE_ROOT}/site.yaml`);
  const services = raw(`${FIXTURE_ROOT}/services.yaml`);
  const snapshot: ContentSnapshot = { root: FIXTURE_ROOT, records, diagnostics: [], ...(site ? { site } : {}), ...(services ? { services } : {}) };
  return buildSiteModel(snapshot);
}

/** A temporary working directory holding a content folder. */
export interface TempContent {
  /** The working directory (holds `content/`). */
  cwd: string;
  /** Absolute path of the content folder. */
  contentDir: string;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

/**
 * Writes the files under a fresh temp directory (paths relative to it, so `content/incidents/a.yaml`;
 * files outside content/ are fine), with the default content/site.yaml and content/services.yaml.
 * For tests of the CLI and of readContent; call `remove()` when done.
 */
export async function withTempContent(files: FixtureFiles): Promise<TempContent> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-test-'));
  for (const [file, content] of withDefaults(files, (file) => file.replace(/\\/g, '/'))) {
    const absolute = path.join(cwd, ...file.split('/'));
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, toBytes(content));
  }
  return { cwd, contentDir: path.join(cwd, FIXTURE_ROOT), remove: () => rm(cwd, { recursive: true, force: true }) };
}

/** Joins rows into a file's text with a final newline; row n is line n. */
export function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/**
 * Copies `rows`, replacing 1-based line numbers with new text (several lines joined by `\n` are fine;
 * `null` deletes the line), then appends `append`.
 */
export function editLines(rows: readonly string[], replacements: Record<number, string | null> = {}, append: readonly string[] = []): string {
  for (const line of Object.keys(replacements)) {
    if (!rows[Number(line) - 1]) throw new Error(`editLines: the fixture has no line ${line}`);
  }
  const edited = rows.flatMap((row, index) => {
    const replacement = replacements[index + 1];
    return replacement === undefined ? [row] : replacement === null ? [] : [replacement];
  });
  return lines(...edited, ...append);
}

/**
 * A valid YAML record, content/incidents/EX1.yaml. Line numbers matter to the tests:
 * 1 id, 2 service, 3 title, 4 start, 5 end, 6 summary, 7 updates, 8–11 first update (at, status, body, next_update),
 * 12–14 second update (at, status, current_status); appended lines start at 15.
 */
export const YAML_RECORD: readonly string[] = [
  'id: EX1',
  'service: exchange-online',
  'title: {en: Mail is delayed, ja: メールが遅延している}',
  'start: 2021-11-25 21:33 JST',
  'end: 2021-11-26 01:00 JST',
  'summary: {en: Some mail was delayed., ja: 一部のメールが遅延しました。}',
  'updates:',
  '  - at: 2021-11-25 22:00 JST',
  '    status: investigating',
  '    body: {en: We are looking into it., ja: 調査しています。}',
  '    next_update: 2021-11-25 23:00 JST',
  '  - at: 2021-11-26 01:30 JST',
  '    status: service-restored',
  '    current_status: {en: Mail flows again., ja: メールは再び流れています。}',
];

/**
 * The English file of a valid Markdown record, content/incidents/EX2.en.md (times in UTC):
 * 1–6 front matter (2 service, 3 title, 4 start, 5 end), 8 summary, 10 and 14 update headings, 12 and 16 their bodies.
 */
export const MARKDOWN_EN: readonly string[] = [
  '---',
  'service: exchange-online',
  'title: Mail is delayed',
  'start: 2021-11-25 21:33 JST',
  'end: 2021-11-26 01:00 JST',
  '---',
  '',
  'Some mail was delayed.',
  '',
  '## 2021-11-25 13:00 UTC — Investigating',
  '',
  'We are looking into it.',
  '',
  '## 2021-11-25 16:30 UTC — Service restored',
  '',
  'Mail flows again.',
];

/**
 * The Japanese file of the same record, content/incidents/EX2.ja.md (times in JST, statuses as Japanese labels):
 * 1–3 front matter (2 title), 5 summary, 7 and 11 update headings, 9 and 13 their bodies.
 */
export const MARKDOWN_JA: readonly string[] = [
  '---',
  'title: メールが遅延している',
  '---',
  '',
  '一部のメールが遅延しました。',
  '',
  '## 2021-11-25 22:00 JST — 調査中',
  '',
  '調査しています。',
  '',
  '## 2021-11-26 01:30 JST — 復旧済み',
  '',
  'メールは再び流れています。',
];

/** An asymmetric matcher for one diagnostic; `message` is a substring of the message. */
export function diagnostic(file: string, line: number, column: number, rule: string, message: string, severity: 'error' | 'warning' = 'error') {
  return expect.objectContaining({ file, line, column, rule, severity, message: expect.stringContaining(message) });
}
