import { existsSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent, readContent } from '../../src/content/load.js';
import { MAX_FILE_BYTES } from '../../src/content/source.js';
import { diagnostic, editLines, lines, withTempContent, YAML_RECORD, type TempContent } from '../helpers/fixture.js';

const cleanups: TempContent[] = [];
const temp = async (files: Parameters<typeof withTempContent>[0]) => {
  const content = await withTempContent(files);
  cleanups.push(content);
  return content;
};
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((content) => content.remove()));
});

describe('reading the content folder', () => {
  it('shows paths relative to the working directory with / separators', async () => {
    const { cwd, contentDir } = await temp({ 'content/incidents/2021/EX1.yaml': editLines(YAML_RECORD, { 9: '    status: nope' }) });
    const result = await loadContent(contentDir, cwd);
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/2021/EX1.yaml', 9, 13, 'unknown-status', 'unknown status "nope"')]);
  });

  it('reads .yaml, .yml and .md records in path order and nothing else', async () => {
    const { cwd, contentDir } = await temp({
      'content/incidents/b/B.yml': editLines(YAML_RECORD, { 1: 'id: B' }),
      'content/incidents/a/A.yaml': editLines(YAML_RECORD, { 1: 'id: A' }),
      'content/incidents/notes.txt': 'not a record',
      'content/incidents/image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    });
    const snapshot = await readContent(contentDir, cwd);
    expect(snapshot.root).toBe('content');
    expect(snapshot.records.map((record) => record.path)).toEqual(['content/incidents/a/A.yaml', 'content/incidents/b/B.yml']);
    expect(snapshot.site?.path).toBe('content/site.yaml');
    expect(snapshot.services?.path).toBe('content/services.yaml');
  });

  it('ignores files and folders whose names start with _ or .', async () => {
    const { cwd, contentDir } = await temp({
      'content/incidents/EX1.yaml': lines(...YAML_RECORD),
      'content/incidents/_draft.yaml': 'broken: [',
      'content/incidents/.hidden.yaml': 'broken: [',
      'content/incidents/_templates/T.yaml': 'broken: [',
      'content/incidents/.git/X.yaml': 'broken: [',
    });
    const result = await loadContent(contentDir, cwd);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents.map((incident) => incident.id)).toEqual(['EX1']);
  });

  it('does not follow symbolic links and warns about them', async () => {
    const { cwd, contentDir } = await temp({ 'content/incidents/EX1.yaml': lines(...YAML_RECORD), 'elsewhere/EX9.yaml': editLines(YAML_RECORD, { 1: 'id: EX9' }) });
    expect(existsSync(path.join(cwd, 'elsewhere', 'EX9.yaml'))).toBe(true);
    await symlink(path.join(cwd, 'elsewhere', 'EX9.yaml'), path.join(contentDir, 'incidents', 'EX9.yaml'));
    await symlink(path.join(cwd, 'elsewhere'), path.join(contentDir, 'incidents', 'linked'));
    const result = await loadContent(contentDir, cwd);
    expect(result.diagnostics).toEqual([
      diagnostic('content/incidents/EX9.yaml', 1, 1, 'symlink', 'symbolic links are not followed', 'warning'),
      diagnostic('content/incidents/linked', 1, 1, 'symlink', 'symbolic links are not followed', 'warning'),
    ]);
    expect(result.model?.incidents.map((incident) => incident.id)).toEqual(['EX1']);
  });

  it('does not follow a symbolic link for site.yaml', async () => {
    const { cwd, contentDir } = await temp({ 'content/site.yaml': null, 'real-site.yaml': 'title: Test\nbase_url: https://example.com/\n' });
    expect(existsSync(path.join(cwd, 'real-site.yaml'))).toBe(true);
    await symlink(path.join(cwd, 'real-site.yaml'), path.join(contentDir, 'site.yaml'));
    const result = await loadContent(contentDir, cwd);
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics.map((item) => `${item.file} ${item.rule}`)).toEqual(['content/site.yaml missing-config', 'content/site.yaml symlink']);
  });

  it('refuses a file over 4 MiB with its real size, without reading it', async () => {
    const { cwd, contentDir } = await temp({ 'content/incidents/EX1.yaml': lines(...YAML_RECORD) });
    await writeFile(path.join(contentDir, 'incidents', 'BIG.yaml'), new Uint8Array(MAX_FILE_BYTES + 512 * 1024).fill(0x61));
    const snapshot = await readContent(contentDir, cwd);
    expect(snapshot.records.find((record) => record.path.endsWith('BIG.yaml'))?.bytes.length).toBe(0);
    const result = await loadContent(contentDir, cwd);
    expect(result.diagnostics).toEqual([diagnostic('content/incidents/BIG.yaml', 1, 1, 'file-too-large', 'the file is 4.5 MiB, over the limit of 4 MiB')]);
  });

  it('accepts a content folder without incidents', async () => {
    const { cwd, contentDir } = await temp({});
    const result = await loadContent(contentDir, cwd);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.incidents).toEqual([]);
  });

  it('reports a content folder that does not exist as a configuration error', async () => {
    const { cwd } = await temp({});
    const result = await loadContent(path.join(cwd, 'missing'), cwd);
    expect(result.configurationError).toBe(true);
    expect(result.diagnostics).toEqual([diagnostic('missing/site.yaml', 1, 1, 'missing-config', 'missing/site.yaml is missing')]);
  });
});
