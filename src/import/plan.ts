/**
 * The import pipeline, the same for every source, as pure stages over bytes already read: a source's
 * reader turns the file into records (Microsoft 365, Statuspage, Google Cloud) → map the services →
 * merge each record into its file → check the resulting content with the loader. The command
 * (src/commands/import.ts) only reads or fetches the files, prints and writes what this returns.
 * @module
 */
import path from 'node:path';
import { buildSiteModel, type ContentSnapshot } from '../content/load.js';
import type { Language } from '../content/schema.js';
import { parseSiteConfig } from '../content/site-config.js';
import { decodeSource, type RawSource } from '../content/source.js';
import { parseYamlSource } from '../content/yaml-source.js';
import { compareText, DiagnosticCollector, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { formatInputTime } from '../time.js';
import { googleCloudReader } from './google-cloud.js';
import { decodeGraphFile, importIssue, readGraphIssues } from './m365.js';
import { mergeIncidentRecord } from './merge-record.js';
import { planServices, readServiceMap, type AddedService } from './services.js';
import { readStatuspage } from './statuspage.js';
import type { SourceReader, SourceRecord } from './source-record.js';
import type { ImportNote } from '../messages/cli-import-notes.js';

/** The files an import reads, already loaded. */
export interface ImportInput {
  /** The saved Graph response (or the source's file). */
  graph: RawSource;
  /** The `--service-map` file, when given. */
  serviceMap?: RawSource;
  /** The content folder as read by readContent. */
  snapshot: ContentSnapshot;
}

/** One file to write, with its path as shown to the user (relative to the working directory). */
export interface PlannedWrite {
  path: string;
  text: string;
  /** True when the file does not exist yet. */
  created: boolean;
  /** The incident id, for record files. */
  id?: string;
}

/** What an import would do. Nothing is written unless `ok`. */
export interface ImportPlan {
  ok: boolean;
  /** True when the problem is with configuration (site.yaml, services.yaml, the service map): exit code 2. */
  configurationError: boolean;
  /** Files to write, records first, in path order. */
  writes: PlannedWrite[];
  /** One line per change, in the order of the issues in the file. */
  notes: ImportNote[];
  /** Problems with the input, and those the loader finds in the resulting content. */
  diagnostics: Diagnostic[];
  /** Services added to the catalog. */
  addedServices: AddedService[];
  /** Per written record: how many translations the loader reports missing. */
  missingTranslations: { id: string; path: string; count: number }[];
  /** Record texts by path after the import, so that reports can quote lines of files not yet written. */
  texts: Map<string, string>;
  /** Number of issues in the response. */
  issueCount: number;
}

/** The sources kokuchi imports from. */
export const IMPORT_SOURCES = ['m365', 'statuspage', 'google-cloud'] as const;

/** One of {@link IMPORT_SOURCES}. */
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** Options of an import besides its files. */
export interface SourceOptions {
  /** `--id-prefix` (Statuspage, Google Cloud). */
  idPrefix?: string;
  /** `--service`: the service key of records that name no component or product. */
  service?: string;
}

/** How each source is read, and what its records' header says. */
const SOURCES: Record<ImportSource, { reader: SourceReader; addsServices: boolean; header: string }> = {
  m365: {
    reader: (source, options) => {
      const issues = readGraphIssues(source.text, source.path, options.diagnostics);
      return issues?.map((issue): SourceRecord => ({
        id: issue.id,
        position: issue.position,
        services: [{ name: issue.service, position: issue.servicePosition }],
        incident: (service) => importIssue(issue, service, { file: source.path, diagnostics: options.diagnostics }),
      }));
    },
    addsServices: true,
    header: ` Imported from Microsoft 365 service health with "kokuchi import m365".
 The official English text sits under "en:"; add Japanese next to it under "ja:".
 Importing again keeps what you add and updates only the official text.`,
  },
  statuspage: {
    reader: readStatuspage,
    addsServices: false,
    header: ` Imported from a Statuspage page with "kokuchi import statuspage".
 The service's English text sits under "en:"; add Japanese next to it under "ja:".
 Importing again keeps what you add and updates only the service's text.`,
  },
  'google-cloud': {
    reader: googleCloudReader,
    addsServices: false,
    header: ` Imported from the Google Cloud or Google Workspace status dashboard with "kokuchi import google-cloud".
 Google's English text sits under "en:"; add Japanese next to it under "ja:".
 Importing again keeps what you add and updates only Google's text.`,
  },
};

/** Plans `kokuchi import m365` (see {@link planImport}). */
export function planM365Import(input: ImportInput): ImportPlan {
  return planImport('m365', input);
}

/**
 * Plans `kokuchi import SOURCE`: the source's reader yields records, then every source goes the same
 * way: services are mapped, each record is merged into its file, and the resulting content is checked
 * with buildSiteModel before anything may be written. Every problem is collected.
 */
export function planImport(sourceName: ImportSource, input: ImportInput, options: SourceOptions = {}): ImportPlan {
  const source = SOURCES[sourceName];
  const diagnostics = new DiagnosticCollector();
  const texts = new Map<string, string>();
  const fail = (configurationError = false): ImportPlan => ({
    ok: false,
    configurationError,
    writes: [],
    notes: [],
    diagnostics: sortDiagnostics(diagnostics.items),
    addedServices: [],
    missingTranslations: [],
    texts,
    issueCount: 0,
  });
  const { snapshot } = input;

  const fileText = decodeGraphFile(input.graph.bytes, input.graph.path, diagnostics);
  const issues = fileText === undefined ? undefined : source.reader({ path: input.graph.path, text: fileText }, { diagnostics, ...(options.idPrefix !== undefined ? { idPrefix: options.idPrefix } : {}) });
  let serviceMap: Map<string, string> | undefined;
  if (input.serviceMap) {
    const mapText = decodeSource(input.serviceMap, diagnostics);
    serviceMap = mapText && readServiceMap(mapText.text, mapText.path, diagnostics);
    if (!serviceMap) return fail(true);
  }
  if (!issues) return fail();
  if (!source.addsServices && issues.length === 0) {
    diagnostics.report(input.graph.path, { line: 1, column: 1 }, 'import-empty');
  }

  const scratch = new DiagnosticCollector();
  const siteText = snapshot.site && decodeSource(snapshot.site, scratch);
  const config = siteText ? parseSiteConfig(siteText, scratch) : undefined;
  const primaryZone = config?.zones[config.defaultLanguage].primary ?? 'Asia/Tokyo';
  const sourceLanguage: Language = config?.sourceLanguage ?? 'en';

  const servicesPath = path.posix.join(snapshot.root, 'services.yaml');
  const servicesText = snapshot.services ? decodeSource(snapshot.services, diagnostics)?.text : undefined;
  if (snapshot.services && servicesText === undefined) return fail(true);
  for (const issue of issues) {
    if (issue.services.length === 0 && options.service === undefined) diagnostics.report(input.graph.path, issue.position, 'import-source-no-service', issue.id);
  }
  const names = new Map<string, { name: string; report: () => void }>();
  for (const issue of issues) {
    for (const service of issue.services) {
      if (names.has(service.name)) continue;
      names.set(service.name, {
        name: service.name,
        report: () => diagnostics.report(input.graph.path, service.position, 'import-service', service.name),
      });
    }
  }
  if (options.service !== undefined && !names.has(options.service)) names.set(options.service, { name: options.service, report: () => undefined });
  const services = planServices(
    [...names.values()],
    servicesText,
    serviceMap,
    source.addsServices
      ? undefined
      : (name) => {
          const first = issues.flatMap((issue) => issue.services).find((service) => service.name === name);
          diagnostics.report(input.graph.path, first?.position ?? { line: 1, column: 1 }, 'import-source-unmapped', name);
        },
  );
  if (!services) {
    if (!diagnostics.hasErrors) diagnostics.report(servicesPath, { line: 1, column: 1 }, 'import-services', servicesPath);
    return fail(!diagnostics.items.some((item) => item.rule === 'import-service' || item.rule === 'import-source-unmapped'));
  }
  if (diagnostics.hasErrors) return fail();

  const records = new Map(snapshot.records.map((record) => [record.path, record]));
  const writes: PlannedWrite[] = [];
  const notes: ImportNote[] = [];
  for (const issue of issues) {
    const serviceName = issue.services[0]?.name ?? options.service!;
    const imported = issue.incident(services.keys.get(serviceName)!);
    const existing = findRecord(snapshot.records, issue.id);
    if (existing && !/\.ya?ml$/u.test(existing.path)) {
      diagnostics.report(existing.path, { line: 1, column: 1 }, 'import-markdown-record', issue.id);
      continue;
    }
    const existingText = existing ? decodeSource(existing, diagnostics) : undefined;
    if (existing && !existingText) continue;
    const year = formatInputTime(imported.start, primaryZone).slice(0, 4);
    const file = existing?.path ?? path.posix.join(snapshot.root, 'incidents', year, `${issue.id}.yaml`);
    const merged = mergeIncidentRecord(existingText?.text, imported, { file, primaryZone, sourceLanguage, diagnostics, header: source.header });
    if (!merged) continue;
    notes.push(...merged.notes);
    if (!merged.changed) continue;
    const crlf = existing ? new TextDecoder().decode(existing.bytes).includes('\r\n') : false;
    const text = crlf ? merged.text.replace(/\n/gu, '\r\n') : merged.text;
    texts.set(file, merged.text);
    writes.push({ path: file, text, created: merged.created, id: issue.id });
    records.set(file, { path: file, bytes: new TextEncoder().encode(text) });
  }
  if (diagnostics.hasErrors) return fail();
  for (const service of services.added) notes.push({ kind: 'service-listed', key: service.key, name: service.name, file: servicesPath });
  if (services.servicesText !== undefined) {
    writes.push({ path: servicesPath, text: services.servicesText, created: !snapshot.services });
    texts.set(servicesPath, services.servicesText);
    const located = parseYamlSource(services.servicesText, servicesPath, new DiagnosticCollector());
    for (const service of services.added) {
      diagnostics.report(servicesPath, located ? located.locate([service.key], 'key') : { line: 1, column: 1 }, 'missing-translation', { kind: 'imported-service', key: service.key, name: service.name });
    }
  }

  const candidate: ContentSnapshot = {
    ...snapshot,
    ...(services.servicesText !== undefined ? { services: { path: servicesPath, bytes: new TextEncoder().encode(services.servicesText) } } : {}),
    records: [...records.values()].sort((a, b) => compareText(a.path, b.path)),
  };
  const loaded = buildSiteModel(candidate);
  const loaderErrors = loaded.diagnostics.filter((item) => item.severity === 'error');
  if (loaderErrors.length > 0 || !loaded.model) {
    for (const item of loaderErrors) diagnostics.add(item);
    return { ...fail(loaded.configurationError), texts, issueCount: issues.length };
  }
  const missingTranslations = writes.flatMap((write) => {
    const count = loaded.diagnostics.filter((item) => item.file === write.path && item.rule === 'missing-translation').length;
    return write.id !== undefined && count > 0 ? [{ id: write.id, path: write.path, count }] : [];
  });

  writes.sort((a, b) => Number(a.path === servicesPath) - Number(b.path === servicesPath) || compareText(a.path, b.path));
  return {
    ok: true,
    configurationError: false,
    writes,
    notes,
    diagnostics: sortDiagnostics(diagnostics.items),
    addedServices: services.added,
    missingTranslations,
    texts,
    issueCount: issues.length,
  };
}

/** The record file of an id: a YAML file named after it, else a Markdown one (ids compare ignoring case). */
function findRecord(records: readonly RawSource[], id: string): RawSource | undefined {
  const named = records.filter((record) => {
    const base = path.posix.basename(record.path);
    const stem = base.replace(/(\.(ja|en))?\.md$/u, '').replace(/\.ya?ml$/u, '');
    return stem.toLowerCase() === id.toLowerCase();
  });
  return named.find((record) => /\.ya?ml$/u.test(record.path)) ?? named[0];
}
