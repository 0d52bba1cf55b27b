import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { createLocalization, type UiStrings } from '../../src/render/i18n.js';
import { TEMPLATES } from '../helpers/build.js';

/** What i18next itself gives, with the options kokuchi initialises it with. */
function plainI18next(language: string, strings: UiStrings): (key: string, options?: Record<string, unknown>) => string {
  const instance = i18next.createInstance();
  void instance.init({ resources: { [language]: { translation: strings } }, lng: language, initAsync: false, fallbackLng: false, returnNull: false, returnEmptyString: false, interpolation: { escapeValue: false } });
  return (key, options) => instance.t(key, options) as string;
}

const VALUES = ['S', '', '2021年11月25日（木）21:33 JST', '$&', '$1 $$ $`', "a'b\"c", '{{start}}', '$t(board.asOf)', '\u0001' + '0\u0001', '<b>&amp;</b>', 'x'.repeat(300)];

describe('the translator', () => {
  for (const language of ['ja', 'en'] as const) {
    const strings = JSON.parse(readFileSync(path.join(TEMPLATES, 'locales', `${language}.json`), 'utf8')) as UiStrings;
    it(`gives exactly what i18next gives for every ${language} string with text values, counts and odd characters`, () => {
      const t = createLocalization({ [language]: strings }).translator(language);
      const reference = plainI18next(language, strings);
      const keys = Object.keys(flatten(strings)).map((key) => key.replace(/_(zero|one|two|few|many|other)$/u, ''));
      let compared = 0;
      for (const key of new Set(keys)) {
        for (const [index, value] of VALUES.entries()) {
          for (const count of [1, 2, 7]) {
            const options = { start: value, end: VALUES[(index + 1) % VALUES.length]!, latest: value, statuses: value, time: value, date: value, level: value, title: value, service: value, id: value, primary: 'JST', secondary: 'UTC', from: value, to: value, zone: 'JST', year: 2024, page: 2, total: 3, count };
            expect(t(key, options), `${key} with ${JSON.stringify(value)}`).toBe(reference(key, options));
            compared += 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it('puts texts in only where i18next would put them as they are: formatted variables and nesting go through i18next', () => {
    const strings: UiStrings = { plain: 'A {{x}} and {{x}} B', counted_one: '{{count}} item: {{x}}', counted_other: '{{count}} items: {{x}}', formatted: 'N={{x, number}}', unused: 'nothing here' };
    const t = createLocalization({ en: strings }).translator('en');
    const reference = plainI18next('en', strings);
    for (const x of ['1', 'one', '$&']) {
      for (const key of ['plain', 'counted', 'formatted', 'unused']) expect(t(key, { x, count: 2 })).toBe(reference(key, { x, count: 2 }));
    }
    const nested: UiStrings = { inner: 'in {{x}}', outer: 'out $t(inner) {{x}}' };
    const tn = createLocalization({ en: nested }).translator('en');
    expect(tn('outer', { x: 'v' })).toBe(plainI18next('en', nested)('outer', { x: 'v' }));
  });
});

function flatten(strings: UiStrings, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(strings)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[full] = value;
    else Object.assign(out, flatten(value, full));
  }
  return out;
}
