import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { createSkeleton } from '../../src/commands/new.js';
import { buildEditorSchemas, FRONT_MATTER_SCHEMA_FILE, INCIDENT_SCHEMA_FILE, renderEditorSchema } from '../../src/editor-schema.js';
import type { SiteConfig } from '../../src/model.js';
import { loadFixture } from '../helpers/fixture.js';
import { SAMPLE_CONTENT } from '../helpers/build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function committed(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(REPO, 'schema', file), 'utf8')) as Record<string, unknown>;
}

async function validator(file: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(await committed(file));
}

async function sampleRecords(extension: string): Promise<string[]> {
  const directory = path.join(SAMPLE_CONTENT, 'incidents');
  const entries = await readdir(directory, { recursive: true });
  return entries.filter((entry) => entry.endsWith(extension)).map((entry) => path.join(directory, entry)).sort();
}

describe('editor schemas', () => {
  it('match the committed files byte for byte (run "kokuchi schema" after changing src/content/schema.ts)', async () => {
    const generated = buildEditorSchemas();
    expect(generated.map((item) => item.file)).toEqual([INCIDENT_SCHEMA_FILE, FRONT_MATTER_SCHEMA_FILE]);
    for (const { file, schema } of generated) {
      expect(renderEditorSchema(schema), file).toBe(await readFile(path.join(REPO, 'schema', file), 'utf8'));
    }
  });

  it('come out the same on every run', () => {
    expect(buildEditorSchemas().map((item) => renderEditorSchema(item.schema))).toEqual(buildEditorSchemas().map((item) => renderEditorSchema(item.schema)));
  });

  it('are draft 2020-12 with an id, a title and the status keys as completions', async () => {
    const schema = await committed(INCIDENT_SCHEMA_FILE);
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:kokuchi:schema:incident', additionalProperties: false });
    expect(schema.required).toEqual(['service', 'start', 'updates']);
    const properties = schema.properties as Record<string, { examples?: string[] }>;
    expect(properties.status!.examples).toContain('service-restored');
  });

  it('accept every sample YAML record', async () => {
    const validate = await validator(INCIDENT_SCHEMA_FILE);
    const files = await sampleRecords('.yaml');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const valid = validate(parse(await readFile(file, 'utf8')));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('accept the front matter of every sample Markdown record', async () => {
    const validate = await validator(FRONT_MATTER_SCHEMA_FILE);
    const files = await sampleRecords('.md');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const frontMatter = /^---\n([\s\S]*?)\n---/u.exec(await readFile(file, 'utf8'))![1]!;
      validate(parse(frontMatter));
      expect(validate.errors ?? [], file).toEqual([]);
    }
  });

  it('accept the skeleton that kokuchi new writes', async () => {
    const config: SiteConfig = {
      title: { en: 'Test' },
      description: {},
      baseUrl: 'https://example.com/',
      languages: ['ja', 'en'],
      defaultLanguage: 'ja',
      sourceLanguage: 'en',
      zones: { ja: { primary: 'Asia/Tokyo', secondary: 'UTC' }, en: { primary: 'Asia/Tokyo', secondary: 'UTC' } },
      pageSize: 20,
      feedSize: 50,
      search: true,
    };
    const [file] = createSkeleton({ id: 'EX1', service: 'exchange-online', classification: 'incident', status: 'investigating', format: 'yaml', lang: 'en', now: 0, config });
    const validate = await validator(INCIDENT_SCHEMA_FILE);
    validate(parse(file!.text));
    expect(validate.errors ?? []).toEqual([]);
  });

  it.each([
    ['an unknown key', 'servce: exchange-online\nservice: exchange-online\nstart: 2021-11-25 21:33 JST\nupdates: [{at: 2021-11-25 22:00 JST, status: investigating, body: x}]\n'],
    ['no updates', 'service: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: x\n'],
    ['an empty updates list', 'service: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: x\nupdates: []\n'],
    ['a language the site does not write', 'service: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: {fr: x}\nupdates: [{at: 2021-11-25 22:00 JST, status: investigating, body: x}]\n'],
    ['an update without a status', 'service: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: x\nupdates: [{at: 2021-11-25 22:00 JST, body: x}]\n'],
    ['a bad id', 'id: ../x\nservice: exchange-online\nstart: 2021-11-25 21:33 JST\ntitle: x\nupdates: [{at: 2021-11-25 22:00 JST, status: investigating, body: x}]\n'],
  ])('reject a record with %s, as the loader does', async (_, text) => {
    const validate = await validator(INCIDENT_SCHEMA_FILE);
    expect(validate(parse(text))).toBe(false);
    expect(loadFixture({ 'incidents/2021/x.yaml': text }).diagnostics.some((item) => item.severity === 'error')).toBe(true);
  });
});

function captureEnvironment(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd,
    env: {},
  };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('kokuchi schema', () => {
  it('finds the committed files up to date', async () => {
    const run = captureEnvironment(REPO);
    expect(await main(['schema', '--check'], run.environment)).toBe(0);
    expect(run.stdout()).toContain('schema/incident.schema.json is up to date');
  });

  it('writes the files, then --check fails once one of them drifts', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-schema-'));
    temporary.push(cwd);
    expect(await main(['schema', '--check'], captureEnvironment(cwd).environment)).toBe(1);
    const write = captureEnvironment(cwd);
    expect(await main(['schema'], write.environment)).toBe(0);
    expect(write.stdout()).toBe('wrote schema/incident.schema.json\nwrote schema/front-matter.schema.json\n');
    expect(await main(['schema', '--check'], captureEnvironment(cwd).environment)).toBe(0);
    await writeFile(path.join(cwd, 'schema', FRONT_MATTER_SCHEMA_FILE), '{}\n');
    const check = captureEnvironment(cwd);
    expect(await main(['schema', '--check'], check.environment)).toBe(1);
    expect(check.stderr()).toContain('schema/front-matter.schema.json differs from src/content/schema.ts');
    expect(await readFile(path.join(cwd, 'schema', FRONT_MATTER_SCHEMA_FILE), 'utf8')).toBe('{}\n');
  });
});
