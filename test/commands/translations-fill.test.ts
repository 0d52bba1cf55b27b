import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { applyYamlFills, normalizeWhitespace, planFills } from '../../src/commands/translations-fill.js';
import { findMissingTranslations } from '../../src/commands/translations.js';
import { loadFixture, withTempContent, type TempContent } from '../helpers/fixture.js';

/** An incident whose posts were translated: the boilerplate sentence has Japanese here. */
const TRANSLATED = [
  'id: EX1',
  'service: exchange-online',
  'title: {en: Users cannot send mail, ja: メールを送信できない}',
  'start: 2021-11-25 21:33 JST',
  'updates:',
  '  - at: 2021-11-25 22:00 JST',
  '    status: investigating',
  '    current_status:',
  "      en: We're investigating a potential issue and checking for impact to your organization.",
  '      ja: 潜在的な問題を調査し、組織への影響を確認しています。',
  '',
].join('\n');

/** A new incident with the same title and boilerplate, in three layouts: a map without ja, a placeholder, a plain string. */
const NEW = [
  '# a comment that must survive',
  'id: EX2',
  'service: exchange-online',
  'title: Users cannot send mail   # same title',
  'start: 2021-12-01 09:00 JST',
  'updates:',
  '  - at: 2021-12-01 09:10 JST',
  '    status: investigating',
  '    current_status:',
  "      en: \"We're investigating a potential issue and  checking for impact to your organization.\"",
  '  - at: 2021-12-01 10:00 JST',
  '    status: investigating',
  "    current_status: {en: \"We're investigating a potential issue and checking for impact to your organization.\", ja: \"TODO: 現在の状況と対応\"}",
  '    scope: {en: Only some users}',
  '',
].join('\n');

const temporary: TempContent[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((content) => content.remove()));
});

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('planFills', () => {
  it('finds the texts whose other language is translated elsewhere, after whitespace normalisation', () => {
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': NEW }).model!;
    const { fills, ambiguous } = planFills(model, findMissingTranslations(model, ['ja']));
    expect(fills.map((fill) => `${fill.item.id} ${fill.item.update?.at.source ?? '-'} ${fill.item.field} ${fill.text}`)).toEqual([
      'EX2 - title メールを送信できない',
      'EX2 2021-12-01 10:00 JST current_status 潜在的な問題を調査し、組織への影響を確認しています。',
      'EX2 2021-12-01 09:10 JST current_status 潜在的な問題を調査し、組織への影響を確認しています。',
    ]);
    expect(ambiguous).toEqual([]);
    expect(normalizeWhitespace('  a \n b\t c ')).toBe('a b c');
  });

  it('leaves out a text translated two different ways', () => {
    const other = TRANSLATED.replace('EX1', 'EX3').replace('ja: メールを送信できない', 'ja: メールが送れない');
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX3.yaml': other, 'incidents/EX2.yaml': NEW }).model!;
    const { fills, ambiguous } = planFills(model, findMissingTranslations(model, ['ja']));
    expect(ambiguous.map((item) => `${item.id} ${item.field}`)).toEqual(['EX2 title']);
    expect(fills.map((fill) => fill.item.field)).toEqual(['current_status', 'current_status']);
  });
});

describe('applyYamlFills', () => {
  it('writes each filled value and changes no other byte', () => {
    const model = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': NEW }).model!;
    const { fills } = planFills(model, findMissingTranslations(model, ['ja']));
    const result = applyYamlFills(NEW, fills, 'Asia/Tokyo');
    expect(result.skipped).toEqual([]);
    const boilerplate = JSON.stringify('潜在的な問題を調査し、組織への影響を確認しています。');
    expect(result.text).toBe(
      NEW.replace('title: Users cannot send mail   #', `title: {en: "Users cannot send mail", ja: "メールを送信できない"}   #`)
        .replace('organization."\n  - at', `organization."\n      ja: ${boilerplate}\n  - at`)
        .replace('ja: "TODO: 現在の状況と対応"', `ja: ${boilerplate}`),
    );
    const loaded = loadFixture({ 'incidents/EX1.yaml': TRANSLATED, 'incidents/EX2.yaml': result.text });
    expect(loaded.diagnostics.filter((item) => item.file.endsWith('EX2.yaml')).map((item) => item.rule)).toEqual(['missing-translation']); // scope has no Japanese anywhere
    const incident = loaded.model!.incidents.find((each) => each.id === 'EX2')!;
    expect(incident.title.ja).toBe('メールを送信できない');
    expect(incident.updates.map((update) => update.fields.current_status?.ja)).toEqual(['潜在的な問題を調査し、組織への影響を確認しています。', '潜在的な問題を調査し、組織への影響を確認しています。']);
  });
});

describe('kokuchi translations --fill', () => {
  it('lists what it would fill with --dry-run and writes nothing, then fills and lists it', async () => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': TRANSLATED, 'content/incidents/EX2.yaml': NEW });
    temporary.push(content);
    const file = path.join(content.cwd, 'content/incidents/EX2.yaml');
    const dry = capture(content.cwd);
    expect(await main(['translations', '--fill', '--dry-run', '--lang', 'ja'], dry.environment)).toBe(0);
    expect(dry.stdout()).toBe(
      [
        'would fill  EX2  incident  title (ja): "メールを送信できない"',
        'would fill  EX2  update 2021-12-01 10:00 JST  current_status (ja): "潜在的な問題を調査し、組織への影響を確認しています。"',
        'would fill  EX2  update 2021-12-01 09:10 JST  current_status (ja): "潜在的な問題を調査し、組織への影響を確認しています。"',
        '',
      ].join('\n'),
    );
    expect(dry.stderr()).toBe('kokuchi translations: 3 texts would be filled in 1 file; nothing was written (--dry-run)\n');
    expect(await readFile(file, 'utf8')).toBe(NEW);

    const run = capture(content.cwd);
    expect(await main(['translations', '--fill'], run.environment)).toBe(0);
    expect(run.stdout()).toBe(dry.stdout().replaceAll('would fill', 'filled'));
    expect(run.stderr()).toBe('kokuchi translations: filled 3 texts in 1 file: content/incidents/EX2.yaml; review the diff\n');
    const after = await readFile(file, 'utf8');
    expect(after).toContain('      ja: "潜在的な問題を調査し、組織への影響を確認しています。"\n');
    expect(after.startsWith('# a comment that must survive\n')).toBe(true);

    const again = capture(content.cwd);
    expect(await main(['translations', '--fill'], again.environment)).toBe(0);
    expect(again.stdout()).toBe('');
    expect(again.stderr()).toBe('kokuchi translations: nothing to fill\n');
  });

  it('treats --dry-run without --fill as a usage error', async () => {
    const content = await withTempContent({ 'content/incidents/EX1.yaml': TRANSLATED });
    temporary.push(content);
    const run = capture(content.cwd);
    expect(await main(['translations', '--dry-run'], run.environment)).toBe(2);
    expect(run.stderr()).toContain('--dry-run goes with --fill');
  });
});
