import type { Language } from '../model.js';
import type { RenderContext } from './context.js';
import { absoluteUrl, pagePaths } from './urls.js';

/** One language's part of a 404 page. */
export interface NotFoundSectionView {
  lang: Language;
  /** The language's name (labels the section). */
  name: string;
  message: string;
  links: { href: string; label: string }[];
}

/** What `not-found.hbs` gets. */
export interface NotFoundView {
  heading: string;
  sections: NotFoundSectionView[];
}

function section(context: RenderContext, lang: Language): NotFoundSectionView {
  const { t } = context.viewContext(lang);
  const { baseUrl } = context.config;
  return {
    lang,
    name: t('language.name'),
    message: t('notFound.message'),
    links: [
      { href: absoluteUrl(baseUrl, pagePaths.index(lang)), label: t('notFound.index') },
      { href: absoluteUrl(baseUrl, pagePaths.search(lang)), label: t('notFound.search') },
    ],
  };
}

/**
 * `L/404.html` per language and `404.html` at the root in every language. Hosts serve these at whatever
 * URL was missing, so every link and asset on them is absolute (under base_url). Not in the sitemap.
 */
export function renderNotFound(context: RenderContext): void {
  const { config } = context;
  const versions = Object.fromEntries(config.languages.map((language) => [language, pagePaths.notFound(language)]));
  for (const lang of config.languages) {
    const file = pagePaths.notFound(lang);
    context.emit(file, {
      template: 'not-found',
      lang,
      versions,
      unlisted: true,
      produce: () => {
        const { t } = context.viewContext(lang);
        const view: NotFoundView = { heading: t('notFound.title'), sections: [section(context, lang)] };
        return { view, page: context.pageView({ file, lang, title: view.heading, description: t('notFound.message'), versions, absoluteLinks: true, noindex: true }, lang) };
      },
    });
  }
  const lang = config.defaultLanguage;
  const file = pagePaths.notFound();
  context.emit(file, {
    template: 'not-found',
    lang,
    unlisted: true,
    produce: () => {
      const headings = config.languages.map((language) => context.viewContext(language).t('notFound.title'));
      const view: NotFoundView = { heading: headings.join(' / '), sections: config.languages.map((language) => section(context, language)) };
      const page = context.pageView(
        { file, lang, title: view.heading, description: context.viewContext(lang).t('notFound.message'), versions: {}, absoluteLinks: true, noindex: true },
        lang,
      );
      return { view, page };
    },
  });
}
