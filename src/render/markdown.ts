import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** Writers' headings sit inside a page section (h2) and an update (h3), so `#` becomes h3 at least. */
const HEADING_SHIFT = 2;

function remarkShiftHeadings() {
  return (tree: MdastRoot) => {
    const visit = (node: { type: string; depth?: number; children?: unknown[] }) => {
      if (node.type === 'heading' && node.depth) node.depth = Math.min(6, node.depth + HEADING_SHIFT) as 1 | 2 | 3 | 4 | 5 | 6;
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree as unknown as { type: string; children: unknown[] });
  };
}

/** Outbound links open normally but never leak the opener or the referrer policy of the site. */
function rehypeExternalLinks() {
  return (tree: HastRoot) => {
    const visit = (node: { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[] }) => {
      if (node.type === 'element' && node.tagName === 'a' && typeof node.properties?.href === 'string' && /^https?:/iu.test(node.properties.href)) {
        node.properties.rel = ['noopener', 'noreferrer'];
      }
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree as unknown as { type: string; children: unknown[] });
  };
}

/**
 * GitHub's sanitization schema, narrowed: only http(s) and mailto links, only http(s) images, no ids or
 * classes that could collide with the page (footnote ids get a prefix), no `style`, no forms.
 */
const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'] },
  clobberPrefix: 'note-',
};

/** The one Markdown processor of a build: Markdown → sanitized HTML. Frozen, shared by every fragment. */
export const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkShiftHeadings)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(rehypeExternalLinks)
  .use(rehypeStringify)
  .freeze();

/** Renders one Markdown fragment to sanitized HTML. */
export function renderMarkdown(markdown: string): string {
  return String(markdownProcessor.processSync(markdown)).trim();
}

/** Renders each distinct fragment once. */
export function renderFragments(fragments: Iterable<string>): Map<string, string> {
  const rendered = new Map<string, string>();
  for (const fragment of fragments) {
    if (!rendered.has(fragment)) rendered.set(fragment, renderMarkdown(fragment));
  }
  return rendered;
}
