import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/statuses.js';
import { TEMPLATES } from '../helpers/build.js';

const css = (await readFile(path.join(TEMPLATES, 'assets/site.css'), 'utf8')).replace(/\/\*[\s\S]*?\*\//gu, '');

/** The body of the first block that starts with `prelude` (balanced braces). */
function block(prelude: string): string {
  const start = css.indexOf(prelude);
  if (start < 0) throw new Error(`site.css has no ${prelude}`);
  const open = css.indexOf('{', start);
  let depth = 0;
  for (let index = open; index < css.length; index += 1) {
    if (css[index] === '{') depth += 1;
    else if (css[index] === '}' && --depth === 0) return css.slice(open + 1, index);
  }
  throw new Error(`unbalanced block after ${prelude}`);
}

/** Custom properties declared directly in a block: name → hex colour (other values are skipped). */
function colours(body: string): Record<string, string> {
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/giu)].map((match) => [match[1]!, match[2]!.toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((index) => parseInt(hex.slice(index, index + 2), 16) / 255).map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

const TONES = ['info', 'warning', 'danger', 'success', 'neutral'];

/** Text on background: 4.5:1. Marks and focus rings are non-text graphics: 3:1. */
const PAIRS: [foreground: string, background: string, minimum: number][] = [
  ['fg', 'bg', 4.5],
  ['fg', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['link', 'bg', 4.5],
  ['link', 'surface', 4.5],
  ['link-visited', 'bg', 4.5],
  ['fg', 'highlight', 4.5],
  ['focus', 'bg', 3],
  ...TONES.flatMap((tone): [string, string, number][] => [
    [`${tone}-fg`, `${tone}-bg`, 4.5],
    [`${tone}-mark`, 'bg', 3],
    [`${tone}-mark`, `${tone}-bg`, 3],
  ]),
];

describe('the stylesheet', () => {
  it('loads nothing from elsewhere: no fonts, images or imports', () => {
    expect(css).not.toMatch(/url\(/iu);
    expect(css).not.toMatch(/@import|@font-face/iu);
  });

  it('has balanced braces', () => {
    let depth = 0;
    for (const character of css) {
      if (character === '{') depth += 1;
      if (character === '}') depth -= 1;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('uses only custom properties it declares', () => {
    const declared = new Set([...css.matchAll(/(--[\w-]+)\s*:/gu)].map((match) => match[1]));
    const used = new Set([...css.matchAll(/var\((--[\w-]+)/gu)].map((match) => match[1]));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('names Japanese fonts for Japanese text', () => {
    for (const family of ['"Hiragino Sans"', '"Noto Sans JP"', '"Yu Gothic"', 'Meiryo']) expect(css).toContain(family);
    expect(css).toMatch(/\[lang\|="ja"\][^{]*\{[^}]*line-height:\s*1\.8/u);
  });

  it('has light, dark and print styles and a content width', () => {
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)/u);
    expect(css).toMatch(/@media print/u);
    expect(css).toMatch(/--content-width:\s*46rem/u);
    expect(css).toMatch(/overflow-wrap:\s*anywhere/u);
  });

  it('meets WCAG AA contrast in the light and the dark scheme', () => {
    const light = colours(block(':root {'));
    const dark = { ...light, ...colours(block('@media (prefers-color-scheme: dark)')) };
    const failures: string[] = [];
    for (const [scheme, palette] of [['light', light], ['dark', dark]] as const) {
      for (const [foreground, background, minimum] of PAIRS) {
        const a = palette[foreground];
        const b = palette[background];
        if (!a || !b) {
          failures.push(`${scheme}: --${foreground} or --${background} is not a #rrggbb colour`);
          continue;
        }
        const ratio = contrast(a, b);
        if (ratio < minimum) failures.push(`${scheme}: --${foreground} on --${background} is ${ratio.toFixed(2)}:1, needs ${minimum}:1`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('styles every status tone, each with its own mark shape', () => {
    const tones = new Set(STATUSES.map((status) => status.tone));
    for (const tone of tones) {
      expect(css, tone).toContain(`.status-${tone} {`);
      expect(css, tone).toContain(`.status-${tone} .status-mark`);
    }
  });

  it('shows focus and reveals the skip link on focus', () => {
    expect(block(':focus-visible {')).toMatch(/outline:\s*3px solid/u);
    expect(block('.skip-link:focus')).toMatch(/transform:\s*translateY\(0\)/u);
  });

  it('hides navigation and prints external link targets on paper', () => {
    const print = block('@media print');
    expect(print).toMatch(/\.site-nav/u);
    expect(print).toMatch(/a\[href\^="https:\/\/"\]::after/u);
    expect(print).toMatch(/attr\(href\)/u);
  });
});
