/**
 * The import pipeline, as pure stages over bytes already read: read the Graph response → map the
 * services → merge each issue into its record → check the resulting content with the loader. The
 * command (src/commands/import.ts) only reads the files, prints and writes what this returns.
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
import { decodeGraphFile, importIssue, readGraphIssues } from './m365.js';
import { mergeIncidentRecord } from './merge-record.js';
import { planServices, readServiceMap, type AddedService } from './services.js';

/** The files an import reads, already loaded. */
export interface ImportInput {
  /** The saved Graph response. */
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
  notes: string[];
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

/**
 * Plans `kokuchi import m365`: every problem is collected, and the resulting content is checked with
 * buildSiteModel before anything may be written.
 */
export function planM365Import(input: ImportInput): ImportPlan {
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

  const graphText = decodeGraphFile(input.graph.bytes, input.graph.path, diagnostics);
  const issues = graphText === undefined ? undefined : readGraphIssues(graphText, input.graph.path, diagnostics);
  let serviceMap: Map<string, string> | undefined;
  if (input.serviceMap) {
    const mapText = decodeSource(input.serviceMap, diagnostics);
    serviceMap = mapText && readServiceMap(mapText.text, mapText.path, diagnostics);
    if (!serviceMap) return fail(true);
  }
  if (!issues) return fail();

  const scratch = new DiagnosticCollector();
  const siteText = snapshot.site && decodeSource(snapshot.site, scratch);
  const config = siteText ? parseSiteConfig(siteText, scratch) : undefined;
  const primaryZone = config?.zones[config.defaultLanguage].primary ?? 'Asia/Tokyo';
  const sourceLanguage: Language = config?.sourceLanguage ?? 'en';

  const servicesPath = path.posix.join(snapshot.root, 'services.yaml');
  const servicesText = snapshot.services ? decodeSource(snapshot.services, diagnostics)?.text : undefined;
  if (snapshot.services && servicesText === undefined) return fail(true);
  const services = planServices(
    issues.map((issue) => ({
      name: issue.service,
      report: () => diagnostics.report(input.graph.path, issue.servicePosition, 'import-service', issue.service),
    })),
    servicesText,
    serviceMap,
  );
  if (!services) {
    if (!diagnostics.hasErrors) diagnostics.report(servicesPath, { line: 1, column: 1 }, 'import-services', servicesPath);
    return fail(!diagnostics.items.some((item) => item.rule === 'import-service'));
  }

  const records = new Map(snapshot.records.map((record) => [record.path, record]));
  const writes: PlannedWrite[] = [];
  const notes: string[] = [];
  for (const issue of issues) {
    const imported = importIssue(issue, services.keys.get(issue.service)!, { file: input.graph.path, diagnostics });
    const existing = findRecord(snapshot.records, issue.id);
    if (existing && !/\.ya?ml$/u.test(existing.path)) {
      diagnostics.report(existing.path, { line: 1, column: 1 }, 'import-markdown-record', issue.id);
      continue;
    }
    const existingText = existing ? decodeSource(existing, diagnostics) : undefined;
    if (existing && !existingText) continue;
    const year = formatInputTime(imported.start, primaryZone).slice(0, 4);
    const file = existing?.path ?? path.posix.join(snapshot.root, 'incidents', year, `${issue.id}.yaml`);
    const merged = mergeIncidentRecord(existingText?.text, imported, { file, primaryZone, sourceLanguage, diagnostics });
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

  for (const service of services.added) notes.push(`added service ${service.key} ("${service.name}") to ${servicesPath}`);
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
