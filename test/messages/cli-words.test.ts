import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTexts, runMain, sampleWorkspace } from '../helpers/workspace.js';

describe('KOKUCHI_NOW that is not a time, in both languages', () => {
  it.each([
    ['new', ['new', 'EX300300', '--service', 'exchange-online']],
    ['update', ['update', 'EX300267', '--status', 'investigating']],
  ])('kokuchi %s: a usage error, and nothing written', async (command, args) => {
    const cwd = await sampleWorkspace('kokuchi-now');
    const before = await readTexts(path.join(cwd, 'content'));
    const said = async (now: string, language: string) => {
      const run = await runMain(cwd, ['--lang', language, ...args], { KOKUCHI_NOW: now });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      return run.stderr;
    };
    expect(await said('tomorrow', 'en')).toBe(
      `kokuchi ${command}: KOKUCHI_NOW="tomorrow" is not a time kokuchi reads: cannot read "tomorrow" as a time (write it as "2021-11-25 21:33 JST", "2021-11-25T12:33:00Z" or "Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)")\n`,
    );
    expect(await said('tomorrow', 'ja')).toBe(
      `kokuchi ${command}: 環境変数 KOKUCHI_NOW：「tomorrow」を時刻として読めません（「2021-11-25 21:33 JST」「2021-11-25T12:33:00Z」「Thursday, November 25, 2021, 9:33 PM (12:33 PM UTC)」のように書きます）\n`,
    );
    expect(await said('2026-11-27 01:00', 'en')).toBe(
      `kokuchi ${command}: KOKUCHI_NOW="2026-11-27 01:00" is not a time kokuchi reads: "2026-11-27 01:00" has no time zone (write it with a zone, e.g. "2026-11-27 01:00 JST" or "2026-11-27T01:00+09:00")\n`,
    );
    expect(await said('2026-11-27 01:00', 'ja')).toBe(
      `kokuchi ${command}: 環境変数 KOKUCHI_NOW：「2026-11-27 01:00」にタイムゾーンがありません（タイムゾーンを付けて書いてください（例: "2026-11-27 01:00 JST" または "2026-11-27T01:00+09:00"））\n`,
    );
    expect(await readTexts(path.join(cwd, 'content'))).toEqual(before);
  });
});
