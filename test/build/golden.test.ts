import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSample, REPO_ROOT, type BuildRun } from '../helpers/build.js';

/** Golden pages: output file → golden file. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/build/golden.test.ts`. */
const GOLDENS: Record<string, string> = {
  'ja/incidents/ex300267/index.html': 'test/golden/ja-ex300267.html',
  'en/incidents/ex300267/index.html': 'test/golden/en-ex300267.html',
};

const update = process.env.UPDATE_GOLDEN === '1';

describe('the EX300267 article', () => {
  let run: BuildRun;
  beforeAll(async () => {
    run = await buildSample();
    expect(run.result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  });
  afterAll(() => run.remove());

  for (const [output, golden] of Object.entries(GOLDENS)) {
    it(`matches ${golden} byte for byte`, async () => {
      const built = run.files.get(output);
      expect(built, `${output} was not built`).toBeDefined();
      const goldenPath = path.join(REPO_ROOT, golden);
      if (update) {
        await mkdir(path.dirname(goldenPath), { recursive: true });
        await writeFile(goldenPath, built!);
        return;
      }
      const expected = await readFile(goldenPath).catch(() => undefined);
      expect(expected, `${golden} is missing; create it with UPDATE_GOLDEN=1 npx vitest run test/build/golden.test.ts`).toBeDefined();
      // Compare as text first for a readable diff, then as bytes.
      expect(built!.toString('utf8')).toBe(expected!.toString('utf8'));
      expect(Buffer.compare(built!, expected!)).toBe(0);
    });
  }
});
