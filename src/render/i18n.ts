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
      const direct = (key: string, options?: Record<string, unknown>): string => {
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
      };
      // Strings with a different text value each time (a description with the incident's times: one
      // i18next call costs about 0.1 ms) are translated once per key and other options with markers in
      // place of the texts, which are then put in (see `substitutable`).
      const substitutes = !JSON.stringify(strings[language] ?? {}).match(/\u0001|\\u0001|\$t\(/u);
      const templates = new Map<string, string | null>();
      const translate = ((key: string, options?: Record<string, unknown>) => {
        const texts = options && substitutes ? substitutable(options) : [];
        if (texts.length === 0) return direct(key, options);
        const rest = Object.fromEntries(Object.entries(options!).filter(([name]) => !texts.includes(name)));
        const templateKey = `${key}\u0000${JSON.stringify(rest)}\u0000${texts.join('\u0000')}`;
        let template = templates.get(templateKey);
        if (template === undefined) {
          const withMarks = direct(key, { ...rest, ...Object.fromEntries(texts.map((name, index) => [name, mark(index)])) });
          // Every mark where i18next put it, untouched (a formatted variable would have changed it): exact.
          template = texts.every((_, index) => withMarks.includes(mark(index))) ? withMarks : null;
          templates.set(templateKey, template);
        }
        if (template === null) return direct(key, options);
        return template.replace(/\u0001(\d+)\u0001/gu, (_, index: string) => options![texts[Number(index)]!] as string);
      }) as Translator;
      Object.defineProperty(translate, 'language', { value: language });
      Object.defineProperty(translate, 'strings', { value: strings[language] ?? {} });
      cache.set(language, translate);
      return translate;
    },
  };
}

/** i18next's own options, whose values are never put into the text. */
const OPTION_NAMES = new Set(['count', 'context', 'lng', 'lngs', 'ns', 'defaultValue', 'ordinal', 'keyPrefix', 'replace', 'joinArrays', 'postProcess', 'returnObjects', 'returnDetails', 'interpolation', 'skipInterpolation', 'nsSeparator', 'keySeparator']);

/** A mark standing for the `index`th text value while a string is translated once. */
function mark(index: number): string {
  return `\u0001${index}\u0001`;
}

/**
 * The options whose text i18next would put into the string as it is: string values of variables (not of
 * i18next's own options) that hold nothing i18next reads again (a mark, `{{`, or `$t(` nesting).
 */
function substitutable(options: Record<string, unknown>): string[] {
  return Object.keys(options).filter((name) => {
    const value = options[name];
    return typeof value === 'string' && !OPTION_NAMES.has(name) && !value.includes('\u0001') && !value.includes('{{') && !value.includes('$t(');
  });
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
