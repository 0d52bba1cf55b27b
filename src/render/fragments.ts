import type { Incident } from '../model.js';
import { renderMarkdown } from './markdown.js';

/** Markdown source → sanitized HTML pairs, as processing gives them. */
export type FragmentPairs = Iterable<readonly [markdown: string, html: string]>;

/**
 * Markdown source → sanitized HTML, each fragment rendered once per build.
 *
 * HTML known in advance (rendered by the loading pass) is added as it is; HTML from the cache is
 * attached per incident and decoded only when a page showing that incident is rendered (`prepare`),
 * so a rebuild that reuses most pages never decodes most of it. A fragment asked for and not known is
 * rendered on the spot: what is known in advance saves time and can never change the output.
 */
export class Fragments {
  private readonly known = new Map<string, string>();
  private readonly deferred = new Map<string, () => FragmentPairs>();

  constructor(pairs: FragmentPairs = []) {
    this.add(pairs);
  }

  /** Adds fragments whose HTML is known. */
  add(pairs: FragmentPairs): this {
    for (const [markdown, html] of pairs) this.known.set(markdown, html);
    return this;
  }

  /** Attaches the HTML of an incident's fragments, decoded by `load` when the incident is prepared. */
  defer(slug: string, load: () => FragmentPairs): void {
    this.deferred.set(slug, load);
  }

  /** Makes an incident's attached HTML known: call before building the views of a page that shows its text. */
  prepare(incident: Incident): void {
    const load = this.deferred.get(incident.slug);
    if (!load) return;
    this.deferred.delete(incident.slug);
    this.add(load());
  }

  /** The HTML of a Markdown fragment (rendered now if it is not known). */
  get(markdown: string): string {
    let html = this.known.get(markdown);
    if (html === undefined) {
      html = renderMarkdown(markdown);
      this.known.set(markdown, html);
    }
    return html;
  }
}
