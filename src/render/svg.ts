import type { Tone } from '../statuses.js';

/** Light-scheme mark colours by tone: presentation attributes for readers without the stylesheet (site.css overrides them). */
export const TONE_COLOURS: Record<Tone, string> = {
  info: '#1f63d1',
  warning: '#b36b00',
  danger: '#c62828',
  success: '#1d8a3c',
  neutral: '#6b7480',
};

/** Rounds to at most two decimals, without trailing zeros (stable text for coordinates). */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * A status mark centred on (x, y), one shape per tone as in the stylesheet's badges: ring (info),
 * triangle (warning), octagon (danger), filled circle (success), bar (neutral).
 */
export function markSvg(tone: Tone, x: number, y: number, size = 10, extraClass = ''): string {
  const r = size / 2;
  const colour = TONE_COLOURS[tone];
  const cls = `mark mark-${tone}${extraClass ? ` ${extraClass}` : ''}`;
  const c = coordinate;
  switch (tone) {
    case 'info':
      return `<circle class="${cls}" cx="${c(x)}" cy="${c(y)}" r="${c(r - 1.2)}" fill="none" stroke="${colour}" stroke-width="2.4"/>`;
    case 'warning':
      return `<path class="${cls}" d="M${c(x)} ${c(y - r)}L${c(x + r * 1.1)} ${c(y + r * 0.9)}H${c(x - r * 1.1)}Z" fill="${colour}"/>`;
    case 'danger': {
      const a = r * 0.41;
      return `<path class="${cls}" d="M${c(x - a)} ${c(y - r)}H${c(x + a)}L${c(x + r)} ${c(y - a)}V${c(y + a)}L${c(x + a)} ${c(y + r)}H${c(x - a)}L${c(x - r)} ${c(y + a)}V${c(y - a)}Z" fill="${colour}"/>`;
    }
    case 'success':
      return `<circle class="${cls}" cx="${c(x)}" cy="${c(y)}" r="${c(r)}" fill="${colour}"/>`;
    default:
      return `<rect class="${cls}" x="${c(x - r)}" y="${c(y - 1.5)}" width="${c(size)}" height="3" rx="1" fill="${colour}"/>`;
  }
}
