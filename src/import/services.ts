/**
 * Maps the service display names of Microsoft 365 service health ("Exchange Online") to keys of
 * content/services.yaml, adding the services the catalog does not have yet. Pure: no I/O; the
 * catalog is edited through the yaml Document API so its comments and order survive.
 * @module
 */
import { Document, isMap, isPair, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { parseYamlSource } from '../content/yaml-source.js';
import type { DiagnosticCollector } from '../diagnostics.js';
import { normalizeForMatch } from '../suggest.js';

/** A service added to the catalog by an import. */
export interface AddedService {
  /** Catalog key, e.g. `microsoft-purview`. */
  key: string;
  /** English name, from the Graph response. */
  name: string;
}

/** How each service name of an import maps to the catalog. */
export interface ServicePlan {
  /** Display name as written in the response → catalog key. */
  keys: Map<string, string>;
  /** Services that were not in the catalog, in the order first met. */
  added: AddedService[];
  /** The new services.yaml text when services were added. */
  servicesText?: string;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]*$/u;

/**
 * A catalog key for a display name: lower case, runs of anything but a–z and 0–9 turned into one
 * hyphen ("Microsoft 365 suite" → `microsoft-365-suite`, "Power BI" → `power-bi`). Empty when the
 * name has no Latin letters or digits.
 */
export function serviceKeyFor(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/**
 * Reads a `--service-map` file: a YAML map from a display name to a catalog key, e.g.
 * `Microsoft 365 suite: microsoft-365-suite`. Problems are reported at their key or value.
 */
export function readServiceMap(text: string, file: string, diagnostics: DiagnosticCollector): Map<string, string> | undefined {
  const parsed = parseYamlSource(text, file, diagnostics);
  if (!parsed) return undefined;
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.report(file, { line: 1, column: 1 }, 'import-service-map', { kind: 'not-a-map' });
    return undefined;
  }
  const map = new Map<string, string>();
  let ok = true;
  for (const [name, key] of Object.entries(value as Record<string, unknown>)) {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      diagnostics.report(file, parsed.locate([name]), 'import-service-map', { kind: 'bad-key', name, found: JSON.stringify(key) });
      ok = false;
      continue;
    }
    map.set(normalizeForMatch(name), key);
  }
  return ok ? map : undefined;
}

/**
 * Finds the catalog key of every service name: first the service map, then a catalog entry whose
 * English (or Japanese) name or key matches the name ignoring case, spaces and hyphens. A name
 * found nowhere is added to the catalog under {@link serviceKeyFor} with its English name only;
 * so is a key from the service map that the catalog lacks. Names that give no usable key are
 * reported (use the service map for them). With `unknown`, names found nowhere are refused instead.
 */
export function planServices(
  names: readonly { name: string; report: () => void }[],
  servicesText: string | undefined,
  serviceMap: ReadonlyMap<string, string> | undefined,
  /** When given, a name found neither in the map nor in the catalog goes here instead of being added. */
  unknown?: (name: string, report: (message: string, hint: string) => void) => void,
): ServicePlan | undefined {
  const document: Document = servicesText === undefined ? new Document({}) : parseDocument(servicesText, { schema: 'core' });
  if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents))) return undefined;
  if (document.contents === null) document.contents = document.createNode({}) as YAMLMap;
  const catalog = document.contents as YAMLMap;
  const entries = readCatalog(document);

  const keys = new Map<string, string>();
  const added: AddedService[] = [];
  let ok = true;
  for (const { name, report } of names) {
    if (keys.has(name)) continue;
    const normalized = normalizeForMatch(name);
    let key = serviceMap?.get(normalized);
    if (key === undefined) {
      key = entries.find((entry) => [entry.key, entry.en, entry.ja].some((candidate) => candidate !== undefined && normalizeForMatch(candidate) === normalized))?.key;
    }
    if (key === undefined && unknown) {
      unknown(name, report);
      ok = false;
      continue;
    }
    if (key === undefined) {
      const generated = serviceKeyFor(name);
      if (!generated) {
        report();
        ok = false;
        continue;
      }
      key = entries.find((entry) => entry.key === generated)?.key ?? generated;
    }
    keys.set(name, key);
    if (!entries.some((entry) => entry.key === key)) {
      entries.push({ key, en: name });
      added.push({ key, name });
      const node = document.createNode({ en: name }) as YAMLMap;
      // Match the catalog's style: one flow map per line in the sample catalog.
      const first = catalog.items[0];
      node.flow = first === undefined || (isPair(first) && isMap(first.value) && Boolean(first.value.flow));
      catalog.set(key, node);
    }
  }
  if (!ok) return undefined;
  return {
    keys,
    added,
    ...(added.length > 0 ? { servicesText: document.toString({ lineWidth: 0, flowCollectionPadding: false }) } : {}),
  };
}

interface CatalogEntry {
  key: string;
  en?: string;
  ja?: string;
}

function readCatalog(document: Document): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const contents = document.contents;
  if (!isMap(contents)) return entries;
  for (const item of contents.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    const names = isMap(item.value) ? (item.value.toJSON() as Record<string, unknown>) : {};
    entries.push({
      key,
      ...(typeof names.en === 'string' ? { en: names.en } : {}),
      ...(typeof names.ja === 'string' ? { ja: names.ja } : {}),
    });
  }
  return entries;
}
