import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { CACHE_FILE } from '../../src/incremental/group-cache.js';
import { readTree, SAMPLE_CONTENT, TEMPLATES, type OutputTree } from '../helpers/build.js';

let parent: string;
let reference: OutputTree;
/** The cache folder of a warm build of the sample content, copied for each damage. */
let warmCache: string;

const options = (outDir: string, cacheDir: string | false): BuildOptions => ({ cwd: parent, contentDir: SAMPLE_CONTENT, templatesDir: TEMPLATES, outDir: path.join(parent, outDir), drafts: false, strict: false, cacheDir, search: false });

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-damaged-cache-'));
  const plain = await build(options('reference', false));
  expect(plain.ok, JSON.stringify(plain.diagnostics)).toBe(true);
  reference = await readTree(path.join(parent, 'reference'));
  warmCache = path.join(parent, 'warm-cache');
  expect((await build(options('warm', warmCache))).ok).toBe(true);
}, 60_000);
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

let round = 0;
/** Builds into a fresh output folder with a copy of the warm cache damaged by `damage`; returns the build's result and output. */
async function buildWithDamage(file: string, damage: (bytes: Buffer) => void, reuseOutput = false) {
  round += 1;
  const cacheDir = path.join(parent, `cache-${round}`);
  await cp(warmCache, cacheDir, { recursive: true });
  const outDir = `out-${round}`;
  if (reuseOutput) await cp(path.join(parent, 'warm'), path.join(parent, outDir), { recursive: true });
  const target = file === CACHE_FILE || file.endsWith('.json') && !file.startsWith('output-') ? path.join(cacheDir, file) : path.join(cacheDir, (await readdir(cacheDir)).find((name) => name.startsWith(file))!);
  const bytes = await readFile(target);
  damage(bytes);
  await writeFile(target, bytes);
  const result = await build(options(outDir, cacheDir));
  return { result, files: await readTree(path.join(parent, outDir)) };
}

/** A deterministic sequence of positions (a small linear congruential generator). */
function positions(seed: number, count: number, size: number): number[] {
  const found: number[] = [];
  let state = seed;
  for (let index = 0; index < count; index += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    found.push(state % size);
  }
  return found;
}

describe('a damaged build cache', () => {
  it('never publishes a changed byte of a cached text', async () => {
    // V8 keeps a string in one byte per character, or in UTF-16 when it has other characters.
    const needles = [Buffer.from('legitimate', 'latin1'), Buffer.from('legitimate', 'utf16le')];
    const { result, files } = await buildWithDamage(CACHE_FILE, (bytes) => {
      const found = needles.map((needle) => bytes.indexOf(needle)).filter((at) => at > 0);
      expect(found.length).toBeGreaterThan(0);
      bytes[found[0]! + 4] = 'X'.charCodeAt(0);
    });
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    expect(files).toEqual(reference);
  });

  it('never crashes on a damaged length byte: the record is rebuilt from the content', async () => {
    for (const offset of [17 + 0, 17 + 4, 17 + 5, 17 + 16 + 64 + 1, 17 + 16 + 64 + 4]) {
      const { result, files } = await buildWithDamage(CACHE_FILE, (bytes) => {
        bytes[offset] = bytes[offset]! ^ 0xff;
      });
      expect(result.ok, `offset ${offset}: ${JSON.stringify(result.diagnostics)}`).toBe(true);
      expect(files, `offset ${offset}`).toEqual(reference);
    }
  }, 120_000);

  it('gives the same site after random 5-byte damage anywhere in the log', async () => {
    const size = (await readFile(path.join(warmCache, CACHE_FILE))).length;
    for (const [index, start] of positions(7, 6, size - 5).entries()) {
      const { result, files } = await buildWithDamage(CACHE_FILE, (bytes) => {
        for (let offset = start; offset < start + 5; offset += 1) bytes[offset] = (bytes[offset]! + 97 * (index + 1)) % 256;
      });
      expect(result.ok, `damage at ${start}: ${JSON.stringify(result.diagnostics)}`).toBe(true);
      expect(files, `damage at ${start}`).toEqual(reference);
    }
  }, 120_000);

  it('gives the same site with a damaged file index or previous-output manifest', async () => {
    for (const file of ['files.v1.json', 'output-']) {
      for (const at of [10, 70, 200]) {
        const { result, files } = await buildWithDamage(
          file,
          (bytes) => {
            bytes[Math.min(at, bytes.length - 1)] = bytes[Math.min(at, bytes.length - 1)]! ^ 0x01;
          },
          true,
        );
        expect(result.ok, `${file} at ${at}: ${JSON.stringify(result.diagnostics)}`).toBe(true);
        expect(files, `${file} at ${at}`).toEqual(reference);
      }
    }
  }, 120_000);

  it('treats a foreign file in the cache folder as no cache', async () => {
    const { result, files } = await buildWithDamage(CACHE_FILE, (bytes) => {
      bytes.fill(0x41);
    });
    expect(result.ok).toBe(true);
    expect(files).toEqual(reference);
  });
});
