import { recordGroupName, type ContentSnapshot, type GroupResult } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { compareText } from '../diagnostics.js';
import type { BuildMemory, SessionSite } from '../incremental/memory.js';
import type { Incident } from '../model.js';
import { Fragments } from '../render/fragments.js';
import { loadGroups } from './load-groups.js';
import { contentFileKind, displayPath, findRecord } from './reread.js';

/** What loading the changed groups gives, besides the join's result. */
export interface LoadedChanges {
  fragments: Fragments;
  cacheHits: number;
  recordsRead: number;
  incidentKeys: Map<string, string>;
  groupKeys: string[];
  touched: Map<string, Incident | undefined>;
}

/**
 * Loads only the groups that the changed files (absolute paths) belong to, through the memory as every
 * load does, and joins them into the session's site (which this changes). The configuration must be the
 * one `site` was joined with (site.yaml and services.yaml the same): the caller checks.
 */
export async function loadChanges(
  site: SessionSite,
  snapshot: ContentSnapshot,
  changed: readonly string[],
  memory: BuildMemory,
  options: { cwd: string; contentDir: string; workers?: number; lap: (step: string) => void },
): Promise<LoadedChanges> {
  // Each changed record file's group, with the paths of its files now.
  const paths = new Map<string, Set<string>>();
  for (const absolute of changed) {
    if (contentFileKind(options.contentDir, absolute) !== 'record') continue;
    const file = displayPath(options.cwd, absolute);
    const name = recordGroupName(file);
    let files = paths.get(name);
    if (!files) paths.set(name, (files = new Set(site.groups.get(name)?.paths)));
    if (findRecord(snapshot.records, file)) files.add(file);
    else files.delete(file);
  }
  const names = [...paths.keys()].sort(compareText);
  const present: string[] = [];
  const groups: RawSource[][] = [];
  for (const name of names) {
    const files = [...paths.get(name)!].sort(compareText).map((file) => findRecord(snapshot.records, file)!);
    if (files.length === 0) continue;
    present.push(name);
    groups.push(files);
  }

  await memory.loadingPart(names.flatMap((name) => site.groups.get(name)?.key ?? []));
  const loaded = await loadGroups(groups, site.configuration, memory, {
    cwd: options.cwd,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    lap: options.lap,
  });
  const changes = new Map<string, GroupResult | undefined>(names.map((name) => [name, undefined]));
  const namesBefore = site.join.groupNames;
  const slugsBefore = names.map((name) => site.join.resultOf(name)?.incident?.slug);
  // (An incident of another group with one of these slugs, a duplicate, loses its HTML here: it is rendered when asked for.)
  for (const slug of slugsBefore) if (slug !== undefined) site.html.delete(slug);
  present.forEach((name, index) => {
    const { result, html } = loaded.groups[index]!;
    changes.set(name, result);
    site.groups.set(name, { paths: groups[index]!.map((file) => file.path), key: loaded.keys[index]! });
    if (result.incident) site.html.set(result.incident.slug, html);
  });
  for (const name of names) if (!changes.get(name)) site.groups.delete(name);
  const touched = site.join.update([...snapshot.diagnostics, ...site.configurationDiagnostics], changes);
  const slugs = names.map((name) => site.join.resultOf(name)?.incident?.slug);
  rekey(site, present, site.join.groupNames === namesBefore && slugs.every((slug, index) => slug === slugsBefore[index]) ? slugs : undefined);
  const { groupKeys, incidentKeys } = site;
  const recordsRead = groups.reduce((total, group) => total + group.filter((file) => !file.unread).length, 0);
  // A new set of fragments each load (one that lived on would keep the HTML of every edit of the session).
  const fragments = new Fragments();
  for (const [slug, html] of site.html) fragments.defer(slug, html);
  return { fragments, cacheHits: groupKeys.length - loaded.processed.length, recordsRead, incidentKeys, groupKeys, touched };
}

/**
 * The session's group keys and incident keys after `changed` groups got new keys: patched when the
 * groups and their incidents' slugs (`slugs`) are the same as before, else made again in order.
 */
function rekey(site: SessionSite, changed: readonly string[], slugs: readonly (string | undefined)[] | undefined): void {
  const { join, groups } = site;
  if (!slugs) {
    site.groupKeys = [];
    site.incidentKeys = new Map();
    for (const name of join.groupNames) {
      const { key } = groups.get(name)!;
      site.groupKeys.push(key);
      const incident = join.resultOf(name)!.incident;
      if (incident) site.incidentKeys.set(incident.slug, key);
    }
    return;
  }
  site.groupKeys = [...site.groupKeys];
  for (const name of changed) site.groupKeys[join.positionOf(name)!] = groups.get(name)!.key;
  site.incidentKeys = new Map(site.incidentKeys);
  // Of several groups with an incident of one slug (an error), the last one's key stands, as a whole load gives it.
  for (const slug of new Set(slugs)) if (slug !== undefined) site.incidentKeys.set(slug, groups.get(join.groupsWithIncident(slug).at(-1)!)!.key);
}
