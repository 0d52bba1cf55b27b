/**
 * A deterministic content folder of 45 incidents over three services and two years, for tests of
 * listings, feeds, sitemap, API and search. Same input, same files: no randomness, no clock.
 */

/** The generated services, in catalog order. */
export const CORPUS_SERVICES = ['exchange-online', 'microsoft-teams', 'sharepoint-online'] as const;

const SERVICE_NAMES: Record<(typeof CORPUS_SERVICES)[number], { ja: string; en: string; prefix: string }> = {
  'exchange-online': { ja: 'Exchange Online', en: 'Exchange Online', prefix: 'EX' },
  'microsoft-teams': { ja: 'Microsoft Teams', en: 'Microsoft Teams', prefix: 'TM' },
  'sharepoint-online': { ja: 'SharePoint Online', en: 'SharePoint Online', prefix: 'SP' },
};

/** Number of generated incidents. */
export const CORPUS_SIZE = 45;

/** Index of the incident that starts on 2024-12-31 at 20:00 UTC, i.e. 2025-01-01 05:00 JST: its year depends on the zone. */
export const CORPUS_BOUNDARY_INDEX = 22;

/** Indexes of the incidents without an end (the two newest). */
export const CORPUS_ONGOING = [43, 44];

/** Index of the incident whose texts carry the words the search tests look for. */
export const CORPUS_SEARCH_INDEX = 7;

/** A word only incident {@link CORPUS_SEARCH_INDEX} has in English. */
export const CORPUS_ENGLISH_WORD = 'kumquat';

/** A word in the middle of an unspaced Japanese sentence only incident {@link CORPUS_SEARCH_INDEX} has. */
export const CORPUS_JAPANESE_WORD = '証明書';

/** Index of the incident whose English title has HTML-like text and an ampersand. */
export const CORPUS_MARKUP_TITLE_INDEX = 11;

/** The English title of {@link CORPUS_MARKUP_TITLE_INDEX}, as written. */
export const CORPUS_MARKUP_TITLE = 'Mail & calendar <b>delays</b> for "some" users';

const DAY = 86_400_000;
const FIRST_START = Date.UTC(2024, 0, 5, 0, 0); // 2024-01-05 09:00 JST

/** One generated incident as the tests expect to find it. */
export interface CorpusIncident {
  id: string;
  slug: string;
  service: (typeof CORPUS_SERVICES)[number];
  /** RFC 3339 UTC instants. */
  start: string;
  end: string | null;
  /** Instant of the newest update. */
  lastUpdated: string;
  ongoing: boolean;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}

/** `2024-01-05 09:00 UTC` as accepted by the content format. */
function utcText(epochMs: number): string {
  return `${iso(epochMs).slice(0, 16).replace('T', ' ')} UTC`;
}

/** The 45 incidents, oldest first. */
export function corpusIncidents(): CorpusIncident[] {
  return Array.from({ length: CORPUS_SIZE }, (_, index) => {
    const service = CORPUS_SERVICES[index % CORPUS_SERVICES.length]!;
    const start = index === CORPUS_BOUNDARY_INDEX ? Date.UTC(2024, 11, 31, 20, 0) : FIRST_START + index * 16 * DAY + (index % 4) * 3_600_000;
    const ongoing = CORPUS_ONGOING.includes(index);
    const end = ongoing ? null : start + ((index % 5) + 1) * 3_600_000;
    const lastUpdated = ongoing ? start + 30 * 60_000 : end! + 20 * 60_000;
    const id = `${SERVICE_NAMES[service].prefix}${String(240000 + index)}`;
    return { id, slug: id.toLowerCase(), service, start: iso(start), end: end === null ? null : iso(end), lastUpdated: iso(lastUpdated), ongoing };
  });
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function record(incident: CorpusIncident, index: number): string {
  const start = Date.parse(incident.start);
  const number = index + 1;
  const special = index === CORPUS_SEARCH_INDEX;
  const titleEn = index === CORPUS_MARKUP_TITLE_INDEX ? CORPUS_MARKUP_TITLE : `Generated incident ${number} affects ${SERVICE_NAMES[incident.service].en}`;
  const titleJa = `生成された障害 ${number} が ${SERVICE_NAMES[incident.service].ja} に影響`;
  const summaryEn = special
    ? `A ${CORPUS_ENGLISH_WORD} certificate renewal job stopped during maintenance, so sign-ins failed for a while.`
    : `Generated incident number ${number}. Some users saw errors for a while.`;
  const summaryJa = special
    ? `臨時メンテナンス中に${CORPUS_JAPANESE_WORD}の更新処理が停止したため、一部のユーザーがしばらくサインインできませんでした。`
    : `生成された障害の ${number} 件目です。一部のユーザーでしばらくエラーが発生しました。`;
  const lines = [
    `id: ${incident.id}`,
    `service: ${incident.service}`,
    `title: {en: ${quote(titleEn)}, ja: ${quote(titleJa)}}`,
    `start: ${utcText(start)}`,
    ...(incident.end ? [`end: ${utcText(Date.parse(incident.end))}`] : []),
    `summary: {en: ${quote(summaryEn)}, ja: ${quote(summaryJa)}}`,
    'updates:',
    `  - at: ${utcText(start + 30 * 60_000)}`,
    '    status: investigating',
    `    body: {en: "We are investigating incident ${number}.", ja: "障害 ${number} を調査しています。"}`,
  ];
  if (incident.end) {
    lines.push(
      `  - at: ${utcText(Date.parse(incident.lastUpdated))}`,
      '    status: service-restored',
      `    current_status: {en: "Incident ${number} is over.", ja: "障害 ${number} は解消しました。"}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** site.yaml of the corpus: Japanese readers see times in JST, English readers in UTC; 20 incidents per page. */
export const CORPUS_SITE_YAML = `title: {ja: 生成サイト, en: Generated site}
description: {ja: テスト用に生成した障害情報です。, en: Incidents generated for tests.}
base_url: https://status.example.org/
languages: [ja, en]
default_language: ja
source_language: en
zones:
  ja: {primary: Asia/Tokyo, secondary: UTC}
  en: {primary: UTC, secondary: Asia/Tokyo}
page_size: 20
`;

/** The content folder as a fixture map (for buildFixture / withTempContent). */
export function generateCorpus(): Record<string, string> {
  const files: Record<string, string> = {
    'content/site.yaml': CORPUS_SITE_YAML,
    'content/services.yaml': CORPUS_SERVICES.map((key) => `${key}: {ja: ${SERVICE_NAMES[key].ja}, en: ${SERVICE_NAMES[key].en}}`).join('\n') + '\n',
  };
  corpusIncidents().forEach((incident, index) => {
    files[`content/incidents/${incident.start.slice(0, 4)}/${incident.id}.yaml`] = record(incident, index);
  });
  return files;
}
