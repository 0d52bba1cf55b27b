import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentState } from '../../src/dev/content-state.js';
import { BuildMemory } from '../../src/incremental/memory.js';
import { RecentGroups } from '../../src/incremental/recent-groups.js';
import { loadSite, type LoadedSite } from '../../src/load/load-site.js';
import { incidentMarkdown } from '../../src/load/process-group.js';
import { copySampleSite, REPO_ROOT } from '../helpers/build.js';

const RECORD = 'content/incidents/2021/EX300267.yaml';
const MARKDOWN = 'content/incidents/2022/TM300512.ja.md';

/** What a load gives, comparable with toEqual: the model, every diagnostic, the keys, the HTML of every fragment. */
function outcome(loaded: LoadedSite) {
  const html = (loaded.model?.incidents ?? []).flatMap((incident) => {
    loaded.fragments.prepare(incident);
    return [...incidentMarkdown(incident)].map((markdown) => [markdown, loaded.fragments.get(markdown)]);
  });
  return { model: loaded.model, diagnostics: loaded.diagnostics, configurationError: loaded.configurationError, groupKeys: loaded.groupKeys, incidentKeys: loaded.incidentKeys, html };
}

describe("the dev server's loads", () => {
  let site: { cwd: string; remove(): Promise<void> };
  let contentDir: string;
  const memory = BuildMemory.inMemory(false);
  const at = (file: string) => path.join(site.cwd, file);

  /** A session load told `changed` (as the watcher names them), checked against a fresh load of the folder. */
  async function sessionLoad(changed: string[]): Promise<LoadedSite> {
    const session = await loadSite({ cwd: site.cwd, contentDir, memory, changed: changed.map(at) });
    session.close();
    const fresh = await loadSite({ cwd: site.cwd, contentDir, memory: BuildMemory.none() });
    expect(outcome(session)).toEqual(outcome(fresh));
    return session;
  }

  beforeAll(async () => {
    site = await copySampleSite();
    contentDir = at('content');
    const first = await loadSite({ cwd: site.cwd, contentDir, memory });
    first.close();
    expect(first.model?.incidents.length).toBe(3);
  });

  afterAll(() => site?.remove());

  it('read only the files the watcher names and process only their groups, and give what a fresh load gives', async () => {
    const original = await readFile(at(RECORD), 'utf8');
    await writeFile(at(RECORD), original.replace(/^ {2}ja: 複数のオンプレミス IP がブロック対象となり.*$/mu, '  ja: 編集後のタイトル'));
    const edited = await sessionLoad([RECORD]);
    expect(edited.model!.incidents.find((incident) => incident.slug === 'ex300267')!.title.ja).toBe('編集後のタイトル');
    expect(edited.recordsRead).toBe(1);
    expect(edited.cacheHits).toBe(2);

    // Undoing the edit finds the group as it was, in memory.
    await writeFile(at(RECORD), original);
    const undone = await sessionLoad([RECORD]);
    expect(undone.cacheHits).toBe(3);
  });

  it('follow a broken record, a Markdown pair, a new record, a symbolic link and deletions', async () => {
    const original = await readFile(at(RECORD), 'utf8');
    await writeFile(at(RECORD), original.replace(/^status: service-restored$/mu, 'status: servce-restored'));
    const broken = await sessionLoad([RECORD]);
    expect(broken.model).toBeUndefined();
    expect(broken.diagnostics.map((item) => item.rule)).toContain('unknown-status');
    await writeFile(at(RECORD), original);
    await sessionLoad([RECORD]);

    await writeFile(at(MARKDOWN), (await readFile(at(MARKDOWN), 'utf8')).replace(/\n$/u, '\n\n追記した段落。\n'));
    await sessionLoad([MARKDOWN]);

    const added = 'content/incidents/2021/EX300999.yaml';
    await writeFile(at(added), original.replace(/^id: EX300267$/mu, 'id: EX300999'));
    const withNew = await sessionLoad([added]);
    expect(withNew.model!.incidents.map((incident) => incident.slug)).toContain('ex300999');

    const link = 'content/incidents/2021/LINK.yaml';
    await symlink(at(added), at(link));
    const linked = await sessionLoad([link]);
    expect(linked.diagnostics.some((item) => item.rule === 'symlink' && item.file === link)).toBe(true);

    await rm(at(link));
    await rm(at(added));
    const removed = await sessionLoad([link, added]);
    expect(removed.model!.incidents.map((incident) => incident.slug)).not.toContain('ex300999');
    expect(removed.diagnostics.some((item) => item.rule === 'symlink')).toBe(false);
  });

  it('read services.yaml again when it is named', async () => {
    const services = 'content/services.yaml';
    const original = await readFile(at(services), 'utf8');
    await rm(at(services));
    const missing = await sessionLoad([services]);
    expect(missing.diagnostics.map((item) => item.rule)).toContain('missing-config');
    await writeFile(at(services), original);
    const back = await sessionLoad([services]);
    expect(back.model?.incidents.length).toBe(3);
  });
});

describe("the dev server's loads after any sequence of edits", () => {
  let site: { cwd: string; remove(): Promise<void> };
  const at = (file: string) => path.join(site.cwd, file);

  beforeAll(async () => {
    site = await copySampleSite();
  });
  afterAll(() => site?.remove());

  it('join the changed groups into what a fresh load gives, and hand on exactly the incidents that changed', async () => {
    const contentDir = at('content');
    const template = await readFile(at(RECORD), 'utf8');
    const markdown = await readFile(at(MARKDOWN), 'utf8');
    // A few groups in one folder, written in many ways: ids their own or another's (duplicates, across
    // groups and within one), starts that reorder the model, broken records, drafts, a symbolic link, deletions.
    const folder = 'content/incidents/2030';
    const names = ['R1', 'R2', 'R3', 'R4', 'R5', 'r2'];
    const variants = (name: string, random: () => number): string | undefined => {
      // r2.yaml is in R2.yaml's group: while both are there, the id is written twice.
      if (name === 'r2' && random() < 0.6) return undefined;
      const id = random() < 0.1 ? pick(['R1', 'R2', 'R3', 'TM300512'], random) : name;
      const start = `2030-0${1 + Math.floor(random() * 3)}-1${Math.floor(random() * 9)} 10:00 JST`;
      const text = template
        .replace(/^id: EX300267$/mu, `id: ${id}`)
        .replace(/^start: .*$/mu, `start: ${start}`)
        .replace(/^end: .*$/mu, '')
        .replace(/^published: .*$/mu, '');
      switch (Math.floor(random() * 12)) {
        case 0:
          return undefined;
        case 1:
          return text.replace(/^status: service-restored$/mu, 'status: servce-restored');
        case 2:
          return text.replace(/^draft: false$/mu, 'draft: true');
        case 3:
          return `${text}\n: [unclosed\n`;
        default:
          return text.replace(/^ {2}en: Blocks on several .*$/mu, `  en: Edited ${Math.floor(random() * 1000)}`);
      }
    };
    const random = seeded(14);
    const memory = BuildMemory.inMemory(false);
    const first = await loadSite({ cwd: site.cwd, contentDir, memory });
    first.close();
    const state = await ContentState.load({ cwd: site.cwd, contentDir, drafts: false, cacheDir: false });
    let handedOn = new Map(first.model!.incidents.filter((incident) => !incident.draft).map((incident) => [incident.slug, first.incidentKeys.get(incident.slug)!]));
    expect(state.takeChange()!.changed.map((incident) => incident.slug)).toEqual([...handedOn.keys()]);
    await mkdir(at(folder), { recursive: true });
    let partial = 0;
    for (let step = 0; step < 60; step += 1) {
      const changed: string[] = [];
      for (let count = 1 + Math.floor(random() * 3); count > 0; count -= 1) {
        const roll = random();
        let file: string;
        if (roll < 0.1) {
          file = `${folder}/LINK.yaml`;
          await rm(at(file), { force: true });
          if (random() < 0.5) await symlink(at(RECORD), at(file));
        } else if (roll < 0.2) {
          file = MARKDOWN;
          await writeFile(at(file), random() < 0.5 ? markdown : markdown.replace(/\n$/u, `\n\n追記 ${step}。\n`));
        } else {
          const name = pick(names, random);
          file = `${folder}/${name}.yaml`;
          const text = variants(name, random);
          if (text === undefined) await rm(at(file), { force: true });
          else await writeFile(at(file), text);
        }
        changed.push(at(file));
      }
      const session = await loadSite({ cwd: site.cwd, contentDir, memory, changed });
      session.close();
      if (session.touched) partial += 1;
      const fresh = await loadSite({ cwd: site.cwd, contentDir, memory: BuildMemory.none() });
      expect(outcome(session), `step ${step}`).toEqual(outcome(fresh));

      await state.reload(changed);
      const change = state.takeChange();
      expect(Boolean(change), `step ${step}`).toBe(Boolean(fresh.model));
      if (!change || !fresh.model) continue;
      const published = fresh.model.incidents.filter((incident) => !incident.draft);
      const expected = new Map(published.map((incident) => [incident.slug, fresh.incidentKeys.get(incident.slug)!]));
      // Exactly the incidents whose group changed since they were handed on, in the model's order.
      expect(change.changed.map((incident) => incident.slug), `step ${step}`).toEqual(published.filter((incident) => handedOn.get(incident.slug) !== expected.get(incident.slug)).map((incident) => incident.slug));
      expect(new Set(change.removed), `step ${step}`).toEqual(new Set([...handedOn.keys()].filter((slug) => !expected.has(slug))));
      handedOn = expected;
    }
    expect(partial).toBe(60);
  });
});

describe("the session's memory of groups", () => {
  const group = (id: string) => ({ diagnostics: [], ids: [{ id, file: `${id}.yaml`, line: 1, column: 1 }], html: [] });

  it('keeps every group of the site through loads of part of it, and only `limit` replaced ones besides', async () => {
    const recent = new RecentGroups(undefined, 1);
    for (const key of ['a', 'b', 'c']) recent.set(key, group(key));
    await recent.save();
    // Two edits: a → a2, then b → b2; a and b are no longer the site's, and one of them may stay.
    recent.replacing(['a']);
    recent.set('a2', group('a2'));
    await recent.save();
    recent.replacing(['b']);
    recent.set('b2', group('b2'));
    await recent.save();
    expect(['c', 'a2', 'b2', 'b', 'a'].map((key) => recent.entry(key) !== undefined)).toEqual([true, true, true, true, false]);
  });
});

/** A deterministic stream of numbers in [0, 1) (mulberry32), so that a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

describe('the dev server', () => {
  // The dev server loads through loadSite (src/load/load-site.ts) like `kokuchi build` and `kokuchi
  // check`: reading, checking and joining content, or processing groups, has no second home in src/dev/.
  const LOADER_STEPS = ['readContent', 'loadContent', 'buildSiteModel', 'loadConfiguration', 'groupRecordFiles', 'loadIncidentGroup', 'finishSiteModel', 'loadGroups', 'processGroups', 'processGroup'];

  it('calls no step of the loader itself, only loadSite', async () => {
    const folder = path.join(REPO_ROOT, 'src', 'dev');
    const files = (await readdir(folder)).filter((name) => name.endsWith('.ts'));
    expect(files).toContain('content-state.ts');
    const imported = new Map<string, string[]>();
    for (const name of files) {
      const source = await readFile(path.join(folder, name), 'utf8');
      for (const match of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from/gu)) {
        for (const entry of match[1]!.split(',')) {
          const imported_name = entry.trim().replace(/^type\s+/u, '').split(/\s+as\s+/u)[0]!;
          if (LOADER_STEPS.includes(imported_name)) imported.set(name, [...(imported.get(name) ?? []), imported_name]);
        }
      }
    }
    expect(Object.fromEntries(imported)).toEqual({});
    expect(await readFile(path.join(folder, 'content-state.ts'), 'utf8')).toContain('loadSite(');
  });
});
