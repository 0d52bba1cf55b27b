import { appendFile, mkdtemp, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FILE, DIRECTORY_FILE, GroupCache } from '../../src/incremental/group-cache.js';
import type { ProcessedGroup } from '../../src/load/process-group.js';

let directory: string;
const logFile = () => path.join(directory, CACHE_FILE);

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-cache-log-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** A stand-in for a processed group: the cache stores whatever it is given. */
function group(name: string): ProcessedGroup {
  return { diagnostics: [], ids: [], html: [[`${name} markdown`, `<p>${name}</p>`]] } as unknown as ProcessedGroup;
}

/** Opens the cache, asks for `keys`, sets the missing ones to group(key), saves; returns which were hits. */
async function run(keys: string[]): Promise<string[]> {
  const cache = await GroupCache.open(directory);
  const hits: string[] = [];
  for (const key of keys) {
    const hit = cache.get(key);
    if (hit) {
      expect(hit).toEqual(group(key));
      hits.push(key);
    } else {
      cache.set(key, group(key));
    }
  }
  await cache.save();
  return hits;
}

describe('the cache log', () => {
  it('gives back an incident whose text fields are decoded on first use, equal to what was stored', async () => {
    const incident = {
      id: 'EX1',
      slug: 'ex1',
      title: { en: 'Title' },
      impact: { en: 'Impact' },
      summary: { ja: '概要' },
      rootCause: {},
      nextSteps: {},
      updates: [{ at: { iso: '2024-01-01T00:00:00Z' }, body: { en: 'Body' }, fields: {} }],
      links: [{ url: 'https://example.org/', title: {} }],
      sources: [{ path: 'content/incidents/EX1.yaml', lang: null }],
      tags: ['a'],
    };
    const stored = { incident, diagnostics: [], ids: [], html: [['Impact', '<p>Impact</p>']] } as unknown as ProcessedGroup;
    const first = await GroupCache.open(directory);
    first.set('k', stored);
    await first.save();
    const entry = (await GroupCache.open(directory)).entry('k')!;
    const cached = entry.result.incident as unknown as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(cached, 'updates')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(cached, 'title')?.value).toEqual({ en: 'Title' });
    expect({ ...cached }).toEqual(incident);
    expect(entry.html()).toEqual([['Impact', '<p>Impact</p>']]);
    expect((await GroupCache.open(directory)).get('k')).toEqual(stored);
  });

  it('checks texts when first read: damaged, they come from the remake, or the read fails; the head alone decides a hit', async () => {
    const stored = { incident: { id: 'a', slug: 'a', title: { en: 'Head title' }, summary: { en: 'stored summary' }, updates: [] }, diagnostics: [], ids: [], html: [] } as unknown as ProcessedGroup;
    const first = await GroupCache.open(directory);
    first.set('a', stored);
    await first.save();
    const bytes = await readFile(logFile());
    const at = bytes.indexOf(Buffer.from('stored summary', 'latin1'));
    expect(at).toBeGreaterThan(0);
    bytes[at] = 'X'.charCodeAt(0);
    await writeFile(logFile(), bytes);
    const cache = await GroupCache.open(directory);
    let remade = 0;
    const entry = cache.entry('a', () => {
      remade += 1;
      return { incident: { summary: { en: 'remade summary' }, updates: [] }, diagnostics: [], ids: [] } as unknown as ReturnType<NonNullable<Parameters<GroupCache['entry']>[1]>>;
    })!;
    expect(entry.result.incident!.title).toEqual({ en: 'Head title' });
    expect(remade).toBe(0);
    expect(entry.result.incident!.summary).toEqual({ en: 'remade summary' });
    expect(entry.result.incident!.updates).toEqual([]);
    expect(remade).toBe(1);
    expect(() => cache.entry('a')!.result.incident!.summary).toThrow(/damaged/u);
    cache.close();
  });

  it('opens through the directory the last save wrote, and scans the log when the directory describes another log or is damaged', async () => {
    expect(await run(['a', 'b'])).toEqual([]);
    // A header byte of the first record, damaged in place with the log's time put back: only a scan notices it.
    const bytes = await readFile(logFile());
    const { mtime } = await stat(logFile());
    bytes[17 + 8] = bytes[17 + 8]! ^ 0xff;
    await writeFile(logFile(), bytes);
    await utimes(logFile(), mtime, mtime);
    const viaDirectory = await GroupCache.open(directory);
    expect(viaDirectory.get('a')).toEqual(group('a'));
    expect(viaDirectory.get('b')).toEqual(group('b'));
    viaDirectory.close();
    // The log changed since the directory was written (a build killed between the two): it is scanned.
    await utimes(logFile(), new Date(mtime.getTime() + 5000), new Date(mtime.getTime() + 5000));
    const scanned = await GroupCache.open(directory);
    expect(scanned.get('a')).toBeUndefined();
    scanned.close();
    // A damaged directory reads as none.
    expect(await run(['c'])).toEqual([]);
    expect(await run(['c'])).toEqual(['c']);
    const sealed = await readFile(path.join(directory, DIRECTORY_FILE), 'utf8');
    await writeFile(path.join(directory, DIRECTORY_FILE), sealed.replace('"c"', '"d"'));
    expect(await run(['c', 'd'])).toEqual(['c']);
  });

  it('reads texts and HTML from the log it opened, even after this run rewrote the log, and never after close', async () => {
    const withText = (name: string) => ({ incident: { id: name, slug: name, summary: { en: `${name} summary` }, updates: [] }, diagnostics: [], ids: [], html: [[`${name} md`, `<p>${name}</p>`]] }) as unknown as ProcessedGroup;
    const first = await GroupCache.open(directory);
    for (const key of ['a', 'b', 'c', 'd']) first.set(key, withText(key));
    await first.save();
    const cache = await GroupCache.open(directory);
    const a = cache.entry('a')!;
    cache.set('e', withText('e'));
    const before = (await readFile(logFile())).length;
    await cache.save(); // 5 records, 3 of them unused: the log is rewritten with a and e only
    expect((await readFile(logFile())).length).toBeLessThan(before);
    expect(a.result.incident!.summary).toEqual({ en: 'a summary' });
    expect(a.html()).toEqual([['a md', '<p>a</p>']]);
    const b = cache.entry('b')!; // still readable from the log as it was opened
    cache.close();
    expect(() => b.result.incident!.summary).toThrow(/closed/u);
    const reopened = await GroupCache.open(directory);
    expect(reopened.get('b')).toBeUndefined();
    expect(reopened.get('e')).toEqual(withText('e'));
    reopened.close();
  });

  it('decodes a group without its HTML, which comes only when asked for and exactly as stored', async () => {
    await run(['a']);
    const cache = await GroupCache.open(directory);
    const entry = cache.entry('a');
    expect(entry).toBeDefined();
    expect(entry!.result).toEqual({ diagnostics: [], ids: [] });
    expect('html' in entry!.result).toBe(false);
    expect(entry!.html()).toEqual(group('a').html);
    expect(cache.entry('b')).toBeUndefined();
  });

  it('gives back exactly what was stored, and nothing for keys it never saw', async () => {
    expect(await run(['a', 'b', 'c'])).toEqual([]);
    expect(await run(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c']);
    expect(await run(['d', 'e'])).toEqual(['d']);
  });

  it('appends a few new records instead of rewriting the file, and leaves it alone when nothing is new', async () => {
    await run(['a', 'b', 'c', 'd']);
    const before = await readFile(logFile());
    await run(['a', 'b', 'c', 'd', 'e']);
    const after = await readFile(logFile());
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const time = (await stat(logFile())).mtimeMs;
    await run(['a', 'b', 'c', 'd', 'e']);
    expect((await stat(logFile())).mtimeMs).toBe(time);
  });

  it('drops records no longer used once they make up over half of the file', async () => {
    await run(['a', 'b', 'c', 'd']);
    const full = (await readFile(logFile())).length;
    await run(['x']); // 4 unused + 1 new > 2 × 1 used: rewritten with x only
    const compacted = await readFile(logFile());
    expect(compacted.length).toBeLessThan(full / 2);
    expect(await run(['a', 'x'])).toEqual(['x']);
  });

  it('ignores a record cut short by a killed build, and never appends after it', async () => {
    await run(['a', 'b', 'c']);
    const whole = (await readFile(logFile())).length;
    await run(['a', 'b', 'c', 'd']);
    await truncate(logFile(), whole + 20); // d's record cut in the middle
    expect(await run(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c']);
    // The damaged tail was rewritten, not appended to: every record reads back whole.
    expect(await run(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats a foreign or garbled file as empty', async () => {
    await run(['a']);
    await appendFile(logFile(), Buffer.from([1, 2, 3]));
    expect(await run(['a'])).toEqual(['a']);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(logFile(), 'not a cache');
    expect(await run(['a'])).toEqual([]);
    expect(await run(['a'])).toEqual(['a']);
  });
});
