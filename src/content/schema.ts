import { z } from 'zod';
import { LANGUAGES } from '../model.js';

/**
 * The shape of records as writers type them. Values stay close to the source (times are strings,
 * localized text is a string or a map); the model stage turns them into exact instants and
 * per-language text. The same schemas generate the editor JSON Schema, so checks that need the
 * site's configuration (times, statuses, services) live in the model stage, not here.
 */

// Kept for importers written before the languages moved to model.ts; new code imports them from there.
export { LANGUAGES, type Language } from '../model.js';

/** Keys whose values are times. */
export const TIME_KEYS = new Set(['start', 'end', 'published', 'at', 'next_update', 'source_modified']);

/** Incident ids: a letter or digit, then letters, digits, `_` and `-`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Longest id accepted. */
export const MAX_ID_LENGTH = 64;
/** Most updates one incident may have. */
export const MAX_UPDATES = 2000;

const languageMap = z
  .strictObject({
    ja: z.string().optional().describe('Japanese text'),
    en: z.string().optional().describe('English text'),
    translated_from: z.string().optional().describe('written by imports: hashes of the official text a translation was made from and of the translation (docs/format.md#localized-text)'),
  })
  .describe('text per language');

/** Localized text: a plain string (in the record's source language, or the Markdown file's language) or a map by language. */
export const localizedSchema = z.union([z.string(), languageMap]).describe('text: a string, or a map {ja: …, en: …}');
const time = z
  .string()
  .describe('a time with a zone: "2021-11-25 21:33 JST", "2021-11-25T12:33:00Z" or the official notice style');

/** One entry of an incident's status timeline. */
export const updateSchema = z.strictObject({
  at: time.describe('when the update was posted (required)'),
  status: z.string().describe('status key, e.g. investigating or service-restored'),
  title: localizedSchema.optional().describe('headline of this update'),
  impact: localizedSchema.optional().describe('User impact'),
  more_info: localizedSchema.optional().describe('More info'),
  current_status: localizedSchema.optional().describe('Current status'),
  final_status: localizedSchema.optional().describe('Final status'),
  scope: localizedSchema.optional().describe('Scope of impact'),
  start: time.optional().describe('Start time as stated in this update'),
  end: time.optional().describe('End time as stated in this update'),
  root_cause: localizedSchema.optional().describe('Root cause'),
  next_steps: localizedSchema.optional().describe('Next steps'),
  next_update: time.optional().describe('Next update by'),
  body: localizedSchema.optional().describe('free Markdown'),
});

const linkSchema = z.strictObject({
  title: localizedSchema.describe('link text'),
  url: z.string().describe('an http(s) URL'),
});

const recordShape = {
  id: z.string().optional().describe('incident id; defaults to the file name'),
  service: z.string().optional().describe('a key of content/services.yaml'),
  classification: z.enum(['incident', 'advisory']).optional().describe('incident (default) or advisory'),
  source_lang: z.enum(LANGUAGES).optional().describe('language of the official text'),
  lang: z.enum(LANGUAGES).optional().describe('language of this Markdown file (when not in its name)'),
  title: localizedSchema.optional(),
  impact: localizedSchema.optional().describe('user impact'),
  start: time.optional(),
  end: time.optional().describe('absent while the incident is ongoing'),
  status: z.string().optional().describe("current status; defaults to the newest update's"),
  source_modified: time.optional().describe("written by imports: when the source last changed the incident; an older snapshot changes nothing"),
  published: time.optional().describe("article date; defaults to the first update's time"),
  author: z.string().optional(),
  tags: z.array(z.string()).optional(),
  links: z.array(linkSchema).optional(),
  draft: z.boolean().optional().describe('drafts are left out of builds unless asked for'),
  summary: localizedSchema.optional().describe("the writer's own article text (Markdown)"),
  root_cause: localizedSchema.optional(),
  next_steps: localizedSchema.optional(),
  updates: z.array(updateSchema).optional(),
};

/** Front matter of a Markdown record: every key optional, since keys may stand in another language's file. */
export const frontMatterSchema = z.strictObject(recordShape);

/** A YAML record: service, start and updates are required. */
const { lang: _markdownOnly, ...yamlShape } = recordShape;
export const yamlRecordSchema = z.strictObject({
  ...yamlShape,
  service: recordShape.service.unwrap(),
  start: time,
  updates: z.array(updateSchema).min(1),
});

export type RawUpdate = z.infer<typeof updateSchema>;
export type RawRecord = z.infer<typeof frontMatterSchema>;
export type RawLocalized = z.infer<typeof localizedSchema>;

/** content/site.yaml */
export const siteConfigSchema = z.strictObject({
  title: localizedSchema.describe('site title'),
  description: localizedSchema.optional(),
  base_url: z.string().describe('absolute URL the site is published at, e.g. https://example.github.io/status/'),
  languages: z.array(z.enum(LANGUAGES)).min(1).optional().describe('languages to build (default [ja, en])'),
  default_language: z.enum(LANGUAGES).optional().describe('language of x-default and of Markdown files without one (default ja)'),
  source_language: z.enum(LANGUAGES).optional().describe('default source_lang of records (default en)'),
  zones: z
    .union([
      z.strictObject({ primary: z.string(), secondary: z.string() }),
      z.strictObject({
        ja: z.strictObject({ primary: z.string(), secondary: z.string() }).optional(),
        en: z.strictObject({ primary: z.string(), secondary: z.string() }).optional(),
      }),
    ])
    .optional()
    .describe('display zones (IANA names), for all languages or per language'),
  page_size: z.number().int().min(1).max(1000).optional().describe('incidents per index page (default 20)'),
  feed_size: z.number().int().min(0).max(100000).optional().describe('newest incidents per feed (default 50; 0 = all)'),
  search: z.boolean().optional().describe('build the full-text search index and search pages (default true)'),
});

export type RawSiteConfig = z.infer<typeof siteConfigSchema>;

/** content/services.yaml: service key → names. */
export const servicesSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  z.strictObject({ ja: z.string().optional(), en: z.string() }),
);
