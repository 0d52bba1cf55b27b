import i18next, { type i18n as I18n, type Resource } from 'i18next';
import type { Language } from '../model.js';

/** UI strings of one language: nested keys to strings, as in templates/locales/<lang>.json. */
export interface UiStrings {
  [key: string]: string | UiStrings;
}

/** Translates UI keys; a missing key is recorded (and fails the build), never shown as a key name. */
export interface Translator {
  (key: string, options?: Record<string, unknown>): string;
  /** The language translated into. */
  readonly language: Language;
  /** The language's strings, for templates. */
  readonly strings: UiStrings;
}

/** UI strings of every language, with the keys that were asked for but are missing. */
export interface Localization {
  translator(language: Language): Translator;
  /** Keys requested during the build that a language lacks, as `lang:key`. */
  readonly missing: Set<string>;
}

/** Initialises i18next once, synchronously, for the build's languages. */
export function createLocalization(strings: Partial<Record<Language, UiStrings>>): Localization {
  const resources: Resource = {};
  for (const [language, value] of Object.entries(strings)) resources[language] = { translation: value as Record<string, unknown> };
  const instance: I18n = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: false,
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
  });
  const missing = new Set<string>();
  const cache = new Map<Language, Translator>();
  return {
    missing,
    translator(language) {
      const cached = cache.get(language);
      if (cached) return cached;
      const fixed = instance.getFixedT(language);
      // Pages ask for the same few strings thousands of times; i18next resolves each call from scratch.
      const memo = new Map<string, string>();
      const translate = ((key: string, options?: Record<string, unknown>) => {
        const memoKey = options ? `${key}\u0000${JSON.stringify(options)}` : key;
        const known = memo.get(memoKey);
        if (known !== undefined) return known;
        if (!instance.exists(key, { lng: language, ...options })) {
          missing.add(`${language}:${key}`);
          return '';
        }
        const value = fixed(key, options) as string;
        memo.set(memoKey, value);
        return value;
      }) as Translator;
      Object.defineProperty(translate, 'language', { value: language });
      Object.defineProperty(translate, 'strings', { value: strings[language] ?? {} });
      cache.set(language, translate);
      return translate;
    },
  };
}

/** Every leaf key of a strings object as a dotted path, with plural suffixes (`_one`, `_other`) folded. */
export function flattenKeys(strings: UiStrings, prefix = ''): string[] {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(strings)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.add(full.replace(/_(zero|one|two|few|many|other)$/u, ''));
    else for (const nested of flattenKeys(value, full)) keys.add(nested);
  }
  return [...keys].sort();
}
