import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSample, readTree, runCli, SAMPLE_CONTENT, TEMPLATES, type OutputTree } from '../helpers/build.js';

/** Paths whose bytes differ between two trees, plus paths only one of them has. */
function differences(first: OutputTree, second: OutputTree): string[] {
  const files = [...new Set([...first.keys(), ...second.keys()])].sort();
  return files.filter((file) => {
    const a = first.get(file);
    const b = second.get(file);
    return !a || !b || Buffer.compare(a, b) !== 0;
  });
}

async function sampleTree(): Promise<OutputTree> {
  const run = await buildSample();
  try {
    expect(run.result.ok).toBe(true);
    return run.files;
  } finally {
    await run.remove();
  }
}

describe('the output', () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
    vi.useRealTimers();
  });

  it('is byte-identical whatever the machine\'s time zone', async () => {
    process.env.TZ = 'Pacific/Kiritimati';
    const first = await sampleTree();
    expect(new Date(Date.UTC(2021, 0, 1)).getTimezoneOffset()).toBe(-840);
    process.env.TZ = 'America/St_Johns';
    const second = await sampleTree();
    expect(new Date(Date.UTC(2021, 0, 1)).getTimezoneOffset()).toBe(210);
    expect(first.size).toBeGreaterThan(5);
    expect(differences(first, second)).toEqual([]);
  });

  it('is byte-identical whatever the time of day or year of the build', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2001-02-03T04:05:06Z'));
    const first = await sampleTree();
    vi.setSystemTime(new Date('2039-12-31T23:59:59Z'));
    const second = await sampleTree();
    expect(differences(first, second)).toEqual([]);
  });

  it('is byte-identical from the CLI under another zone and locale', async () => {
    const inProcess = await sampleTree();
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-locale-'));
    try {
      const run = await runCli(['build', '--content', SAMPLE_CONTENT, '--templates', TEMPLATES], cwd, { TZ: 'Asia/Kathmandu', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
      expect(run.code, run.stderr).toBe(0);
      expect(differences(inProcess, await readTree(path.join(cwd, 'dist')))).toEqual([]);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
