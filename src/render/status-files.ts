import type { RenderContext } from './context.js';
import { apiBoard, badgeFiles, boardKey } from './status-views.js';
import { absoluteUrl, pagePaths } from './urls.js';

/** The site icon: a notice (three lines) on the site's link blue. */
export const FAVICON_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
  '<rect width="32" height="32" rx="6" fill="#0a55c2"/>',
  '<path d="M8 10h16M8 16h16M8 22h10" stroke="#fff" stroke-width="3" stroke-linecap="round"/>',
  '</svg>',
  '',
].join('\n');

/** The same icon as a 32×32 ICO (one 32-bit BMP image), for browsers that ask for /favicon.ico. */
export function faviconIco(): Uint8Array {
  const size = 32;
  const pixels = size * size * 4;
  const mask = size * 4; // one bit per pixel, rows padded to 4 bytes
  const imageBytes = 40 + pixels + mask;
  const bytes = new Uint8Array(6 + 16 + imageBytes);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, 1, true); // icon
  view.setUint16(4, 1, true); // one image
  bytes[6] = size;
  bytes[7] = size;
  view.setUint16(10, 1, true); // planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, imageBytes, true);
  view.setUint32(18, 22, true);
  const header = 22;
  view.setUint32(header, 40, true);
  view.setInt32(header + 4, size, true);
  view.setInt32(header + 8, size * 2, true); // XOR and AND masks
  view.setUint16(header + 12, 1, true);
  view.setUint16(header + 14, 32, true);
  view.setUint32(header + 20, pixels + mask, true);
  const inside = (x: number, y: number) => {
    // Rounded square of radius 6.
    const cx = Math.min(Math.max(x, 6), 25.99);
    const cy = Math.min(Math.max(y, 6), 25.99);
    return (x - cx) ** 2 + (y - cy) ** 2 <= 36.5;
  };
  const line = (x: number, y: number) => (Math.abs(y - 10) < 1.5 && x >= 7 && x <= 24) || (Math.abs(y - 16) < 1.5 && x >= 7 && x <= 24) || (Math.abs(y - 22) < 1.5 && x >= 7 && x <= 18);
  for (let row = 0; row < size; row += 1) {
    const y = size - 1 - row + 0.5; // BMP rows go bottom up
    for (let column = 0; column < size; column += 1) {
      const x = column + 0.5;
      const offset = header + 40 + (row * size + column) * 4;
      if (!inside(x, y)) continue; // transparent
      const white = line(x, y);
      bytes[offset] = white ? 0xff : 0xc2; // blue
      bytes[offset + 1] = white ? 0xff : 0x55; // green
      bytes[offset + 2] = white ? 0xff : 0x0a; // red
      bytes[offset + 3] = 0xff;
    }
  }
  return bytes;
}

/**
 * The status files: `api/v1/board.json`, a badge per service and one for the whole site in each
 * language (`badges/<lang>/…svg`), and the site icon. Board and badges are made from the board's facts
 * alone (each service's worst ongoing status and the "as of" instant) and keyed by them.
 */
export function renderStatusFiles(context: RenderContext): void {
  const { model, config } = context;
  const key = boardKey(model);
  const board = pagePaths.apiBoard();
  context.emit(board, {
    keyedBy: ['board', key],
    produce: () => {
      const labels = (lang: (typeof config.languages)[number], label: string) => context.localization.translator(lang)(label);
      return `${JSON.stringify(apiBoard(model, labels, config.baseUrl, absoluteUrl), null, 2)}\n`;
    },
  });
  for (const lang of config.languages) {
    const t = context.localization.translator(lang);
    let files: Map<string, string> | undefined;
    for (const file of [pagePaths.siteBadge(lang), ...[...model.services.keys()].map((service) => pagePaths.serviceBadge(lang, service))]) {
      context.emit(file, { keyedBy: ['badge', key], produce: () => (files ??= badgeFiles(model, lang, t)).get(file)! });
    }
  }
  context.emit(pagePaths.faviconSvg(), { keyedBy: [], produce: () => FAVICON_SVG });
  context.emit(pagePaths.faviconIco(), { keyedBy: [], produce: () => faviconIco() });
}
