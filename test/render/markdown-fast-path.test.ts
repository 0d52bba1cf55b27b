import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderPlainMarkdown, renderWithUnified } from '../../src/render/markdown.js';

const pieces = [
  'word', 'Exchange Online', '日本語の文章です。', '復旧済み', ' ', '  ', '\t', '\n', '\n\n', '\n\n\n', '- ', '-', '* ', '+ ', '1. ', '2) ', '# ', '#',
  '=', '---', '***', '> ', '<b>', '<script>', '&amp;', '&', '"', "'", '`', '```', '~~', '|', '[x](y)', '[', ']', '(', ')', '!',
  '_', '*', '**', '\\', 'http://a.example', 'https://b.example/x', 'www.example.com', 'a@b.example', 'mailto:a@b.c', ':', '15:24 JST',
  '\u3000', '\u00a0', '\u0001', '\u200b', '😀', '　全角', '1', '10.', 'x.', '\r\n', '[^1]', '[ ]', '$', '%', '{{x}}', '    code',
];

describe('the plain Markdown fast path', () => {
  it('renders exactly what the unified pipeline renders, or declines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const markdown = parts.join('');
        const fast = renderPlainMarkdown(markdown);
        if (fast !== undefined) expect(fast).toBe(renderWithUnified(markdown));
      }),
      { numRuns: 4000 },
    );
  });

  it('takes the common shapes of notice text', () => {
    const samples = [
      '現在、東京リージョンの API において接続エラーが発生しており、原因を調査しております。\n\n次回の更新は15:24 JSTを予定しております。',
      'We are investigating elevated latency.\n\n- API calls\n- Uploading files\n\nOur next update is planned for 3:24 PM JST.',
    ];
    for (const markdown of samples) {
      expect(renderPlainMarkdown(markdown)).toBeDefined();
      expect(renderMarkdown(markdown)).toBe(renderWithUnified(markdown));
    }
  });

  it('leaves anything with markup to the sanitizing pipeline', () => {
    for (const markdown of ['<script>alert(1)</script>', '[x](javascript:alert(1))', 'a **b**', '# Title', '1. one', 'see https://example.com', '> quote']) {
      expect(renderPlainMarkdown(markdown)).toBeUndefined();
    }
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script');
  });
});
