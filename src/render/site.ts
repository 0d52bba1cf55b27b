import { createHash } from 'node:crypto';
import type { DiagnosticCollector } from '../diagnostics.js';
import type { Incident, Language, LocalizedText, SiteModel } from '../model.js';
import { createLocalization, type UiStrings } from './i18n.js';
import { renderFragments } from './markdown.js';
import { compileTemplates, TemplateRenderError, type PageTemplate, type TemplateFiles } from './templates.js';
import { pagePaths } from './urls.js';
import { describeIncident, incidentView, listItemView, pageView, type ViewContext } from './view-model.js';

/** The built site: output path → file content. */
export type SiteFiles = Map<string, string | Uint8Array>;

/** Counts for the build summary. */
export interface RenderStats {
  languages: number;
  pages: number;
  incidents: number;
}

/** Options of a render. */
export interface RenderOptions {
  /** Folder of the templates as shown in diagnostics. */
  templatesRoot: string;
  diagnostics: DiagnosticCollector;
}

const decoder = new TextDecoder();

/**
 * Renders the model into every output file. Pure: templates, locale files and assets come in as data,
 * files go out as data. Problems with templates or UI strings are reported; the result is then undefined.
 */
export function renderSite(model: SiteModel, templateFiles: TemplateFiles, options: RenderOptions): { files: SiteFiles; stats: RenderStats } | undefined {
  const { diagnostics, templatesRoot } = options;
  const { config } = model;
  const languages = config.languages;

  const strings: Partial<Record<Language, UiStrings>> = {};
  for (const lang of languages) {
    const file = `locales/${lang}.json`;
    const bytes = templateFiles.get(file);
    if (!bytes) {
      diagnostics.error(`${templatesRoot}/${file}`, { line: 1, column: 1 }, 'missing-locale', `the UI strings for ${lang} are missing`, `create ${templatesRoot}/${file} (copy the other language's file and translate it)`);
      continue;
    }
    try {
      strings[lang] = JSON.parse(decoder.decode(bytes)) as UiStrings;
    } catch (error) {
      diagnostics.error(`${templatesRoot}/${file}`, { line: 1, column: 1 }, 'locale-syntax', `the UI strings are not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const templates = compileTemplates(templateFiles, languages, { displayRoot: templatesRoot, diagnostics });
  if (!templates || diagnostics.hasErrors) return undefined;

  const files: SiteFiles = new Map();
  const assets = hashAssets(templateFiles, files);
  const stylesheet = assets.get('assets/site.css');
  if (!stylesheet) {
    diagnostics.error(`${templatesRoot}/assets/site.css`, { line: 1, column: 1 }, 'missing-template', 'the stylesheet assets/site.css is missing');
    return undefined;
  }

  const published = model.incidents;
  const fragments = renderFragments(collectMarkdown(published));
  const localization = createLocalization(strings);

  let pages = 0;
  const emit = (template: PageTemplate, lang: Language, file: string, view: object, page: ReturnType<typeof pageView>) => {
    files.set(file, templates.render(template, lang, view, page));
    pages += 1;
  };

  try {
    for (const lang of languages) {
      const t = localization.translator(lang);
      const context: ViewContext = {
        config,
        model,
        t,
        html: (markdown) => fragments.get(markdown) ?? '',
        assets: { stylesheet, script: assets.get('assets/site.js') ?? null },
      };
      const versionsOf = (pathFor: (language: Language) => string) =>
        Object.fromEntries(languages.map((language) => [language, pathFor(language)])) as Record<Language, string>;

      const indexFile = pagePaths.index(lang);
      const ongoing = published.filter((incident) => incident.ongoing);
      const past = published.filter((incident) => !incident.ongoing);
      emit(
        'index',
        lang,
        indexFile,
        {
          heading: t('index.title'),
          count: t('index.count', { count: published.length }),
          ongoing: ongoing.map((incident) => listItemView(incident, lang, context, indexFile)),
          past: past.map((incident) => listItemView(incident, lang, context, indexFile)),
        },
        pageView({ file: indexFile, lang, title: t('index.title'), description: pick(config.description, lang) ?? t('index.title'), versions: versionsOf((language) => pagePaths.index(language)) }, context),
      );

      for (const incident of published) {
        const file = pagePaths.incident(lang, incident.slug);
        const view = incidentView(incident, lang, context);
        emit(
          'incident',
          lang,
          file,
          { incident: view },
          pageView(
            { file, lang, title: `${view.title.text} – ${incident.id}`, description: describeIncident(incident, lang), versions: versionsOf((language) => pagePaths.incident(language, incident.slug)) },
            context,
          ),
        );
      }
    }

    const homeLang = config.defaultLanguage;
    const homeContext: ViewContext = {
      config,
      model,
      t: localization.translator(homeLang),
      html: () => '',
      assets: { stylesheet, script: null },
    };
    emit(
      'home',
      homeLang,
      pagePaths.home(),
      {
        languages: languages.map((lang) => {
          const t = localization.translator(lang);
          return {
            lang,
            name: t('language.name'),
            title: pick(config.title, lang) ?? '',
            description: pick(config.description, lang) ?? '',
            enter: t('home.enter'),
            href: pagePaths.index(lang),
          };
        }),
      },
      { ...pageView({ file: pagePaths.home(), lang: homeLang, title: pick(config.title, homeLang) ?? 'kokuchi', description: pick(config.description, homeLang) ?? '', versions: {} }, homeContext), switcher: null },
    );
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      diagnostics.error(error.file, { line: error.line, column: error.column }, 'template-render', error.message, 'templates may only use what the view model provides (see docs/templates.md)');
      return undefined;
    }
    throw error;
  }

  for (const key of [...localization.missing].sort()) {
    const [lang, name] = key.split(/:(.*)/su);
    diagnostics.error(`${templatesRoot}/locales/${lang}.json`, { line: 1, column: 1 }, 'missing-ui-string', `the UI string "${name}" is missing`, `add it to ${templatesRoot}/locales/${lang}.json`);
  }
  if (diagnostics.hasErrors) return undefined;
  return { files, stats: { languages: languages.length, pages, incidents: published.length } };
}

function pick(text: LocalizedText, lang: Language): string | undefined {
  return text[lang] ?? Object.values(text)[0];
}

/** Every Markdown fragment that pages may show, each once. */
export function collectMarkdown(incidents: readonly Incident[]): Set<string> {
  const fragments = new Set<string>();
  const add = (text: LocalizedText) => {
    for (const value of Object.values(text)) if (value) fragments.add(value);
  };
  for (const incident of incidents) {
    add(incident.impact);
    add(incident.summary);
    add(incident.rootCause);
    add(incident.nextSteps);
    for (const update of incident.updates) {
      add(update.body);
      for (const field of Object.values(update.fields)) add(field);
    }
  }
  return fragments;
}

/** Copies assets into the output; CSS and JS get a content hash in their names. Returns source path → output path. */
function hashAssets(templateFiles: TemplateFiles, files: SiteFiles): Map<string, string> {
  const names = new Map<string, string>();
  for (const [relative, bytes] of templateFiles) {
    if (!relative.startsWith('assets/')) continue;
    let output = relative;
    const match = /^(.*)\.(css|js)$/u.exec(relative);
    if (match) output = `${match[1]}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${match[2]}`;
    files.set(output, bytes);
    names.set(relative, output);
  }
  return names;
}
