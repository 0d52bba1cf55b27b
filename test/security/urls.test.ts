import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { all, parseHtml, runCli } from '../helpers/build.js';
import { lines, withTempContent } from '../helpers/fixture.js';
import { isDangerousUrl, SCRIPT_URLS } from '../fixtures/hostile/hostile.js';

/** Link URLs in a record that must each give a positioned link-scheme error. */
const BAD_LINKS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  '\\\\evil.example/x',
  '/\\evil.example/x',
  'https:/evil.example',
  'https:evil.example',
  'ftp://example.com/file',
  'file:///etc/passwd',
  '/relative/path',
  'mailto:someone@example.com',
];

describe('a record link whose url is not an absolute http(s) URL', () => {
  it('gives one positioned link-scheme error per link and exits 1, without a stack trace', async () => {
    const record = lines(
      'id: EX1',
      'service: exchange-online',
      'title: Links',
      'start: 2021-11-25 21:33 JST',
      'links:',
      ...BAD_LINKS.flatMap((url, index) => [`  - title: link ${index}`, `    url: ${JSON.stringify(url)}`]),
      '  - title: fine',
      '    url: https://example.com/fine',
      'updates:',
      '  - at: 2021-11-25 22:00 JST',
      '    status: investigating',
      '    body: text',
    );
    const content = await withTempContent({ 'content/incidents/EX1.yaml': record });
    try {
      for (const command of ['check', 'build']) {
        const run = await runCli([command, '--no-cache'], content.cwd);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).not.toMatch(/^\s+at /mu);
        const reported = run.stderr.split('\n').filter((line) => line.includes('[link-scheme]'));
        expect(reported).toEqual(BAD_LINKS.map((_, index) => expect.stringMatching(new RegExp(`^content/incidents/EX1\\.yaml:${7 + index * 2}:10 {2}error {2}`, 'u'))));
      }
    } finally {
      await content.remove();
    }
  });
});

describe('Markdown links and images with script, data or protocol-relative URLs', () => {
  const forms = (url: string) => ({
    link: `[label](${url})`,
    image: `![label](${url})`,
    angle: `[label](<${url}>)`,
    reference: `[label][r]\n\n[r]: <${url}>`,
    html: `<a href="${url}">label</a>`,
  });

  for (const url of SCRIPT_URLS.filter((value) => !value.includes('\t'))) {
    it(`lose ${JSON.stringify(url)} and keep their text`, () => {
      for (const [form, markdown] of Object.entries(forms(url))) {
        const html = renderMarkdown(markdown);
        const document = parseHtml(`<body>${html}</body>`);
        const urls = all(document, '[href], [src]').map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '');
        expect(urls.filter(isDangerousUrl), `${form}: ${html}`).toEqual([]);
        expect(urls.filter((value) => /evil\.example/u.test(value) && !value.startsWith('/evil') && !value.includes('%5C')), `${form}: ${html}`).toEqual([]);
        const shown = `${document.querySelector('body')?.textContent ?? ''} ${all(document, 'img').map((image) => image.getAttribute('alt')).join(' ')}`;
        if (form !== 'html') expect(shown, `${form}: ${html}`).toContain('label');
      }
    });
  }

  it('keep http(s), mailto, relative and fragment URLs', () => {
    for (const url of ['https://example.com/a', 'http://example.com/b', 'mailto:ops@example.com', '../other/', '#update-1', '/status/en/']) {
      const html = renderMarkdown(`[label](${url})`);
      expect(parseHtml(`<body>${html}</body>`).querySelector('a')?.getAttribute('href'), html).toBe(url);
    }
    expect(parseHtml(`<body>${renderMarkdown('![alt](https://example.com/i.png)')}</body>`).querySelector('img')?.getAttribute('src')).toBe('https://example.com/i.png');
  });
});
