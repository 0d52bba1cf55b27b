import type { Incident, SiteModel } from '../model.js';
import { getStatus, type Tone } from '../statuses.js';

/** How bad a state is, from nothing to report to an outage; the order of {@link LEVELS}. */
export type Level = 'operational' | 'advisory' | 'degraded' | 'outage';

/** Levels from best to worst. */
export const LEVELS: readonly Level[] = ['operational', 'advisory', 'degraded', 'outage'];

/** The facts of one incident that the board, the history and the badges are made from (nothing textual). */
export interface IncidentFacts {
  id: string;
  slug: string;
  service: string;
  classification: Incident['classification'];
  /** Current status key. */
  status: string;
  ongoing: boolean;
  startMs: number;
  /** Absent while ongoing. */
  endMs?: number;
  lastUpdatedMs: number;
  publishedMs: number;
  /** The timeline oldest first: when each status was posted. */
  updates: { atMs: number; status: string }[];
}

/** The facts of an incident (see {@link IncidentFacts}). */
export function incidentFacts(incident: Incident): IncidentFacts {
  let facts = factsCache.get(incident);
  if (!facts) {
    facts = {
      id: incident.id,
      slug: incident.slug,
      service: incident.service,
      classification: incident.classification,
      status: incident.status,
      ongoing: incident.ongoing,
      startMs: incident.start.epochMs,
      ...(incident.end ? { endMs: incident.end.epochMs } : {}),
      lastUpdatedMs: incident.lastUpdated.epochMs,
      publishedMs: incident.published.epochMs,
      updates: [...incident.statusMarks].reverse(),
    };
    factsCache.set(incident, facts);
  }
  return facts;
}

const factsCache = new WeakMap<Incident, IncidentFacts>();

/** The facts of every incident of the model, computed once per model. */
export function siteFacts(model: SiteModel): IncidentFacts[] {
  let facts = siteFactsCache.get(model.incidents);
  if (!facts) siteFactsCache.set(model.incidents, (facts = model.incidents.map(incidentFacts)));
  return facts;
}

const siteFactsCache = new WeakMap<readonly Incident[], IncidentFacts[]>();

/**
 * The instant the site's information is from: the newest update or publication in the content, never the
 * clock. Undefined for a site without incidents.
 */
export function asOfMs(facts: readonly IncidentFacts[]): number | undefined {
  let newest: number | undefined;
  for (const incident of facts) {
    const latest = Math.max(incident.lastUpdatedMs, incident.publishedMs);
    if (newest === undefined || latest > newest) newest = latest;
  }
  return newest;
}

const TONE_LEVEL: Record<Tone, Level> = { danger: 'outage', warning: 'degraded', info: 'degraded', neutral: 'degraded', success: 'degraded' };
const TONE_RANK: Record<Tone, number> = { success: 0, neutral: 1, info: 2, warning: 3, danger: 4 };

/** The level a status of an incident stands for: advisories never count as more than an advisory. */
export function statusLevel(status: string, classification: Incident['classification']): Level {
  if (classification === 'advisory') return 'advisory';
  return TONE_LEVEL[getStatus(status).tone];
}

/** Rank of an incident's current status for "the worst": level first, then tone, then the newest update. */
function severity(incident: IncidentFacts): number[] {
  return [LEVELS.indexOf(statusLevel(incident.status, incident.classification)), TONE_RANK[getStatus(incident.status).tone], incident.lastUpdatedMs];
}

function compareSeverity(a: IncidentFacts, b: IncidentFacts): number {
  const [x, y] = [severity(a), severity(b)];
  for (let index = 0; index < x.length; index += 1) if (x[index] !== y[index]) return y[index]! - x[index]!;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The state of one service on the board. */
export interface ServiceState {
  key: string;
  level: Level;
  /** Status key of the worst ongoing incident, or null when the service runs normally. */
  status: string | null;
  /** The service's ongoing incidents, worst first. */
  ongoing: IncidentFacts[];
}

/** The whole board: every service of the catalog in its order, and when the information is from. */
export interface BoardFacts {
  asOfMs: number | undefined;
  /** The worst level of all services. */
  level: Level;
  services: ServiceState[];
}

/** The board of a site: each catalog service with the worst status of its ongoing incidents. */
export function boardFacts(serviceKeys: readonly string[], facts: readonly IncidentFacts[]): BoardFacts {
  const services = serviceKeys.map((key): ServiceState => {
    const ongoing = facts.filter((incident) => incident.ongoing && incident.service === key).sort(compareSeverity);
    const worst = ongoing[0];
    return { key, level: worst ? statusLevel(worst.status, worst.classification) : 'operational', status: worst?.status ?? null, ongoing };
  });
  const level = services.reduce<Level>((worst, service) => (LEVELS.indexOf(service.level) > LEVELS.indexOf(worst) ? service.level : worst), 'operational');
  return { asOfMs: asOfMs(facts), level, services };
}

/** The board as text, for keying pages that show it: it names everything the board shows. */
export function boardSignature(board: BoardFacts): string {
  return JSON.stringify([board.asOfMs, board.services.map((service) => [service.key, service.status, service.ongoing.map((incident) => [incident.id, incident.slug, incident.status, incident.classification])])]);
}
