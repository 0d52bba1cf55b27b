import type { Language } from '../model.js';
import type { RenderContext } from './context.js';
import { pickAny } from './context.js';
import { pagePaths } from './urls.js';
import { articleJsonLd, describeIncident, incidentView } from './view-model.js';
import { homeBoardView, timelinePicture } from './status-views.js';

/** Output file of a page in every language of the site. */
export function versionsOf(context: RenderContext, pathFor: (language: Language) => string): Record<Language, string> {
  return Object.fromEntries(context.config.languages.map((language) => [language, pathFor(language)])) as Record<Language, string>;
}

/** The front door: `index.html`, linking every language and saying so in each. */
export function renderHome(context: RenderContext): void {
  const { config, localization } = context;
  const lang = config.defaultLanguage;
  const file = pagePaths.home();
  // The front door is the x-default of every language's index: both are its alternates.
  const versions = versionsOf(context, (language) => pagePaths.index(language));
  const page = context.pageView({ file, lang, title: pickAny(config.title, lang) ?? 'kokuchi', description: pickAny(config.description, lang) ?? '', versions, xDefault: file }, lang);
  context.emitPage(
    'home',
    lang,
    file,
    {
      languages: config.languages.map((language) => {
        const t = localization.translator(language);
        return {
          lang: language,
          name: t('language.name'),
          title: pickAny(config.title, language) ?? '',
          description: pickAny(config.description, language) ?? '',
          enter: t('home.enter'),
          intro: t('home.intro'),
          href: pagePaths.index(language),
        };
      }),
      board: homeBoardView(context.model, config.languages, (language) => localization.translator(language), file),
    },
    { ...page, switcher: null },
    { versions, xDefault: file },
  );
}

/** `L/incidents/<id>/index.html`: one article per incident and language. */
export function renderArticles(context: RenderContext): void {
  const { config, model } = context;
  for (const lang of config.languages) {
    const view = context.viewContext(lang);
    for (const incident of model.incidents) {
      const file = pagePaths.incident(lang, incident.slug);
      const versions = versionsOf(context, (language) => pagePaths.incident(language, incident.slug));
      if (!context.wants(file) || context.reuse(file, incident)) {
        context.pages.push({ file, lang, template: 'incident', versions, lastModified: incident.lastUpdated.iso });
        continue;
      }
      context.fragments.prepare(incident);
      const article = incidentView(incident, lang, view);
      context.emitPage(
        'incident',
        lang,
        file,
        { incident: article, picture: timelinePicture(incident, lang, config, view.t) },
        context.pageView(
          {
            file,
            lang,
            title: `${article.title.text} – ${incident.id}`,
            description: describeIncident(incident, lang),
            versions,
            kind: 'article',
            jsonLd: articleJsonLd(incident, lang, view),
          },
          lang,
        ),
        { versions, lastModified: incident.lastUpdated.iso },
      );
    }
  }
}
