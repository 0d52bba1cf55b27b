import { IANAZone } from 'luxon';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { LocalizedText, Service, SiteConfig } from '../model.js';
import type { DisplayZones } from '../time.js';
import { checkBaseUrl } from './base-url.js';
import { LANGUAGES, servicesSchema, siteConfigSchema, type Language, type RawLocalized } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';
import type { SourceText } from './source.js';
import { parseYamlSource } from './yaml-source.js';

const DEFAULT_ZONES: DisplayZones = { primary: 'Asia/Tokyo', secondary: 'UTC' };

/** Reads content/site.yaml into a configuration with defaults, reporting problems; undefined when unusable. */
export function parseSiteConfig(source: SourceText, diagnostics: DiagnosticCollector): SiteConfig | undefined {
  const parsed = parseYamlSource(source.text, source.path, diagnostics);
  if (!parsed) return undefined;
  const result = siteConfigSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    reportSchemaIssues(result.error.issues, { file: source.path, value: parsed.value, locate: parsed.locate, schema: siteConfigSchema, diagnostics });
    return undefined;
  }
  const raw = result.data;
  let ok = true;
  const languages = raw.languages ? [...new Set(raw.languages)] : [...LANGUAGES];
  const defaultLanguage = raw.default_language ?? (languages.includes('ja') ? 'ja' : languages[0]!);
  if (!languages.includes(defaultLanguage)) {
    diagnostics.report(source.path, parsed.locate(['default_language']), 'invalid-value', { kind: 'default-language', value: defaultLanguage, languages });
    ok = false;
  }
  const sourceLanguage = raw.source_language ?? 'en';

  let baseUrl = raw.base_url;
  const checkedUrl = checkBaseUrl(baseUrl);
  if (!checkedUrl.ok && (checkedUrl.problem === 'not-absolute' || checkedUrl.problem === 'scheme')) {
    diagnostics.report(source.path, parsed.locate(['base_url']), 'invalid-value', { kind: 'base-url', value: baseUrl });
    ok = false;
  } else if (!checkedUrl.ok) {
    diagnostics.report(source.path, parsed.locate(['base_url']), 'base-url', { value: baseUrl, problem: checkedUrl.problem });
    ok = false;
  } else {
    baseUrl = checkedUrl.url;
  }

  const zones = {} as Record<Language, DisplayZones>;
  for (const language of LANGUAGES) {
    const configured = raw.zones && 'primary' in raw.zones ? raw.zones : raw.zones && !('primary' in raw.zones) ? raw.zones[language] : undefined;
    zones[language] = configured ?? DEFAULT_ZONES;
    if (configured) {
      for (const which of ['primary', 'secondary'] as const) {
        if (!IANAZone.isValidZone(configured[which])) {
          const path = 'primary' in (raw.zones ?? {}) ? ['zones', which] : ['zones', language, which];
          diagnostics.report(source.path, parsed.locate(path), 'unknown-zone', configured[which]);
          ok = false;
        }
      }
    }
  }
  if (!ok) return undefined;
  return {
    title: localizeConfig(raw.title, defaultLanguage),
    description: raw.description ? localizeConfig(raw.description, defaultLanguage) : {},
    baseUrl,
    languages,
    defaultLanguage,
    sourceLanguage,
    zones,
    pageSize: raw.page_size ?? 20,
    feedSize: raw.feed_size ?? 50,
    search: raw.search ?? true,
  };
}

/** Most services a catalog may list: each gets its own pages and feeds in every language. */
export const MAX_SERVICES = 500;

/** Reads content/services.yaml into the service catalog, reporting problems; undefined when unusable. */
export function parseServices(source: SourceText, diagnostics: DiagnosticCollector): Map<string, Service> | undefined {
  const parsed = parseYamlSource(source.text, source.path, diagnostics);
  if (!parsed) return undefined;
  const result = servicesSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    reportSchemaIssues(result.error.issues, { file: source.path, value: parsed.value, locate: parsed.locate, schema: servicesSchema, diagnostics });
    return undefined;
  }
  const keys = Object.keys(result.data);
  if (keys.length > MAX_SERVICES) {
    diagnostics.report(source.path, parsed.locate([keys[MAX_SERVICES]!], 'key'), 'too-many-services', { count: keys.length, limit: MAX_SERVICES });
    return undefined;
  }
  const services = new Map<string, Service>();
  for (const [key, names] of Object.entries(result.data)) {
    services.set(key, { key, names: dropEmpty(names) as Service['names'] });
    if (!names.ja) diagnostics.report(source.path, parsed.locate([key], 'key'), 'missing-translation', { kind: 'service', key });
  }
  return services;
}

function localizeConfig(value: RawLocalized, language: Language): LocalizedText {
  return typeof value === 'string' ? { [language]: value } : dropEmpty(value);
}

function dropEmpty(value: Partial<Record<Language, string | undefined>>): LocalizedText {
  const result: LocalizedText = {};
  for (const language of LANGUAGES) {
    const text = value[language]?.trim();
    if (text) result[language] = text;
  }
  return result;
}
