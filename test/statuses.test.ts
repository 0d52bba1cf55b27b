import { describe, expect, it } from 'vitest';
import {
  getStatus,
  isStatusKey,
  resolveStatus,
  STATUS_KEYS,
  STATUSES,
  suggestStatus,
  suggestStatusName,
} from '../src/statuses.js';
import { closestMatches, editDistance, normalizeForMatch } from '../src/suggest.js';
import { loadFixture } from './helpers/fixture.js';

const EXPECTED: readonly [key: string, phase: 'active' | 'resolved', en: string, ja: string][] = [
  ['investigating', 'active', 'Investigating', '調査中'],
  ['service-degradation', 'active', 'Service degradation', 'サービス低下'],
  ['service-interruption', 'active', 'Service interruption', 'サービス中断'],
  ['restoring-service', 'active', 'Restoring service', '復旧作業中'],
  ['verifying-service', 'active', 'Verifying service', '復旧確認中'],
  ['extended-recovery', 'active', 'Extended recovery', '復旧の延長'],
  ['investigation-suspended', 'active', 'Investigation suspended', '調査停止'],
  ['service-restored', 'resolved', 'Service restored', '復旧済み'],
  ['false-positive', 'resolved', 'False positive', '誤検知'],
  ['post-incident-report-published', 'resolved', 'Post-incident report published', '事後レポート公開済み'],
  ['mitigated', 'resolved', 'Mitigated', '軽減済み'],
  ['resolved', 'resolved', 'Resolved', '解決済み'],
  ['identified', 'active', 'Identified', '原因特定'],
  ['monitoring', 'active', 'Monitoring', '監視中'],
  ['scheduled', 'active', 'Scheduled', 'メンテナンス予定'],
  ['in-progress', 'active', 'In progress', 'メンテナンス中'],
  ['verifying-maintenance', 'active', 'Verifying maintenance', 'メンテナンス後の確認中'],
  ['completed', 'resolved', 'Completed', 'メンテナンス完了'],
  ['service-information', 'active', 'Service information', 'お知らせ'],
];

const camel = (key: string): string => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('STATUSES', () => {
  it('contains exactly the expected vocabulary, in order', () => {
    expect(STATUSES.map((s) => s.key)).toEqual(EXPECTED.map(([key]) => key));
    expect(STATUS_KEYS).toEqual(EXPECTED.map(([key]) => key));
  });

  it.each(EXPECTED)('%s has phase %s and labels %s / %s', (key, phase, en, ja) => {
    const status = getStatus(key);
    expect(status.phase).toBe(phase);
    expect(status.labels).toEqual({ en, ja });
  });

  it('keys are unique kebab-case', () => {
    const keys = STATUSES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it('every status has both labels, a phase and a tone', () => {
    for (const status of STATUSES) {
      expect(status.labels.en.trim()).not.toBe('');
      expect(status.labels.ja.trim()).not.toBe('');
      expect(['active', 'resolved']).toContain(status.phase);
      expect(['info', 'warning', 'danger', 'success', 'neutral']).toContain(status.tone);
    }
  });

  it('labels are unique within each language', () => {
    for (const lang of ['en', 'ja'] as const) {
      const labels = STATUSES.map((s) => normalizeForMatch(s.labels[lang]));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(STATUSES)).toBe(true);
    expect(Object.isFrozen(STATUSES[0])).toBe(true);
    expect(Object.isFrozen(STATUSES[0]?.labels)).toBe(true);
  });

  it('uses success tones for resolved statuses except false positives', () => {
    for (const status of STATUSES.filter((s) => s.phase === 'resolved')) {
      expect(status.tone).toBe(status.key === 'false-positive' ? 'neutral' : 'success');
    }
  });
});

describe('resolveStatus', () => {
  it.each(EXPECTED.map(([key]) => key))('key %s resolves to itself', (key) => {
    expect(resolveStatus(key)?.key).toBe(key);
  });

  it.each(EXPECTED.map(([key]) => [camel(key), key]))('camelCase %s → %s', (alias, key) => {
    expect(resolveStatus(alias)?.key).toBe(key);
  });

  it.each(EXPECTED.map(([key, , en]) => [en, key]))('en label %s → %s', (label, key) => {
    expect(resolveStatus(label)?.key).toBe(key);
  });

  it.each(EXPECTED.map(([key, , , ja]) => [ja, key]))('ja label %s → %s', (label, key) => {
    expect(resolveStatus(label)?.key).toBe(key);
  });

  it.each([
    // Microsoft Graph serviceHealthStatus names
    ['serviceRestored', 'service-restored'],
    ['ServiceRestored', 'service-restored'],
    ['postIncidentReviewPublished', 'post-incident-report-published'],
    ['confirmed', 'identified'],
    ['reported', 'investigating'],
    ['mitigatedExternal', 'mitigated'],
    ['resolvedExternal', 'resolved'],
    ['restoringService', 'restoring-service'],
    ['investigationSuspended', 'investigation-suspended'],
    // Statuspage
    ['postmortem', 'post-incident-report-published'],
    // case and whitespace
    ['Service Restored', 'service-restored'],
    ['service restored', 'service-restored'],
    ['  SERVICE   restored\t', 'service-restored'],
    ['service_restored', 'service-restored'],
    ['Post-Incident Report Published', 'post-incident-report-published'],
    ['post incident review published', 'post-incident-report-published'],
    ['ＩＮＶＥＳＴＩＧＡＴＩＮＧ', 'investigating'],
    // Japanese variants
    [' 調査中 ', 'investigating'],
    ['サービスの低下', 'service-degradation'],
    ['サービスの中断', 'service-interruption'],
    ['調査の中断', 'investigation-suspended'],
    ['サービス 復旧済み', 'service-restored'],
  ])('%j → %s', (text, key) => {
    expect(resolveStatus(text)?.key).toBe(key);
  });

  it.each(['', '   ', 'unknown', 'service', 'restor', 'serviceOperational', 'investigatin', '完了'])(
    '%j is unknown',
    (text) => {
      expect(resolveStatus(text)).toBeUndefined();
    },
  );

  it('returns the shared definition object', () => {
    expect(resolveStatus('Service restored')).toBe(getStatus('service-restored'));
  });
});

describe('suggestStatus', () => {
  it.each([
    ['investigatin', 'investigating'],
    ['servce-restored', 'service-restored'],
    ['service-restord', 'service-restored'],
    ['identifed', 'identified'],
    ['monitorign', 'monitoring'],
    ['resolvd', 'resolved'],
    ['mitigate', 'mitigated'],
    ['Service restord', 'service-restored'],
    ['extended-recvery', 'extended-recovery'],
    ['post-incident', 'post-incident-report-published'],
    ['調査', 'investigating'],
    ['復旧済', 'service-restored'],
  ])('%j → %s first', (text, key) => {
    expect(suggestStatus(text)[0]).toBe(key);
  });

  it('returns at most three distinct keys', () => {
    for (const text of ['service', 'inv', 'res', 'serv']) {
      const suggestions = suggestStatus(text);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      expect(new Set(suggestions).size).toBe(suggestions.length);
      for (const key of suggestions) expect(isStatusKey(key)).toBe(true);
    }
  });

  it('offers related keys after the best one', () => {
    expect(suggestStatus('investigati')).toEqual(['investigating', 'investigation-suspended']);
    expect(suggestStatus('investigatin')).toEqual(['investigating']);
  });

  it.each(['', 'xyz', 'banana', 'completely different', '🙂'])('%j has no suggestions', (text) => {
    expect(suggestStatus(text)).toEqual([]);
  });
});

describe('getStatus', () => {
  it('returns canonical definitions', () => {
    expect(getStatus('monitoring')).toMatchObject({ key: 'monitoring', phase: 'active', tone: 'info' });
  });

  it.each(['Service restored', 'serviceRestored', 'nope', ''])('throws for non-key %j', (key) => {
    expect(() => getStatus(key)).toThrow(/Unknown status key/);
  });

  it('isStatusKey accepts only canonical keys', () => {
    expect(isStatusKey('service-restored')).toBe(true);
    expect(isStatusKey('serviceRestored')).toBe(false);
  });
});

describe('closestMatches', () => {
  const services = ['exchange-online', 'microsoft-teams', 'sharepoint-online', 'microsoft-365-suite', 'outlook', 'onedrive'];

  it.each([
    ['exchange-onlin', ['exchange-online']],
    ['Exchange Online', ['exchange-online']],
    ['microsoft-team', ['microsoft-teams']],
    ['outlok', ['outlook']],
    ['one-drive', ['onedrive']],
    ['sharepoint', ['sharepoint-online']],
    ['zzz', []],
    ['', []],
  ])('%j → %j', (input, expected) => {
    expect(closestMatches(input, services)).toEqual(expected);
  });

  it('ranks by distance and keeps candidate order on ties', () => {
    expect(closestMatches('cat', ['bat', 'cart', 'cat', 'hat'])).toEqual(['cat', 'bat', 'cart']);
    expect(closestMatches('cat', ['bat', 'cart', 'cat', 'hat'], 10)).toEqual(['cat', 'bat', 'cart', 'hat']);
  });

  it('respects max and skips duplicates', () => {
    expect(closestMatches('cat', ['cat', 'cat', 'bat'], 1)).toEqual(['cat']);
    expect(closestMatches('cat', ['cat', 'cat', 'bat'])).toEqual(['cat', 'bat']);
    expect(closestMatches('cat', ['cat'], 0)).toEqual([]);
  });

  it('does not match very short inputs against everything', () => {
    expect(closestMatches('a', ['ja', 'en', 'b'])).toEqual([]);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1], // transposition
    ['ca', 'abc', 3], // optimal string alignment, not unrestricted
    ['調査中', '調査', 1],
    ['🙂a', 'a🙂', 1], // code points, not UTF-16 units
  ])('%j vs %j = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('Japanese status words', () => {
  it.each([
    ['復旧作業中', 'restoring-service'],
    ['調査中', 'investigating'],
    ['復旧済み', 'service-restored'],
    ['復旧確認中', 'verifying-service'],
    ['サービス低下', 'service-degradation'],
    ['ｻｰﾋﾞｽ中断', 'service-interruption'],
  ])('accepts the label %s as %s', (label, key) => {
    expect(resolveStatus(label)?.key).toBe(key);
  });

  it.each([
    ['復旧中', '復旧作業中'],
    ['調査', '調査中'],
    ['復旧済', '復旧済み'],
    ['監視', '監視中'],
    ['誤検地', '誤検知'],
  ])('suggests the Japanese label for %s: %s', (text, label) => {
    expect(resolveStatus(text)).toBeUndefined();
    expect(suggestStatusName(text)).toBe(label);
  });

  it('suggests the key for English input and nothing for a word far from every label', () => {
    expect(suggestStatusName('investigatin')).toBe('investigating');
    expect(suggestStatusName('調査ちゅう')).toBeUndefined();
    expect(suggestStatusName('天気')).toBeUndefined();
  });

  it('is reported in a record with the Japanese suggestion', () => {
    const record = ['id: EX1', 'service: exchange-online', 'title: {en: T, ja: T}', 'start: 2021-11-25 21:33 JST', 'updates:', '  - at: 2021-11-25 22:00 JST', '    status: 復旧中', '    body: {en: B, ja: B}'].join('\n');
    const result = loadFixture({ 'incidents/EX1.yaml': record });
    expect(result.diagnostics.map((item) => `${item.line}:${item.column} ${item.rule} ${item.message}`)).toEqual(['7:13 unknown-status unknown status "復旧中"; did you mean "復旧作業中"?']);
  });
});
