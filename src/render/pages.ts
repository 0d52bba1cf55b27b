import type { Language } from '../model.js';
import type { RenderContext } from './site.js';
import { pickAny } from './site.js';
import { pagePaths } from './urls.js';
import { describeIncident, incidentView, listItemView } from './view-model.js';

/** Output file of a page in every language of the site. */
export function versionsOf(context: RenderContext, pathFor: (language: Language) => string): Record<Language, string> {
  return Object.fromEntries(context.config.languages.map((language) => [language, pathFor(language)])) as Record<Language, string>;
}

/** The front door: `index.html`, linking every language and saying so in each. */
export function renderHome(context: RenderContext): void {
  const { config, localization } = context;
  const lang = config.defaultLanguage;
  const file = pagePaths.home();
  const page = context.pageView({ file, lang, title: pickAny(config.title, lang) ?? 'kokuchi', description: pickAny(config.description, lang) ?? '', versions: {} }, lang);
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
          href: pagePaths.index(language),
        };
      }),
    },
    { ...page, switcher: null },
  );
}

/** `L/index.html`: every published incident, ongoing ones first under their own heading, then newest first. */
export function renderIndexes(context: RenderContext): void {
  const { config, model } = context;
  for (const lang of config.languages) {
    const view = context.viewContext(lang);
    const { t } = view;
    const file = pagePaths.index(lang);
    const ongoing = model.incidents.filter((incident) => incident.ongoing);
    const past = model.incidents.filter((incident) => !incident.ongoing);
    const versions = versionsOf(context, (language) => pagePaths.index(language));
    context.emitPage(
      'index',
      lang,
      file,
      {
        heading: t('index.title'),
        count: t('index.count', { count: model.incidents.length }),
        ongoing: ongoing.map((incident) => listItemView(incident, lang, view, file)),
        past: past.map((incident) => listItemView(incident, lang, view, file)),
      },
      context.pageView({ file, lang, title: t('index.title'), description: pickAny(config.description, lang) ?? t('index.title'), versions }, lang),
      { versions },
    );
  }
}

/** `L/incidents/<id>/index.html`: one article per incident and language. */
export function renderArticles(context: RenderContext): void {
  const { config, model } = context;
  for (const lang of config.languages) {
    const view = context.viewContext(lang);
    for (const incident of model.incidents) {
      const file = pagePaths.incident(lang, incident.slug);
      const article = incidentView(incident, lang, view);
      const versions = versionsOf(context, (language) => pagePaths.incident(language, incident.slug));
      context.emitPage(
        'incident',
        lang,
        file,
        { incident: article },
        context.pageView({ file, lang, title: `${article.title.text} – ${incident.id}`, description: describeIncident(incident, lang), versions }, lang),
        { versions },
      );
    }
  }
}
