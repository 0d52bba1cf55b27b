import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildSample, foreignScripts, htmlFiles, parseHtml, resolveInternal, validateHtml, type BuildRun, type HtmlDocument } from '../helpers/build.js';

const BASE = 'https://example.com/';

/** Attributes that reference another resource. */
const REFERENCE_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data'];

describe('a build of the sample content', () => {
  let run: BuildRun;
  const documents = new Map<string, HtmlDocument>();
  const document = (file: string) => {
    let parsed = documents.get(file);
    if (!parsed) documents.set(file, (parsed = parseHtml(run.text(file))));
    return parsed;
  };

  beforeAll(async () => {
    run = await buildSample();
  });
  afterAll(() => run.remove());

  it('succeeds with only the expected warning and writes both languages, the front door and the stylesheet', () => {
    // MO1180412's newest update is English only on purpose.
    expect(run.result.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', rule: 'missing-translation', line: 76 })]);
    expect(run.result.ok).toBe(true);
    for (const file of ['index.html', 'ja/index.html', 'en/index.html']) expect(run.files.has(file), file).toBe(true);
    for (const id of ['ex300267', 'tm300512', 'mo1180412']) {
      for (const lang of ['ja', 'en']) expect(run.files.has(`${lang}/incidents/${id}/index.html`), `${lang} ${id}`).toBe(true);
    }
    expect([...run.files.keys()].filter((file) => /^assets\/site\.[0-9a-f]{10}\.css$/u.test(file))).toHaveLength(1);
    expect(run.result.stats).toMatchObject({ languages: 2, incidents: 3 });
    expect(run.result.stats?.pages).toBe(htmlFiles(run.files).length);
  });

  it('names the stylesheet after a hash of its bytes', async () => {
    const { createHash } = await import('node:crypto');
    const [name] = [...run.files.keys()].filter((file) => file.startsWith('assets/site.') && file.endsWith('.css'));
    const hash = createHash('sha256').update(run.files.get(name!)!).digest('hex').slice(0, 10);
    expect(name).toBe(`assets/site.${hash}.css`);
  });

  it('has no link or asset reference that leads nowhere', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of htmlFiles(run.files)) {
      for (const element of all(document(file), REFERENCE_ATTRIBUTES.map((name) => `[${name}]`).join(', '))) {
        for (const name of REFERENCE_ATTRIBUTES) {
          const value = element.getAttribute(name);
          if (value === null) continue;
          const target = resolveInternal(file, value, BASE);
          if (!target) continue;
          checked += 1;
          if (!run.files.has(target.file)) {
            broken.push(`${file}: ${name}="${value}" → ${target.file} was not built`);
            continue;
          }
          if (target.fragment && target.file.endsWith('.html') && !document(target.file).getElementById(target.fragment)) {
            broken.push(`${file}: ${name}="${value}" → no id "${target.fragment}" in ${target.file}`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
    // Guards against a checker that silently checks nothing.
    expect(checked).toBeGreaterThan(htmlFiles(run.files).length * 4);
  });

  it('passes html-validate on every page', async () => {
    const problems: string[] = [];
    for (const file of htmlFiles(run.files)) problems.push(...(await validateHtml(run.text(file), file)));
    expect(problems).toEqual([]);
  });

  it('has no script on any page except the site\'s own script files and JSON-LD data', () => {
    const problems = htmlFiles(run.files).flatMap((file) => foreignScripts(file, run.text(file), document(file), run.files, BASE));
    expect(problems).toEqual([]);
  });

  it('has a skip link to the main content on every page', () => {
    for (const file of htmlFiles(run.files)) {
      const main = document(file).querySelector('main');
      expect(main?.id, file).toBeTruthy();
      const first = document(file).querySelector('body a[href]');
      expect(first?.getAttribute('href'), file).toBe(`#${main!.id}`);
    }
  });
});


describe('the page checks themselves', () => {
  const files = new Map([['assets/site.0123456789.js', Buffer.from('')]]);
  const check = (html: string) => foreignScripts('ja/index.html', html, parseHtml(html), files, BASE);

  it('accept the site\'s own script and safe JSON-LD', () => {
    expect(check('<html><head><script src="../assets/site.0123456789.js" defer></script><script type="application/ld+json">{"a":"\\u003c/script>"}</script></head></html>')).toEqual([]);
  });

  it('flag inline scripts, scripts from elsewhere and JSON-LD that could close its element', () => {
    expect(check('<p>x</p><script>alert(1)</script>')).toHaveLength(1);
    expect(check('<script src="https://cdn.example/x.js"></script>')).toHaveLength(1);
    expect(check('<script src="../assets/missing.js"></script>')).toHaveLength(1);
    expect(check('<script type="application/ld+json">{"a":"</p>"}</script>')).toHaveLength(1);
  });

  it('resolve relative and absolute links to output files', () => {
    expect(resolveInternal('ja/incidents/ex1/index.html', '../../../en/incidents/ex1/index.html#update-1', BASE)).toEqual({ file: 'en/incidents/ex1/index.html', fragment: 'update-1' });
    expect(resolveInternal('ja/index.html', 'https://example.com/en/', BASE)).toEqual({ file: 'en/index.html', fragment: undefined });
    expect(resolveInternal('ja/index.html', '#main', BASE)).toEqual({ file: 'ja/index.html', fragment: 'main' });
    expect(resolveInternal('ja/index.html', 'https://status.office365.com/', BASE)).toBeUndefined();
    expect(resolveInternal('ja/index.html', 'mailto:a@example.com', BASE)).toBeUndefined();
  });
});
