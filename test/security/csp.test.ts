import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, buildSample, htmlFiles, parseHtml, type BuildRun, type HtmlDocument } from '../helpers/build.js';
import { unsafeMarkup } from '../fixtures/hostile/hostile.js';

const BASE = 'https://example.com/';

/** A policy as directive name → source list (lower-cased names, sources as written). */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/u);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The sources that apply to a fetch directive: its own, else default-src's. */
function effective(directives: Map<string, string[]>, name: string): string[] | undefined {
  return directives.get(name) ?? directives.get('default-src');
}

function policyOf(document: HtmlDocument): { policy: string | undefined; count: number } {
  const metas = all(document, 'meta[http-equiv]').filter((meta) => meta.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy');
  return { policy: metas[0]?.getAttribute('content') ?? undefined, count: metas.length };
}

describe('the Content-Security-Policy of every built page', () => {
  let run: BuildRun;
  const pages: [string, HtmlDocument][] = [];

  beforeAll(async () => {
    run = await buildSample();
    for (const file of htmlFiles(run.files)) pages.push([file, parseHtml(run.text(file))]);
  });
  afterAll(() => run.remove());

  it('is one meta tag in the head, before any stylesheet or script it must govern', () => {
    expect(pages.length).toBeGreaterThan(5);
    for (const [file, document] of pages) {
      const { count } = policyOf(document);
      expect(count, `${file} has ${count} Content-Security-Policy meta tags`).toBe(1);
      const head = all(document, 'head > *');
      const meta = head.findIndex((element) => element.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy');
      expect(meta, `${file}: the policy is not a child of head`).toBeGreaterThanOrEqual(0);
      const firstLoad = head.findIndex((element) => element.tagName === 'SCRIPT' || (element.tagName === 'LINK' && /stylesheet|preload|modulepreload/iu.test(element.getAttribute('rel') ?? '')));
      if (firstLoad !== -1) expect(meta, `${file}: the policy comes after the first stylesheet or script`).toBeLessThan(firstLoad);
    }
  });

  it("allows scripts only from 'self' (plus WebAssembly for search), never inline or eval", () => {
    for (const [file, document] of pages) {
      const directives = parsePolicy(policyOf(document).policy ?? '');
      const scripts = effective(directives, 'script-src');
      expect(scripts, `${file}: no script-src or default-src`).toBeDefined();
      expect(scripts, file).toContain("'self'");
      expect(scripts!.filter((source) => !["'self'", "'wasm-unsafe-eval'"].includes(source.toLowerCase())), file).toEqual([]);
      const elements = effective(directives, 'script-src-elem');
      if (elements) expect(elements.filter((source) => source.toLowerCase() !== "'self'"), file).toEqual([]);
      expect(directives.get('script-src-attr')?.filter((source) => source.toLowerCase() !== "'none'") ?? [], file).toEqual([]);
    }
  });

  it("allows styles only from 'self', never inline", () => {
    for (const [file, document] of pages) {
      const directives = parsePolicy(policyOf(document).policy ?? '');
      const styles = effective(directives, 'style-src');
      expect(styles, `${file}: no style-src or default-src`).toBeDefined();
      expect(styles!.map((source) => source.toLowerCase()), file).toEqual(["'self'"]);
      for (const name of ['style-src-elem', 'style-src-attr']) {
        const sources = directives.get(name);
        if (sources) expect(sources.filter((source) => !["'self'", "'none'"].includes(source.toLowerCase())), `${file} ${name}`).toEqual([]);
      }
      expect(effective(directives, 'object-src')?.filter((source) => !["'self'", "'none'"].includes(source.toLowerCase())) ?? ['(unset)'], `${file}: object-src`).toEqual([]);
    }
  });

  it('is met by the pages themselves: no inline script or style, no handler attributes, scripts and styles from the site', () => {
    const problems = pages.flatMap(([file, document]) => unsafeMarkup(file, run.text(file), document, run.files, BASE));
    expect(problems).toEqual([]);
    for (const [file, document] of pages) {
      for (const link of all(document, 'link[rel~="stylesheet"]')) {
        const href = link.getAttribute('href') ?? '';
        expect(/^[a-z][a-z0-9+.-]*:/iu.test(href) ? href.startsWith(BASE) : !href.startsWith('//'), `${file}: ${href}`).toBe(true);
      }
    }
  });

  it('is met by the site\'s scripts: no eval, no string timers, no style attributes', () => {
    const scripts = [...run.files.keys()].filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const source = run.text(file);
      expect(source, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['"`]/u);
      expect(source, file).not.toMatch(/setAttribute\(\s*['"]style['"]|style\s*=\s*\\?["']/u);
    }
  });
});
