/**
 * The Statuspage-compatible read API: `api/v2/summary.json`, `status.json`, `components.json`,
 * `incidents.json` (newest 50), `incidents/unresolved.json`, `scheduled-maintenances.json` (newest 50),
 * `scheduled-maintenances/upcoming.json` and `scheduled-maintenances/active.json`, with Statuspage's
 * field names and value sets, so that dashboards, chat bots and aggregators that read Statuspage read a
 * kokuchi site too. English under `api/v2/`, Japanese under `ja/api/v2/`. Every "current" value is
 * anchored on the content's newest instant, never on the clock. The mapping is docs/api.md; the shape
 * is docs/statuspage-api.schema.json.
 * @module
 */
import { hash } from 'node:crypto';
import { isoInZone } from '../time.js';
import { markdownToPlainText } from '../import/plain-text.js';
import { UPDATE_TEXT_FIELDS, type Incident, type Language, type LocalizedText } from '../model.js';
import type { RenderContext } from './context.js';
import { absoluteUrl, pagePaths } from './urls.js';
import { FIELD_LABEL_KEYS } from './view-model.js';

/** Statuspage's impact and indicator values. */
export type StatuspageImpact = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

/** Statuspage's component statuses. */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

/** kokuchi status keys of scheduled maintenances → Statuspage maintenance statuses. */
export const MAINTENANCE_STATUSES: Readonly<Record<string, string>> = {
  scheduled: 'scheduled',
  'in-progress': 'in_progress',
  'verifying-maintenance': 'verifying',
  completed: 'completed',
};

/** kokuchi status keys → Statuspage incident statuses (maintenance statuses in {@link MAINTENANCE_STATUSES}). */
export const INCIDENT_STATUSES: Readonly<Record<string, string>> = {
  investigating: 'investigating',
  'service-information': 'investigating',
  identified: 'identified',
  'service-degradation': 'identified',
  'service-interruption': 'identified',
  'restoring-service': 'identified',
  'extended-recovery': 'identified',
  'investigation-suspended': 'identified',
  'verifying-service': 'monitoring',
  monitoring: 'monitoring',
  'service-restored': 'resolved',
  mitigated: 'resolved',
  'false-positive': 'resolved',
  resolved: 'resolved',
  'post-incident-report-published': 'postmortem',
  ...MAINTENANCE_STATUSES,
};

/** Where the files of one language go. */
export function statuspageApiRoot(lang: Language): string {
  return lang === 'en' ? 'api/v2' : `${lang}/api/v2`;
}

/** The files, relative to {@link statuspageApiRoot}. */
export const STATUSPAGE_API_FILES = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;

const LIST_SIZE = 50;

const INDICATOR_TEXT: Record<Language, Record<StatuspageImpact, string>> = {
  en: {
    none: 'All Systems Operational',
    minor: 'Minor Service Outage',
    major: 'Partial System Outage',
    critical: 'Major System Outage',
    maintenance: 'Service Under Maintenance',
  },
  ja: {
    none: 'すべてのシステムが正常に稼働しています',
    minor: '一部のサービスに軽微な障害があります',
    major: '一部のシステムで障害が発生しています',
    critical: '大規模なシステム障害が発生しています',
    maintenance: 'メンテナンスを実施しています',
  },
};

/** True for a scheduled maintenance: any of its updates has a maintenance status. */
export function isMaintenance(incident: Incident): boolean {
  let found = maintenance.get(incident);
  if (found === undefined) maintenance.set(incident, (found = incident.status in MAINTENANCE_STATUSES || incident.statusMarks.some((mark) => mark.status in MAINTENANCE_STATUSES)));
  return found;
}

/** isMaintenance by incident: each file of the API asks of every incident, in both languages. */
const maintenance = new WeakMap<Incident, boolean>();

/** The Statuspage impact of an incident: maintenance, none for information, major for incidents, minor for advisories. */
export function impactOf(incident: Incident): StatuspageImpact {
  if (isMaintenance(incident)) return 'maintenance';
  if (incident.status === 'service-information') return 'none';
  return incident.classification === 'incident' ? 'major' : 'minor';
}

const COMPONENT_STATUS: Record<StatuspageImpact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
};
const SEVERITY: readonly StatuspageImpact[] = ['none', 'maintenance', 'minor', 'major', 'critical'];
const COMPONENT_SEVERITY: readonly ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

/** Renders the Statuspage-compatible API for every language of the site. */
export function renderStatuspageApi(context: RenderContext): void {
  for (const lang of context.config.languages) {
    const root = statuspageApiRoot(lang);
    const api = statuspageApi(context, lang);
    // Each file is made from the page, components and status (their facts, without any text) and the
    // incidents it lists, in order: an edit of an incident no file lists remakes nothing.
    const frame = JSON.stringify([api.page, api.components, api.status]);
    for (const name of STATUSPAGE_API_FILES) {
      const { shown, body } = api.files[name];
      context.emit(`${root}/${name}`, { keyedBy: ['statuspage-api', frame, ...shown], produce: () => `${JSON.stringify(body(), null, 2)}\n` });
    }
  }
}

function active(incident: Incident): boolean {
  return incident.status === 'in-progress' || incident.status === 'verifying-maintenance';
}

/** One Statuspage API file: the incidents it lists and its body (which renders their texts). */
interface StatuspageFile {
  shown: readonly Incident[];
  body: () => object;
}

/** The Statuspage API in `lang`: the facts every file shows, and each file. */
function statuspageApi(context: RenderContext, lang: Language) {
  const { config, model } = context;
  const incidents = model.incidents;
  const newest = incidents.reduce<number | undefined>((latest, incident) => Math.max(latest ?? -Infinity, incident.lastUpdated.epochMs), undefined);
  const pageId = hash('sha256', config.baseUrl).slice(0, 12);
  const ongoing = incidents.filter((incident) => incident.ongoing);
  const zone = config.zones[lang].primary;
  const time = (epochMs: number | undefined) => (epochMs === undefined ? null : isoInZone(epochMs, zone));
  const text = (value: LocalizedText) => value[lang] ?? value[config.sourceLanguage] ?? Object.values(value)[0] ?? '';
  const t = context.localization.translator(lang);
  const page = {
    id: pageId,
    name: text(config.title),
    url: absoluteUrl(config.baseUrl, pagePaths.index(lang)),
    time_zone: zone,
    updated_at: time(newest),
  };

  const byService = new Map<string, Incident[]>();
  for (const incident of incidents) {
    const own = byService.get(incident.service);
    if (own) own.push(incident);
    else byService.set(incident.service, [incident]);
  }
  const components = [...model.services.values()].map((service, index) => {
    const own = byService.get(service.key) ?? [];
    const current = own.filter((incident) => incident.ongoing && (!isMaintenance(incident) || active(incident)));
    const status = current.map((incident) => COMPONENT_STATUS[impactOf(incident)]).reduce<ComponentStatus>((worst, next) => (COMPONENT_SEVERITY.indexOf(next) > COMPONENT_SEVERITY.indexOf(worst) ? next : worst), 'operational');
    const oldest = own.reduce<number | undefined>((earliest, incident) => Math.min(earliest ?? Infinity, incident.start.epochMs), undefined);
    const latest = own.reduce<number | undefined>((last, incident) => Math.max(last ?? -Infinity, incident.lastUpdated.epochMs), undefined);
    return {
      id: service.key,
      name: service.names[lang] ?? service.names.en,
      status,
      created_at: time(oldest ?? newest),
      updated_at: time(latest ?? newest),
      position: index + 1,
      description: null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: false,
      only_show_if_degraded: false,
    };
  });
  const componentOf = new Map(components.map((component) => [component.id, component]));

  const made = new Map<Incident, object>();
  const incidentJson = (incident: Incident): object => {
    const known = made.get(incident);
    if (known) return known;
    const maintenance = isMaintenance(incident);
    const updatesOldestFirst = [...incident.updates].reverse();
    const window = updatesOldestFirst.reduce<{ start?: number; end?: number }>(
      (found, update) => ({ start: update.start?.epochMs ?? found.start, end: update.end?.epochMs ?? found.end }),
      {},
    );
    const first = (statuses: readonly string[]) => updatesOldestFirst.find((update) => statuses.includes(update.status))?.at.epochMs;
    const component = componentOf.get(incident.service);
    const updates = incident.updates.map((update) => ({
      id: hash('sha256', `${incident.id}\0${update.at.epochMs}`).slice(0, 12),
      status: INCIDENT_STATUSES[update.status] ?? 'investigating',
      body: updateBody(update, text, t, lang),
      incident_id: incident.id,
      created_at: time(update.at.epochMs),
      updated_at: time(update.at.epochMs),
      display_at: time(update.at.epochMs),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    }));
    const json = {
      id: incident.id,
      name: text(incident.title),
      status: INCIDENT_STATUSES[incident.status] ?? 'investigating',
      created_at: time(incident.updates[incident.updates.length - 1]?.at.epochMs ?? incident.start.epochMs),
      updated_at: time(incident.lastUpdated.epochMs),
      monitoring_at: time(first(['monitoring', 'verifying-service'])),
      resolved_at: time(incident.end?.epochMs),
      impact: impactOf(incident),
      shortlink: absoluteUrl(config.baseUrl, pagePaths.incident(lang, incident.slug)),
      started_at: time(incident.start.epochMs),
      page_id: pageId,
      incident_updates: updates,
      components: component ? [component] : [],
      ...(maintenance ? { scheduled_for: time(window.start ?? incident.start.epochMs), scheduled_until: time(window.end ?? incident.end?.epochMs) } : {}),
    };
    made.set(incident, json);
    return json;
  };

  const plain = incidents.filter((incident) => !isMaintenance(incident));
  const maintenances = incidents.filter(isMaintenance);
  const unresolved = plain.filter((incident) => incident.ongoing);
  const upcoming = maintenances.filter((incident) => incident.ongoing && incident.status === 'scheduled');
  const inProgress = maintenances.filter((incident) => incident.ongoing && active(incident));
  const indicator = ongoing
    .filter((incident) => !isMaintenance(incident) || active(incident))
    .map(impactOf)
    .reduce<StatuspageImpact>((worst, next) => (SEVERITY.indexOf(next) > SEVERITY.indexOf(worst) ? next : worst), 'none');
  const status = { indicator, description: INDICATOR_TEXT[lang][indicator] };

  const list = (shown: readonly Incident[], make: (json: object[]) => object): StatuspageFile => ({ shown, body: () => make(shown.map(incidentJson)) });
  const latestIncidents = plain.slice(0, LIST_SIZE);
  const latestMaintenances = maintenances.slice(0, LIST_SIZE);
  const current = [...inProgress, ...upcoming];
  const files: Record<(typeof STATUSPAGE_API_FILES)[number], StatuspageFile> = {
    'summary.json': {
      shown: [...unresolved, ...current],
      body: () => ({ page, components, incidents: unresolved.map(incidentJson), scheduled_maintenances: current.map(incidentJson), status }),
    },
    'status.json': list([], () => ({ page, status })),
    'components.json': list([], () => ({ page, components })),
    'incidents.json': list(latestIncidents, (json) => ({ page, incidents: json })),
    'incidents/unresolved.json': list(unresolved, (json) => ({ page, incidents: json })),
    'scheduled-maintenances.json': list(latestMaintenances, (json) => ({ page, scheduled_maintenances: json })),
    'scheduled-maintenances/upcoming.json': list(upcoming, (json) => ({ page, scheduled_maintenances: json })),
    'scheduled-maintenances/active.json': list(inProgress, (json) => ({ page, scheduled_maintenances: json })),
  };
  return { page, components, status, files };
}

/** An update as Statuspage's plain-text body: its title, its labelled fields ("Label: text") and its body, as a reader sees them. */
function updateBody(update: Incident['updates'][number], text: (value: LocalizedText) => string, t: (key: string) => string, lang: Language): string {
  const parts: string[] = [];
  const title = text(update.title).trim();
  if (title) parts.push(title);
  for (const field of UPDATE_TEXT_FIELDS) {
    const value = update.fields[field];
    if (value) parts.push(`${t(FIELD_LABEL_KEYS[field])}${lang === 'ja' ? '：' : ': '}${markdownToPlainText(text(value))}`);
  }
  const body = text(update.body);
  if (body.trim()) parts.push(markdownToPlainText(body));
  return parts.join('\n\n');
}
