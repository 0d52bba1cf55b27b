/**
 * JSON Schemas (draft 2020-12) for editors, generated from the zod schemas the loader validates with,
 * so that completion and red squiggles in the editor agree with `kokuchi check`. The files are
 * committed under schema/ and regenerated with `kokuchi schema`; a test fails when they drift.
 *
 * The JSON Schema covers the shape of a record (keys, types, required keys). Checks that need the
 * site's configuration or the time grammar (services, statuses, times, translations) stay with
 * `kokuchi check`; the schema only offers the status keys as completion examples.
 */
import { z } from 'zod';
import { frontMatterSchema, ID_PATTERN, MAX_ID_LENGTH, yamlRecordSchema } from './content/schema.js';
import { STATUS_KEYS } from './statuses.js';

/** Folder of the committed schema files, relative to the project root. */
export const SCHEMA_DIRECTORY = 'schema';

/** File name of the schema for YAML records. */
export const INCIDENT_SCHEMA_FILE = 'incident.schema.json';

/** File name of the schema for the front matter of Markdown records. */
export const FRONT_MATTER_SCHEMA_FILE = 'front-matter.schema.json';

/** One generated schema file. */
export interface EditorSchemaFile {
  /** File name under schema/. */
  file: string;
  /** The JSON Schema. */
  schema: Record<string, unknown>;
}

type JsonObject = Record<string, unknown>;

/** Generates both editor schemas. Pure and deterministic: the same zod schemas give the same output. */
export function buildEditorSchemas(): EditorSchemaFile[] {
  return [
    {
      file: INCIDENT_SCHEMA_FILE,
      schema: finish(z.toJSONSchema(yamlRecordSchema, { io: 'input' }) as JsonObject, {
        $id: 'urn:kokuchi:schema:incident',
        title: 'kokuchi incident record (YAML)',
        description:
          'One incident in one YAML file under content/incidents/ (all languages in one file). Generated from src/content/schema.ts by `kokuchi schema`; `kokuchi check` also validates times, services, statuses and translations. See docs/format.md.',
      }),
    },
    {
      file: FRONT_MATTER_SCHEMA_FILE,
      schema: finish(z.toJSONSchema(frontMatterSchema, { io: 'input' }) as JsonObject, {
        $id: 'urn:kokuchi:schema:front-matter',
        title: 'kokuchi incident record (Markdown front matter)',
        description:
          'The front matter of a Markdown record, content/incidents/**/<ID>.<lang>.md. Every key is optional because keys may stand in another language\'s file. Generated from src/content/schema.ts by `kokuchi schema`. See docs/format.md.',
      }),
    },
  ];
}

/** The text of a schema file: two-space JSON with a final newline. */
export function renderEditorSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Puts `$schema`, `$id`, title and description first, then adds the annotations zod cannot express. */
function finish(generated: JsonObject, header: { $id: string; title: string; description: string }): JsonObject {
  const { $schema, ...rest } = generated;
  const schema: JsonObject = { $schema, ...header, ...rest };
  const properties = schema.properties as Record<string, JsonObject>;
  // The loader checks ids with ID_PATTERN and MAX_ID_LENGTH in the model stage (checkId); the editor can check them as you type.
  if (properties.id) Object.assign(properties.id, { pattern: ID_PATTERN.source, maxLength: MAX_ID_LENGTH });
  if (properties.service && !properties.service.description) properties.service.description = 'a key of content/services.yaml';
  if (properties.title && !properties.title.description) properties.title.description = 'headline of the incident: a string, or a map {ja: …, en: …}';
  // Statuses also accept camelCase and labels in either language, so the keys are examples (completion), not an enum.
  addStatusExamples(properties.status);
  const updates = properties.updates as JsonObject | undefined;
  const updateProperties = (updates?.items as JsonObject | undefined)?.properties as Record<string, JsonObject> | undefined;
  addStatusExamples(updateProperties?.status);
  return schema;
}

function addStatusExamples(property: JsonObject | undefined): void {
  if (property) property.examples = [...STATUS_KEYS];
}
