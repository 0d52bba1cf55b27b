import { describe, expect, it } from 'vitest';
import { findHeavyMarkdown, MAX_MARKS_PER_PARAGRAPH, MAX_MARKS_PER_TEXT } from '../../src/content/markdown-limits.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { buildFixture } from '../helpers/build.js';
import { loadFixture } from '../helpers/fixture.js';

/** The inputs that took minutes, growing with the square of their size: 40 KB of `*_`, 50 KB of nested brackets, 40 KB of `<`, 60 KB of `[a](`. */
const HOSTILE: Record<string, (bytes: number) => string> = {
  'emphasis marks': (bytes) => '*_'.repeat(bytes / 2),
  'nested brackets': (bytes) => `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}`,
  'angle brackets': (bytes) => '<'.repeat(bytes),
  'unclosed links': (bytes) => '[a]('.repeat(bytes / 4),
};
const SIZES: Record<string, number> = { 'emphasis marks': 40_000, 'nested brackets': 50_000, 'angle brackets': 40_000, 'unclosed links': 60_000 };

const yamlRecord = (text: string) =>
  `id: EX1\nservice: exchange-online\ntitle: {en: Slow, ja: 遅い}\nstart: 2026-11-27 09:00 JST\nsummary:\n  en: ${JSON.stringify(text)}\n  ja: 要約\nupdates:\n  - at: 2026-11-27 09:10 JST\n    status: investigating\n    current_status: {en: Looking., ja: 調査中。}\n`;
const markdownRecord = (text: string) => `---\nid: EX2\nservice: exchange-online\ntitle: Slow\nstart: 2026-11-27 09:00 JST\n---\n\nIntro.\n\n${text}\n\n## 2026-11-27 09:10 JST — Investigating\n\nLooking.\n`;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe('Markdown whose parsing time grows with the square of its size', () => {
  for (const [name, generate] of Object.entries(HOSTILE)) {
    it(`${name} (${SIZES[name]! / 1000} KB): check and build end in seconds with a positioned error, in YAML and in Markdown`, async () => {
      const text = generate(SIZES[name]!);
      const started = performance.now();
      const run = await buildFixture({ 'content/incidents/EX1.yaml': yamlRecord(text), 'content/incidents/EX2.en.md': markdownRecord(text) });
      try {
        expect(run.result.ok).toBe(false);
        const found = run.result.diagnostics.filter((item) => item.rule === 'markdown-too-complex');
        expect(found.map((item) => `${item.file}:${item.line}:${item.column}`)).toEqual(['content/incidents/EX1.yaml:6:7', 'content/incidents/EX2.en.md:10:1']);
        expect(run.files.size).toBe(0);
      } finally {
        await run.remove();
      }
      expect(performance.now() - started).toBeLessThan(10_000);
      // Any other caller of the renderer gets the text, escaped, at once.
      const rendered = timed(() => renderMarkdown(text));
      expect(rendered.value.startsWith('<p>')).toBe(true);
      expect(rendered.ms).toBeLessThan(2000);
    }, 30_000);
  }

  it('grows linearly below the limits: four times the paragraphs take about four times as long', () => {
    const below = Math.floor(MAX_MARKS_PER_PARAGRAPH / 2) * 2 - 2;
    for (const [name, generate] of Object.entries(HOSTILE)) {
      const paragraph = generate(name === 'unclosed links' ? below * 4 : below);
      expect(findHeavyMarkdown(paragraph), name).toBeUndefined();
      const text = (count: number) => Array.from({ length: count }, () => paragraph).join('\n\n');
      const measure = (count: number) => {
        const input = text(count);
        expect(findHeavyMarkdown(input), name).toBeUndefined();
        // The better of two runs: the machine is shared, and a pause must not pass for growth.
        return Math.min(...[0, 1].map(() => timed(() => renderMarkdown(input)).ms));
      };
      const small = measure(2);
      const large = measure(8);
      expect(large, `${name}: ${small.toFixed(0)} ms for 2 paragraphs, ${large.toFixed(0)} ms for 8`).toBeLessThan(small * 8 + 200);
    }
  }, 120_000);

  it('counts escaped marks as text, and refuses a whole text with too many marks in short paragraphs', () => {
    expect(findHeavyMarkdown('\\*'.repeat(MAX_MARKS_PER_PARAGRAPH * 3))).toBeUndefined();
    const many = Array.from({ length: MAX_MARKS_PER_TEXT / 10 + 1 }, () => '*a* '.repeat(5)).join('\n\n');
    expect(findHeavyMarkdown(many)?.marks).toMatchObject({ what: 'delimiters', scope: 'text', limit: MAX_MARKS_PER_TEXT });
    const result = loadFixture({ 'content/incidents/EX1.yaml': yamlRecord(many) });
    expect(result.diagnostics.map((item) => `${item.rule} ${item.line}:${item.column}`)).toContain('markdown-too-complex 6:7');
  });
});
