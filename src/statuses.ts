/**
 * Built-in status vocabulary for incident records and their updates.
 *
 * Covers the Microsoft 365 service health states, the Statuspage incident and
 * scheduled-maintenance states and Google Cloud's information state, each with a kebab-case key, a phase, a CSS tone and short badge
 * labels in Japanese and English. Pure: no I/O.
 * @module
 */

import { closestMatches, isJapaneseText, normalizeForMatch } from './suggest.js';

/** Whether a status means the incident is still in progress or is over. */
export type Phase = 'active' | 'resolved';

/** Visual tone of a status badge; templates map it to a CSS class. */
export type Tone = 'info' | 'warning' | 'danger' | 'success' | 'neutral';

/** One entry of the status vocabulary. */
export interface StatusDefinition {
  /** Canonical kebab-case key, e.g. `service-restored`. */
  readonly key: string;
  /** `resolved` once the incident is over, otherwise `active`. */
  readonly phase: Phase;
  /** Badge tone for styling. */
  readonly tone: Tone;
  /** Short display labels, suitable for a badge. */
  readonly labels: { readonly ja: string; readonly en: string };
}

interface StatusSeed extends StatusDefinition {
  /**
   * Other names accepted by {@link resolveStatus}, besides the key, its
   * camelCase spelling and the two labels: Microsoft Graph enum names that
   * differ from ours, wording from other tools, common Japanese variants.
   */
  readonly aliases: readonly string[];
}

/** One status a row: key, phase, tone, Japanese label, English label, aliases. */
const ROWS: readonly (readonly [key: string, phase: Phase, tone: Tone, ja: string, en: string, aliases: readonly string[]])[] = [
  // Microsoft 365 service health
  // Graph `reported`: raised by customers, not yet confirmed by Microsoft.
  ['investigating', 'active', 'warning', '調査中', 'Investigating', ['reported']],
  ['service-degradation', 'active', 'warning', 'サービス低下', 'Service degradation', ['degraded', 'degraded performance', 'サービスの低下']],
  ['service-interruption', 'active', 'danger', 'サービス中断', 'Service interruption', ['outage', 'サービスの中断']],
  ['restoring-service', 'active', 'info', '復旧作業中', 'Restoring service', ['restoring', 'サービスの復元中', 'サービスを復元中']],
  ['verifying-service', 'active', 'info', '復旧確認中', 'Verifying service', ['verifying', 'サービスの検証中']],
  ['extended-recovery', 'active', 'warning', '復旧の延長', 'Extended recovery', ['復旧の長期化', '延長回復']],
  ['investigation-suspended', 'active', 'neutral', '調査停止', 'Investigation suspended', ['調査の中断', '調査中断']],
  ['service-restored', 'resolved', 'success', '復旧済み', 'Service restored', ['restored', 'サービスの復元', 'サービスが復元されました', 'サービス復旧済み', '復元済み']],
  ['false-positive', 'resolved', 'neutral', '誤検知', 'False positive', ['誤検出']],
  // Graph spells it `postIncidentReviewPublished`; Statuspage has `postmortem`.
  ['post-incident-report-published', 'resolved', 'success', '事後レポート公開済み', 'Post-incident report published', ['postIncidentReviewPublished', 'post-incident review published', 'PIR published', 'postmortem', '事後レポート公開', 'インシデント後のレポートが公開されました']],
  ['mitigated', 'resolved', 'success', '軽減済み', 'Mitigated', ['mitigatedExternal']],
  ['resolved', 'resolved', 'success', '解決済み', 'Resolved', ['resolvedExternal', '解決済']],
  // Statuspage (investigating and resolved are shared with the list above)
  // Graph `confirmed`: Microsoft has confirmed the problem on its side.
  ['identified', 'active', 'warning', '原因特定', 'Identified', ['confirmed', '原因特定済み', '特定済み']],
  ['monitoring', 'active', 'info', '監視中', 'Monitoring', ['モニタリング中']],
  // Statuspage scheduled maintenances (`scheduled`, `in_progress`, `verifying`, `completed`)
  ['scheduled', 'active', 'neutral', 'メンテナンス予定', 'Scheduled', ['予定', 'scheduled maintenance']],
  ['in-progress', 'active', 'info', 'メンテナンス中', 'In progress', ['maintenance in progress', '作業中']],
  ['verifying-maintenance', 'active', 'info', 'メンテナンス後の確認中', 'Verifying maintenance', ['メンテナンス確認中']],
  ['completed', 'resolved', 'success', 'メンテナンス完了', 'Completed', ['maintenance completed']],
  // Google Cloud's SERVICE_INFORMATION: an announcement while nothing is broken
  ['service-information', 'active', 'info', 'お知らせ', 'Service information', ['information', '情報']],
];

const SEEDS: readonly StatusSeed[] = ROWS.map(([key, phase, tone, ja, en, aliases]) => ({ key, phase, tone, labels: { ja, en }, aliases }));

function freezeDefinition(seed: StatusSeed): StatusDefinition {
  return Object.freeze({
    key: seed.key,
    phase: seed.phase,
    tone: seed.tone,
    labels: Object.freeze({ ja: seed.labels.ja, en: seed.labels.en }),
  });
}

/**
 * The built-in statuses, Microsoft 365 service health first, then the
 * Statuspage-only ones (incidents, then maintenances), then Google Cloud's. Frozen; the order is a sensible display order.
 */
export const STATUSES: readonly StatusDefinition[] = Object.freeze(SEEDS.map(freezeDefinition));

/** The keys of {@link STATUSES}, in the same order. */
export const STATUS_KEYS: readonly string[] = Object.freeze(STATUSES.map((s) => s.key));

const BY_KEY: ReadonlyMap<string, StatusDefinition> = new Map(STATUSES.map((s) => [s.key, s]));

/** Every accepted name (key, labels, aliases) with the key it stands for. */
const NAMES: readonly (readonly [name: string, key: string])[] = SEEDS.flatMap((seed) =>
  [seed.key, seed.labels.en, seed.labels.ja, ...seed.aliases].map((name) => [name, seed.key] as const),
);

const BY_NORMALIZED_NAME: ReadonlyMap<string, StatusDefinition> = (() => {
  const map = new Map<string, StatusDefinition>();
  for (const [name, key] of NAMES) {
    const normalized = normalizeForMatch(name);
    const existing = map.get(normalized);
    if (existing !== undefined && existing.key !== key) {
      throw new Error(`status name "${name}" is ambiguous: ${existing.key} and ${key}`);
    }
    const definition = BY_KEY.get(key);
    if (definition !== undefined) map.set(normalized, definition);
  }
  return map;
})();

/** Whether `key` is exactly one of the canonical status keys. */
export function isStatusKey(key: string): boolean {
  return BY_KEY.has(key);
}

/**
 * Resolves what an author wrote for a status: a key (`service-restored`), a
 * camelCase name as in Microsoft Graph (`serviceRestored`,
 * `postIncidentReviewPublished`, `confirmed` → `identified`, `reported` →
 * `investigating`, `mitigatedExternal` → `mitigated`, `resolvedExternal` →
 * `resolved`), Statuspage's `postmortem`, or a label in either language
 * (`Service Restored`, `service restored`, `復旧済み`, `サービスの低下`).
 *
 * Matching ignores case, Unicode width, whitespace, `_`, `-` and dashes.
 * Returns `undefined` for anything unknown; see {@link suggestStatus}.
 */
export function resolveStatus(text: string): StatusDefinition | undefined {
  const normalized = normalizeForMatch(text);
  if (normalized === '') return undefined;
  return BY_NORMALIZED_NAME.get(normalized);
}

/**
 * Up to three status keys that `text` was probably meant to be, best first,
 * for "did you mean …?" messages. Compares against keys, labels and aliases
 * with {@link closestMatches} (Damerau–Levenshtein on normalized text).
 * Returns an empty array when nothing is close.
 *
 * @example suggestStatus('investigatin')[0] === 'investigating'
 */
export function suggestStatus(text: string): string[] {
  const names = NAMES.map(([name]) => name);
  const keyOf = new Map(NAMES.map(([name, key]) => [name, key]));
  const keys: string[] = [];
  for (const name of closestMatches(text, names, names.length)) {
    const key = keyOf.get(name);
    if (key !== undefined && !keys.includes(key)) keys.push(key);
    if (keys.length === 3) break;
  }
  return keys;
}

/**
 * The name to offer in a "did you mean …?" message, best first: the Japanese label for Japanese
 * input (`復旧中` → `復旧作業中`), the key otherwise.
 */
export function suggestStatusName(text: string): string | undefined {
  const key = suggestStatus(text)[0];
  if (key === undefined) return undefined;
  return isJapaneseText(text) ? getStatus(key).labels.ja : key;
}

/**
 * The definition for a canonical key. Throws for anything else: use it for
 * keys that have already been validated (use {@link resolveStatus} for
 * author input).
 */
export function getStatus(key: string): StatusDefinition {
  const definition = BY_KEY.get(key);
  if (definition === undefined) {
    throw new Error(`Unknown status key "${key}" (expected one of: ${STATUS_KEYS.join(', ')})`);
  }
  return definition;
}
