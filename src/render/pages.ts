import type { Language } from '../model.js';
import type { RenderContext } from './context.js';
import { pickAny } from './context.js';
import { pagePaths } from './urls.js';
import { articleJsonLd, describeIncident, incidentView } from './view-model.js';
import { boardKey, homeBoardView, timelinePicture } from './status-views.js';

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
  context.emit(file, {
    template: 'home',
    lang,
    versions,
    xDefault: file,
    // The board's facts; everything else on the front door is site-wide.
    keyedBy: [boardKey(context.model)],
    produce: () => ({
      view: {
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
      page: { ...context.pageView({ file, lang, title: pickAny(config.title, lang) ?? 'kokuchi', description: pickAny(config.description, lang) ?? '', versions, xDefault: file }, lang), switcher: null },
    }),
  });
}

/** `L/incidents/<id>/index.html`: one article per incident and language. */
export function renderArticles(context: RenderContext): void {
  const { config, model } = context;
  for (const lang of config.languages) {
    const view = context.viewContext(lang);
    for (const incident of model.incidents) {
      const file = pagePaths.incident(lang, incident.slug);
      const versions = versionsOf(context, (language) => pagePaths.incident(language, incident.slug));
      context.emit(file, {
        template: 'incident',
        lang,
        versions,
        lastModified: incident.lastUpdated.iso,
        // An article shows its incident and nothing of any other.
        keyedBy: [incident],
        produce: () => {
          context.fragments.prepare(incident);
          const article = incidentView(incident, lang, view);
          const page = context.pageView(
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
          );
          return { view: { incident: article, picture: timelinePicture(incident, lang, config, view.t) }, page };
        },
      });
    }
  }
}
