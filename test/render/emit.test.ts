import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticCollector } from '../../src/diagnostics.js';
import { OutputReuse } from '../../src/incremental/output-reuse.js';
import { PreviousOutput } from '../../src/incremental/previous-output.js';
import type { SiteModel } from '../../src/model.js';
import { ChunkedFile, fileText, ReusedFile, type SiteFiles } from '../../src/output/files.js';
import type { Input, RenderContext } from '../../src/render/context.js';
import { renderSite } from '../../src/render/site.js';
import { readTemplateFiles, type TemplateFiles } from '../../src/render/templates.js';
import { TEMPLATES } from '../helpers/build.js';
import { loadFixture, YAML_RECORD } from '../helpers/fixture.js';

let root: string;
let templateFiles: TemplateFiles;
let model: SiteModel;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-emit-'));
  templateFiles = await readTemplateFiles(TEMPLATES);
  const loaded = loadFixture({ 'content/incidents/EX1.yaml': YAML_RECORD.join('\n') });
  expect(loaded.model).toBeDefined();
  model = loaded.model!;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A stage emitting one file, one page and one pieced file, counting what it was asked to make. */
function countingStage(inputs: () => Input[], made: string[], pieceText = (input: Input) => String(input)) {
  return function countingStage(context: RenderContext): void {
    context.emit('plain.txt', { keyedBy: inputs(), produce: () => (made.push('plain'), `plain ${inputs().join(',')}`) });
    context.emit('page.html', {
      template: 'not-found',
      lang: 'ja',
      keyedBy: inputs(),
      produce: () => {
        made.push('page');
        return { view: { heading: 'h', sections: [] }, page: context.pageView({ file: 'page.html', lang: 'ja', title: 't', description: 'd', versions: {} }, 'ja') };
      },
    });
    const list = context.emitPieces('list.json', { keyedBy: ['list', ...inputs()], separator: Buffer.from(',') });
    for (const input of inputs()) list.add([input], () => (made.push(`piece ${String(input)}`), Buffer.from(JSON.stringify(pieceText(input)))));
    list.close(() => ({ opening: Buffer.from('['), closing: Buffer.from(']') }));
  };
}

/** Renders with reuse of `outDir`'s previous files, writes what was made, and records the manifest. */
async function renderInto(outDir: string, inputs: Input[], pieceText?: (input: Input) => string): Promise<{ made: string[]; files: SiteFiles }> {
  const cacheDir = path.join(root, 'cache');
  const previous = await PreviousOutput.open(cacheDir, outDir);
  const made: string[] = [];
  const rendered = await renderSite(model, templateFiles, { templatesRoot: 'templates', diagnostics: new DiagnosticCollector(), reuse: OutputReuse.of(previous, 'site', new Map()) }, [countingStage(() => inputs, made, pieceText)]);
  expect(rendered).toBeDefined();
  const written = new Map<string, { size: number; mtimeMs: number }>();
  for (const [file, content] of rendered!.files) {
    // As the writer does: a kept file stays where it is, untouched, and keeps its manifest entry.
    if (content instanceof ReusedFile) continue;
    const target = path.join(outDir, file);
    const text = fileText(content);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
    const info = await stat(target);
    written.set(file, { size: info.size, mtimeMs: info.mtimeMs });
  }
  await previous.save(written);
  return { made, files: rendered!.files };
}

describe('emit', () => {
  it('makes a file only when what it is made from changed, and copies the pieces that did not', async () => {
    const outDir = path.join(root, 'dist');
    const first = await renderInto(outDir, ['a', 'b']);
    expect(first.made).toEqual(['plain', 'page', 'piece a', 'piece b']);
    expect(fileText(first.files.get('list.json')!)).toBe('["a","b"]');

    const same = await renderInto(outDir, ['a', 'b']);
    expect(same.made).toEqual([]);
    expect(fileText(same.files.get('plain.txt')!)).toBe('plain a,b');

    const changed = await renderInto(outDir, ['a', 'c']);
    expect(changed.made).toEqual(['plain', 'page', 'piece c']);
    expect(fileText(changed.files.get('list.json')!)).toBe('["a","c"]');
    expect(fileText(changed.files.get('plain.txt')!)).toBe('plain a,c');
  });

  it('leaves the manifest as it was when nothing changed, and records it again when something did', async () => {
    const outDir = path.join(root, 'dist-manifest');
    await renderInto(outDir, ['a', 'b']);
    const names = async () => (await readdir(path.join(root, 'cache'))).filter((file) => file.startsWith('output-')).sort();
    const before = await names();
    const files = await Promise.all(before.map(async (name) => [name, await stat(path.join(root, 'cache', name))] as const));
    expect((await renderInto(outDir, ['a', 'b'])).made).toEqual([]);
    for (const [name, info] of files) {
      const now = await stat(path.join(root, 'cache', name));
      expect([name, now.ino, now.mtimeMs]).toEqual([name, info.ino, info.mtimeMs]);
    }
    expect((await renderInto(outDir, ['a', 'c'])).made).toEqual(['plain', 'page', 'piece c']);
    const changed = await Promise.all(before.map(async (name) => (await stat(path.join(root, 'cache', name))).mtimeMs));
    expect(changed).not.toEqual(files.map(([, info]) => info.mtimeMs));
    // What was recorded is what the next build keeps.
    expect((await renderInto(outDir, ['a', 'c'])).made).toEqual([]);
  });

  it('hands unchanged pieces in a row of a large list on as views of the previous file, exactly', async () => {
    const outDir = path.join(root, 'dist-large');
    const text = (input: Input) => `${String(input)}:${'x'.repeat(2000)}`;
    const names = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `p${index + from}`);
    const expected = (inputs: string[]) => `[${inputs.map((input) => JSON.stringify(text(input))).join(',')}]`;
    await renderInto(outDir, names(400), text);
    // One new piece in the middle, one at the start, one gone at the end.
    const inputs = ['new0', ...names(200), 'new1', ...names(199, 200)];
    const changed = await renderInto(outDir, inputs, text);
    expect(changed.made.filter((item) => item.startsWith('piece'))).toEqual(['piece new0', 'piece new1']);
    const list = changed.files.get('list.json')!;
    expect(list).toBeInstanceOf(ChunkedFile);
    expect(fileText(list)).toBe(expected(inputs));
    // The two runs of unchanged pieces (about 400 KB each) are not copied: they are views of one buffer that may move.
    const chunks = (list as ChunkedFile).chunks;
    expect(chunks.filter((chunk) => chunk.byteLength >= 1 << 18).length).toBe(2);
    expect((list as ChunkedFile).movable.length).toBe(1);
    expect(chunks.filter((chunk) => chunk.buffer === (list as ChunkedFile).movable[0]).length).toBe(2);
    // Recorded right: the next build copies every piece and gives the same bytes.
    const again = await renderInto(outDir, [...inputs.slice(1), 'new2'], text);
    expect(again.made.filter((item) => item.startsWith('piece'))).toEqual(['piece new2']);
    expect(fileText(again.files.get('list.json')!)).toBe(expected([...inputs.slice(1), 'new2']));
  });

  it('makes nothing that is not wanted, and still records the pages', async () => {
    const made: string[] = [];
    const pages: string[] = [];
    await renderSite(model, templateFiles, { templatesRoot: 'templates', diagnostics: new DiagnosticCollector(), wants: () => false }, [
      countingStage(() => ['a'], made),
      (context) => void pages.push(...context.pages.map((page) => page.file)),
    ]);
    expect(made).toEqual([]);
    expect(pages).toEqual(['page.html']);
  });
});
