import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { markdownToPlainText, parsedPlainText, plainTextToMarkdown } from '../../src/import/plain-text.js';
import { renderMarkdown } from '../../src/render/markdown.js';

/** The text a reader sees in rendered HTML, with <br> and paragraphs as line breaks. */
function seen(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html.replace(/<br>\n/gu, '<br>')}</body></html>`);
  for (const br of document.querySelectorAll('br')) br.replaceWith('\n');
  return [...document.body.children].map((block) => block.textContent ?? '').join('\n\n');
}

describe('plain text written as Markdown', () => {
  it.each([
    'We are *investigating* reports of 5xx errors on api_v2 and_so_on.',
    'Affected channels: #general, <script>alert(1)</script> & &amp;',
    '1. first\n- dash\n> quote\n+ plus\n1) paren',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '~~struck~~ [link](https://example.com) `code` ![img](x.png)',
    '====',
    '---',
    '# not a heading',
    'a\\b\\\\c',
    'line one\nline two\n\nnext paragraph',
    '***',
    '<!-- comment -->',
    'Use the API at https://api.example.com/v1/a_b_c_d now.',
    // An email autolink whose local part starts with a character other than a letter.
    '<#@0>',
    "<a.b@c> <!x@y> <$%&'*+/=?^_`{|}~-@z>",
  ])('renders %j as the text itself', (text) => {
    const markdown = plainTextToMarkdown(text);
    expect(seen(renderMarkdown(markdown))).toBe(text);
    expect(markdownToPlainText(markdown)).toBe(text);
  });

  it('keeps any printable text as written (property)', () => {
    const line = fc.stringMatching(/^[ -~]{1,40}$/u).map((value) => value.trim()).filter((value) => value !== '');
    fc.assert(
      fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (paragraphs) => {
        const text = paragraphs.map((lines) => lines.join('\n')).join('\n\n');
        const markdown = plainTextToMarkdown(text);
        expect(seen(renderMarkdown(markdown))).toBe(text);
        expect(markdownToPlainText(markdown)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the shortcut for plain prose', () => {
  // Words, spaces, line breaks and every character that could start syntax, in any order: the
  // shortcut must give exactly what the parser gives, or leave the text to the parser.
  const pieces = ['word', 'ことば', ' ', '  ', '\n', '\n\n', ' \n', '\u3000', '.', ',', '(', ')', '"', "'", '!', '?', '-', '+', '#', '>', '=', '1', '1.', '*', '_', '`', '~', '[', ']', '<', '&', '|', '@', ':', 'www.', '\t', '\r', '\0', '\\'];
  // Mostly prose, with a few characters that start block syntax at the start of a line.
  const prose = ['word', 'ことば', ' ', '  ', '   ', '    ', '\n', '\n\n', ' \n', '  \n', '\u3000', '.', ',', '(', ')', '"', '!', '?', '-', '+', '#', '>', '=', '1', '1.', '2)', '---', '===', '- ', '- ', '\n- ', '-  ', ':', '15:24', '://', 'http', 'mailto:', ':-', '-:', ' | '];
  it.each([
    ['any text', pieces],
    ['prose', prose],
  ])('gives what the parser gives for %s', (_, alphabet) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(markdownToPlainText(text)).toBe(parsedPlainText(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['We are investigating.\nSome users see errors.  \n\n  \nNext: paragraph', 'A line\n   \nanother ', '\u3000全角で始まる行\n次の行', '次回の更新は 15:24 JST です。\n\n- メトリクスの取得\n- Webhook の送信  \n\n現在調査中です。', '- one\n\n- two', '- one\ncontinued', 'text\n- item', 'text\n\n- item\n\ntext', 'word\n:-', 'word\n- :'])('takes prose such as %j without the parser, to the same text', (text) => {
    expect(markdownToPlainText(text)).toBe(parsedPlainText(text));
  });
});
