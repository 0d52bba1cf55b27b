import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/model.js';
import { lines, loadFixture } from '../helpers/fixture.js';

const YAML_FORM = lines(
  'id: TM1',
  'service: microsoft-teams',
  'classification: incident',
  'title: {en: Older chat messages do not load, ja: チャットの過去のメッセージが読み込まれない}',
  'impact: {en: Users may not see older messages., ja: 過去のメッセージが表示されないことがあります。}',
  'start: 2022-03-10 08:40 JST',
  'end: 2022-03-10 12:48 JST',
  'status: service-restored',
  'published: 2022-03-10 13:05 JST',
  'author: Editors',
  'tags: [teams, chat]',
  'links:',
  '  - title: {en: Service status, ja: サービスの状態}',
  '    url: https://status.example.com/',
  'summary:',
  '  en: |',
  '    Chats opened nearly empty.',
  '',
  '    No messages were lost.',
  '  ja: |',
  '    チャットがほとんど空の状態で開かれました。',
  '',
  '    メッセージは失われていません。',
  'root_cause: {en: A configuration change., ja: 構成変更。}',
  'updates:',
  '  - at: 2022-03-10 09:12 JST',
  '    status: investigating',
  '    body: {en: We are looking into it., ja: 調査しています。}',
  '  - at: 2022-03-10 10:05 JST',
  '    status: restoring-service',
  '    body:',
  '      en: |',
  '        We are rolling the change back.',
  '',
  '        - region one',
  '        - region two',
  '      ja: |',
  '        変更をロールバックしています。',
  '',
  '        - リージョン 1',
  '        - リージョン 2',
  '  - at: 2022-03-10 11:20 JST',
  '    status: restoring-service',
  '    body: {en: Most regions are done., ja: ほとんどのリージョンで完了しました。}',
  '  - at: 2022-03-10 13:05 JST',
  '    status: service-restored',
  '    body: {en: Chat history loads again., ja: チャット履歴が再び読み込まれます。}',
);

const MARKDOWN_EN_FORM = lines(
  '---',
  'id: TM1',
  'service: microsoft-teams',
  'classification: incident',
  'title: Older chat messages do not load',
  'impact: Users may not see older messages.',
  'start: 2022-03-09T23:40:00Z',
  'end: 2022-03-10 03:48 UTC',
  'status: service-restored',
  'published: 2022-03-10 13:05 JST',
  'author: Editors',
  'tags: [teams, chat]',
  'links:',
  '  - title: Service status',
  '    url: https://status.example.com/',
  'root_cause: A configuration change.',
  '---',
  '',
  'Chats opened nearly empty.',
  '',
  'No messages were lost.',
  '',
  '## 2022-03-10 00:12 UTC — Investigating',
  '',
  'We are looking into it.',
  '',
  '## Thursday, March 10, 2022, 1:05 AM UTC – Restoring service',
  '',
  'We are rolling the change back.',
  '',
  '- region one',
  '- region two',
  '',
  '## 2022-03-10T02:20:00Z',
  '',
  'Most regions are done.',
  '',
  '## 2022-03-10 04:05 UTC - Service restored',
  '',
  'Chat history loads again.',
);

const MARKDOWN_JA_FORM = lines(
  '---',
  'title: チャットの過去のメッセージが読み込まれない',
  'impact: 過去のメッセージが表示されないことがあります。',
  'start: 2022-03-10 08:40 JST',
  'links:',
  '  - title: サービスの状態',
  '    url: https://status.example.com/',
  'root_cause: 構成変更。',
  '---',
  '',
  'チャットがほとんど空の状態で開かれました。',
  '',
  'メッセージは失われていません。',
  '',
  '## 2022-03-10 09:12 JST — 調査中',
  '',
  '調査しています。',
  '',
  '## 2022-03-10 10:05 Asia/Tokyo – 復旧作業中',
  '',
  '変更をロールバックしています。',
  '',
  '- リージョン 1',
  '- リージョン 2',
  '',
  '## Thursday, March 10, 2022, 11:20 AM (2:20 AM UTC) | 復旧作業中',
  '',
  'ほとんどのリージョンで完了しました。',
  '',
  '## 2022-03-10 13:05 +09:00',
  '',
  'チャット履歴が再び読み込まれます。',
);

/** The incident without what depends on how it was written: its files and the time text as typed. */
function comparable(incident: Incident | undefined): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).filter(([key]) => key !== 'sources' && key !== 'source');
    return Object.fromEntries(entries.map(([key, inner]) => [key, strip(inner)]));
  };
  return strip(incident);
}

describe('the two record forms', () => {
  const fromYaml = loadFixture({ 'content/incidents/2022/TM1.yaml': YAML_FORM });
  const fromMarkdown = loadFixture({ 'content/incidents/2022/TM1.en.md': MARKDOWN_EN_FORM, 'content/incidents/2022/TM1.ja.md': MARKDOWN_JA_FORM });

  it('both load without diagnostics', () => {
    expect(fromYaml.diagnostics).toEqual([]);
    expect(fromMarkdown.diagnostics).toEqual([]);
  });

  it('load one incident into equal models, apart from where and how it was written', () => {
    const yamlIncident = fromYaml.model?.incidents[0];
    const markdownIncident = fromMarkdown.model?.incidents[0];
    expect(yamlIncident).toBeDefined();
    expect(comparable(markdownIncident)).toEqual(comparable(yamlIncident));
  });

  it('keep the instants equal while the written times differ', () => {
    const yamlUpdates = fromYaml.model!.incidents[0]!.updates;
    const markdownUpdates = fromMarkdown.model!.incidents[0]!.updates;
    expect(markdownUpdates.map((update) => update.at.iso)).toEqual(['2022-03-10T04:05:00Z', '2022-03-10T02:20:00Z', '2022-03-10T01:05:00Z', '2022-03-10T00:12:00Z']);
    expect(markdownUpdates.map((update) => update.at.epochMs)).toEqual(yamlUpdates.map((update) => update.at.epochMs));
    expect(markdownUpdates[0]?.at.source).toBe('2022-03-10 04:05 UTC');
    expect(yamlUpdates[0]?.at.source).toBe('2022-03-10 13:05 JST');
    expect(fromMarkdown.model!.incidents[0]!.start.iso).toBe('2022-03-09T23:40:00Z');
  });

  it('record their sources', () => {
    expect(fromYaml.model?.incidents[0]?.sources).toEqual([{ path: 'content/incidents/2022/TM1.yaml', format: 'yaml' }]);
    expect(fromMarkdown.model?.incidents[0]?.sources.map((source) => source.lang)).toEqual(['en', 'ja']);
  });

  it('would notice a difference in the text', () => {
    const changed = loadFixture({
      'content/incidents/2022/TM1.en.md': MARKDOWN_EN_FORM.replace('Most regions are done.', 'Most regions are finished.'),
      'content/incidents/2022/TM1.ja.md': MARKDOWN_JA_FORM,
    });
    expect(comparable(changed.model?.incidents[0])).not.toEqual(comparable(fromYaml.model?.incidents[0]));
  });
});
