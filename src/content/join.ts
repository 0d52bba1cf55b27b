import { compareText, diagnosticOf, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Incident, Service, SiteConfig, SiteModel } from '../model.js';
import { compareIncidents } from './assemble.js';

/** Configuration of a content folder: site.yaml and services.yaml, checked. */
export interface ContentConfiguration {
  config: SiteConfig;
  /** Undefined when services.yaml is missing or broken (records are then not checked against it). */
  services: Map<string, Service> | undefined;
}

/** What loading one incident's files gives: the incident when valid, its diagnostics, and where its id was written. */
export interface GroupResult {
  incident?: Incident;
  diagnostics: Diagnostic[];
  /** The id and where it stands, for duplicate checks across groups. */
  ids: IdPlace[];
}

/** An id as written in a record file, and where. */
export interface IdPlace {
  id: string;
  file: string;
  line: number;
  column: number;
}

/** The outcome of loading: a model when there were no errors, and every diagnostic. */
export interface LoadResult {
  model?: SiteModel;
  diagnostics: Diagnostic[];
  /** True when site.yaml or services.yaml is missing or wrong (exit code 2). */
  configurationError: boolean;
}

/** A group's result under the group's name (the id its files' names give, lower-cased), which orders the groups. */
export interface NamedResult {
  name: string;
  result: GroupResult;
}

/**
 * Joins group results (in the order of their names): reports ids used by more than one group, sorts
 * incidents and diagnostics. `configurationDiagnostics`: those of site.yaml, services.yaml and reading.
 */
export function finishSiteModel(configuration: ContentConfiguration, configurationDiagnostics: readonly Diagnostic[], groups: readonly NamedResult[]): LoadResult {
  return SiteJoin.of(configuration, configurationDiagnostics, groups).result();
}

/** A group as joined: its result, its ids (each once), and the duplicate-id reports the groups before it cause. */
interface JoinedGroup {
  result: GroupResult;
  ids: IdPlace[];
  duplicates: Diagnostic[];
}

/** A group that writes an id, by name. */
interface Claim {
  name: string;
  place: IdPlace;
}

/**
 * The join of a site's groups, kept so that changed groups can be joined into it: the result of `update`
 * is exactly what `of` gives for the groups as they are then, at a cost that follows what changed (the
 * dev server's loads), not the size of the site.
 *
 * An id belongs to the first group (by name) that writes it; every other group writing it gets a
 * duplicate-id error and leaves the model. Every diagnostic of a group stands in one of its own files,
 * so the sorted list is changed file by file.
 */
export class SiteJoin {
  private constructor(
    private readonly configuration: ContentConfiguration,
    private configurationDiagnostics: readonly Diagnostic[],
    /** Group names in order. */
    private names: string[],
    private readonly groups: Map<string, JoinedGroup>,
    /** Lower-cased id → the groups writing it, in order. */
    private readonly claims: Map<string, Claim[]>,
    /** The incidents of the model: groups with an incident and no duplicate id, in the model's order. */
    private incidents: Incident[],
    /** Every diagnostic, sorted (sortDiagnostics). */
    private diagnostics: Diagnostic[],
  ) {}

  /** Joins every group of a site (in the order of their names). */
  static of(configuration: ContentConfiguration, configurationDiagnostics: readonly Diagnostic[], groups: readonly NamedResult[]): SiteJoin {
    const join = new SiteJoin(configuration, configurationDiagnostics, [], new Map(), new Map(), [], []);
    const all: Diagnostic[] = [...configurationDiagnostics];
    for (const { name, result } of groups) {
      join.names.push(name);
      const ids = uniqueById(result.ids);
      for (const place of ids) {
        const key = place.id.toLowerCase();
        const list = join.claims.get(key);
        if (list) list.push({ name, place });
        else join.claims.set(key, [{ name, place }]);
      }
      // The claims so far are those of this group and the groups before it: who owns an id is known.
      const group: JoinedGroup = { result, ids, duplicates: join.duplicatesOf(name, ids) };
      join.groups.set(name, group);
      for (const item of result.diagnostics) all.push(item);
      for (const item of group.duplicates) all.push(item);
      if (result.incident && group.duplicates.length === 0) join.incidents.push(result.incident);
    }
    join.incidents.sort(compareIncidents);
    join.diagnostics = sortDiagnostics(all);
    return join;
  }

  /** The model (when nothing is an error and services.yaml is usable) and every diagnostic. */
  result(): LoadResult {
    const configurationError = this.configurationDiagnostics.some((item) => item.severity === 'error');
    const { config, services } = this.configuration;
    if (!services || this.diagnostics.some((item) => item.severity === 'error')) return { diagnostics: this.diagnostics, configurationError };
    return { model: { config, services, incidents: this.incidents }, diagnostics: this.diagnostics, configurationError };
  }

  /** The names of the groups, in order (not to be changed). */
  get groupNames(): readonly string[] {
    return this.names;
  }

  /** The position of a group among the names. */
  positionOf(name: string): number | undefined {
    const { index, found } = searchText(this.names, name);
    return found ? index : undefined;
  }

  /** The groups (by name, in order) whose incident has this slug. */
  groupsWithIncident(slug: string): string[] {
    return (this.claims.get(slug) ?? []).flatMap((claim) => (this.groups.get(claim.name)!.result.incident?.slug === slug ? [claim.name] : []));
  }

  /** The result a group was joined with. */
  resultOf(name: string): GroupResult | undefined {
    return this.groups.get(name)?.result;
  }

  /**
   * Joins changed groups in (name → its new result, or undefined when the group has no file left) and
   * new diagnostics of the configuration and of reading. Arrays handed out before are not changed.
   * Returns, per slug of an incident of a group whose place in the model may have changed, the
   * incident with that slug in the model now (undefined: none).
   */
  update(configurationDiagnostics: readonly Diagnostic[], changes: ReadonlyMap<string, GroupResult | undefined>): Map<string, Incident | undefined> {
    const before = new Map<string, JoinedGroup | undefined>();
    const keys = new Set<string>();
    let names: string[] | undefined;
    for (const [name, result] of changes) {
      const old = this.groups.get(name);
      before.set(name, old);
      for (const place of old?.ids ?? []) {
        const key = place.id.toLowerCase();
        keys.add(key);
        const list = this.claims.get(key)!.filter((claim) => claim.name !== name);
        if (list.length > 0) this.claims.set(key, list);
        else this.claims.delete(key);
      }
      if (!result) {
        this.groups.delete(name);
        if (old) {
          names ??= [...this.names];
          names.splice(searchText(names, name).index, 1);
        }
        continue;
      }
      const ids = uniqueById(result.ids);
      for (const place of ids) {
        const key = place.id.toLowerCase();
        keys.add(key);
        const list = [...(this.claims.get(key) ?? [])];
        list.splice(searchBy(list, (claim) => compareText(claim.name, name)).index, 0, { name, place });
        this.claims.set(key, list);
      }
      this.groups.set(name, { result, ids, duplicates: [] });
      if (!old) {
        names ??= [...this.names];
        names.splice(searchText(names, name).index, 0, name);
      }
    }
    if (names) this.names = names;
    // Groups that write an id a changed group writes (or wrote) may now own it, or lose it.
    for (const key of keys) {
      for (const claim of this.claims.get(key) ?? []) if (!before.has(claim.name)) before.set(claim.name, this.groups.get(claim.name));
    }

    const incidents = [...this.incidents];
    const files = new Set<string>();
    const added: Diagnostic[] = [];
    const touched = new Map<string, Incident | undefined>();
    const previous = this.configurationDiagnostics;
    if (configurationDiagnostics.length !== previous.length || configurationDiagnostics.some((item, index) => item !== previous[index])) {
      for (const item of this.configurationDiagnostics) files.add(item.file);
      added.push(...configurationDiagnostics);
      this.configurationDiagnostics = configurationDiagnostics;
    }
    for (const [name, old] of before) {
      let now = this.groups.get(name);
      if (now) {
        now = { ...now, duplicates: this.duplicatesOf(name, now.ids) };
        this.groups.set(name, now);
      }
      if (old) {
        for (const item of old.result.diagnostics) files.add(item.file);
        for (const item of old.duplicates) files.add(item.file);
        if (old.result.incident) {
          touched.set(old.result.incident.slug, undefined);
          if (old.duplicates.length === 0) incidents.splice(searchIncident(incidents, old.result.incident), 1);
        }
      }
      if (now) {
        added.push(...now.result.diagnostics, ...now.duplicates);
        if (now.result.incident) touched.set(now.result.incident.slug, undefined);
      }
    }
    for (const name of before.keys()) {
      const now = this.groups.get(name);
      const incident = now?.result.incident;
      if (!incident || now.duplicates.length > 0) continue;
      incidents.splice(searchBy(incidents, (other) => compareIncidents(other, incident)).index, 0, incident);
      touched.set(incident.slug, incident);
    }
    this.incidents = incidents;
    // Each file's diagnostics come from one group (or the configuration): those of the files changed are replaced.
    this.diagnostics = sortDiagnostics([...this.diagnostics.filter((item) => !files.has(item.file)), ...added]);
    return touched;
  }

  /** The duplicate-id errors of a group: one per id of it that an earlier group owns. */
  private duplicatesOf(name: string, ids: readonly IdPlace[]): Diagnostic[] {
    const duplicates: Diagnostic[] = [];
    for (const place of ids) {
      const owner = this.claims.get(place.id.toLowerCase())![0]!;
      if (owner.name === name) continue;
      const other = `${owner.place.file}:${owner.place.line}:${owner.place.column}`;
      duplicates.push(diagnosticOf(place.file, place, 'duplicate-id', undefined, { id: place.id, other, markdownPair: false }));
    }
    return duplicates;
  }
}

/** The ids of a group, each (case-insensitively) once, where first written. */
function uniqueById(ids: readonly IdPlace[]): IdPlace[] {
  const seen = new Set<string>();
  return ids.filter((entry) => {
    const key = entry.id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where `compare` (of an item against the one looked for) says 0, or where it would be inserted. */
function searchBy<T>(items: readonly T[], compare: (item: T) => number): { index: number; found: boolean } {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compare(items[middle]!);
    if (order === 0) return { index: middle, found: true };
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return { index: low, found: false };
}

function searchText(items: readonly string[], text: string): { index: number; found: boolean } {
  return searchBy(items, (item) => compareText(item, text));
}

/** The position of an incident of the model (ids are unique there, so the order finds it). */
function searchIncident(incidents: readonly Incident[], incident: Incident): number {
  const { index, found } = searchBy(incidents, (other) => compareIncidents(other, incident));
  if (!found || incidents[index] !== incident) throw new Error(`internal: incident ${incident.id} is not where the model's order puts it`);
  return index;
}
