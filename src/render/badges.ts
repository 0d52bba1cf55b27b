import type { Level } from './board.js';
import { estimateWidth } from './timeline-svg.js';
import { escapeHtml } from './escape.js';
import { coordinate as c } from './svg.js';

/** Badge colours by level: white text on each meets 4.5:1. */
const LEVEL_COLOURS: Record<Level, string> = {
  operational: '#1a7f37',
  advisory: '#0a55c2',
  degraded: '#8a4b00',
  outage: '#b3261e',
};

/** Glyphs by level, so that the badge reads without colour: check, i, triangle, cross. */
function glyph(level: Level, x: number, y: number): string {
  switch (level) {
    case 'operational':
      return `<path d="M${x} ${y + 5}l3 3 6-7" fill="none" stroke="#fff" stroke-width="2"/>`;
    case 'advisory':
      return `<path d="M${x + 4} ${y}v2M${x + 4} ${y + 4}v6" fill="none" stroke="#fff" stroke-width="2"/>`;
    case 'degraded':
      return `<path d="M${x + 4.5} ${y}l5 10h-10z" fill="#fff"/>`;
    default:
      return `<path d="M${x} ${y + 1}l8 8M${x + 8} ${y + 1}l-8 8" fill="none" stroke="#fff" stroke-width="2"/>`;
  }
}

/**
 * A status badge (`label | state`), shields-style: the state is always written out, a glyph repeats it
 * and colour only a third time. Standalone SVG with an accessible name; deterministic bytes.
 */
export function badgeSvg(label: string, state: string, level: Level, lang: string): string {
  const size = 11;
  const labelWidth = Math.ceil(estimateWidth(label, size)) + 12;
  const stateWidth = Math.ceil(estimateWidth(state, size)) + 12 + 14;
  const width = labelWidth + stateWidth;
  // Japanese text takes the full-width colon, with no space after it (docs/templates.md#typography).
  const name = lang === 'ja' ? `${label}：${state}` : `${label}: ${state}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${escapeHtml(name)}" lang="${lang}">`,
    `<title>${escapeHtml(name)}</title>`,
    `<rect width="${width}" height="20" rx="3" fill="#3a424c"/>`,
    `<rect x="${labelWidth}" width="${stateWidth}" height="20" rx="3" fill="${LEVEL_COLOURS[level]}"/>`,
    `<rect x="${labelWidth}" width="4" height="20" fill="${LEVEL_COLOURS[level]}"/>`,
    glyph(level, labelWidth + 6, 5),
    `<g fill="#fff" font-family="Verdana, DejaVu Sans, Noto Sans CJK JP, sans-serif" font-size="${size}">`,
    `<text x="${c(labelWidth / 2)}" y="14" text-anchor="middle">${escapeHtml(label)}</text>`,
    `<text x="${c(labelWidth + 14 + (stateWidth - 14) / 2)}" y="14" text-anchor="middle">${escapeHtml(state)}</text>`,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
