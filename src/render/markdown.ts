import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { findHeavyMarkdown } from '../content/markdown-limits.js';
import { findDeepMarkdown } from '../content/markdown-source.js';

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
 * Drops URLs that start with two slashes or backslashes (`//host/…`, `/\host/…`): the sanitizer takes them
 * for relative paths, but browsers load them from another host. Runs after the sanitizer, before images
 * without a source become their alt text.
 */
function rehypeDropProtocolRelativeUrls() {
  return (tree: HastRoot) => {
    const visit = (node: { type: string; properties?: Record<string, unknown>; children?: unknown[] }) => {
      if (node.type === 'element' && node.properties) {
        for (const name of ['href', 'src', 'cite']) {
          const value = node.properties[name];
          // eslint-disable-next-line no-control-regex
          if (typeof value === 'string' && /^[/\\]{2}/u.test(value.replace(/[\u0000-\u0020]/gu, ''))) delete node.properties[name];
        }
      }
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree as unknown as { type: string; children: unknown[] });
  };
}

/** Images whose URL the sanitizer removed (e.g. `![x](javascript:…)`) become their alt text: an `<img>` without `src` is invalid HTML. */
function rehypeUnwrapImagesWithoutSource() {
  return (tree: HastRoot) => {
    const visit = (node: { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[]; value?: string }) => {
      const children = node.children as (typeof node)[] | undefined;
      if (!children) return;
      for (let index = 0; index < children.length; index += 1) {
        const child = children[index]!;
        if (child.type === 'element' && child.tagName === 'img' && typeof child.properties?.src !== 'string') {
          const alt = child.properties?.alt;
          children[index] = { type: 'text', value: typeof alt === 'string' ? alt : '' };
        } else visit(child);
      }
    };
    visit(tree as unknown as { type: string; children: unknown[] });
  };
}

/** Headings without text (`#` alone on a line) are dropped: an empty heading means nothing to a reader or a screen reader. */
function rehypeDropEmptyHeadings() {
  type Node = { type: string; tagName?: string; value?: string; children?: Node[] };
  const hasContent = (node: Node): boolean =>
    node.type === 'text' ? (node.value ?? '').trim() !== '' : node.type === 'element' && (node.tagName === 'img' || (node.children ?? []).some(hasContent));
  return (tree: HastRoot) => {
    const visit = (node: Node) => {
      if (!node.children) return;
      node.children = node.children.filter((child) => !(child.type === 'element' && /^h[1-6]$/u.test(child.tagName ?? '') && !hasContent(child)));
      node.children.forEach(visit);
    };
    visit(tree as unknown as Node);
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

/**
 * Links within a fragment (footnote references and back-references) follow the prefix the sanitizer
 * gives every id: `#user-content-fn-a` becomes `#note-user-content-fn-a`, the id on the page.
 */
function rehypeLinkPrefixedIds() {
  type Node = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Node[] };
  return (tree: HastRoot) => {
    const ids = new Set<string>();
    const links: Node[] = [];
    const visit = (node: Node) => {
      if (node.type === 'element') {
        const id = node.properties?.id;
        if (typeof id === 'string') ids.add(id);
        if (node.tagName === 'a' && typeof node.properties?.href === 'string' && node.properties.href.startsWith('#')) links.push(node);
      }
      node.children?.forEach(visit);
    };
    visit(tree as unknown as Node);
    for (const link of links) {
      const target = (link.properties!.href as string).slice(1);
      if (!ids.has(target) && ids.has(`${schema.clobberPrefix}${target}`)) link.properties!.href = `#${schema.clobberPrefix}${target}`;
    }
  };
}

/** The one Markdown processor of a build: Markdown → sanitized HTML. Frozen, shared by every fragment. */
export const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkShiftHeadings)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(rehypeDropProtocolRelativeUrls)
  .use(rehypeUnwrapImagesWithoutSource)
  .use(rehypeDropEmptyHeadings)
  .use(rehypeLinkPrefixedIds)
  .use(rehypeExternalLinks)
  .use(rehypeStringify)
  .freeze();

/**
 * Renders one Markdown fragment to sanitized HTML. Markdown nested too deeply to parse safely (the loader
 * reports it in content files; see findDeepMarkdown) is shown as escaped text instead.
 */
export function renderMarkdown(markdown: string): string {
  if (findDeepMarkdown(markdown) !== undefined || findHeavyMarkdown(markdown) !== undefined) return renderAsText(markdown);
  try {
    return renderPlainMarkdown(markdown) ?? renderWithUnified(markdown);
  } catch (error) {
    if (error instanceof RangeError) return renderAsText(markdown);
    throw error;
  }
}

function renderAsText(markdown: string): string {
  const escaped = markdown.replace(/[&<>"]/gu, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;'));
  return `<p>${escaped}</p>`;
}

/** Renders through the full unified pipeline, never the fast path. */
export function renderWithUnified(markdown: string): string {
  return String(markdownProcessor.processSync(markdown)).trim();
}

/** Characters and sequences that may start Markdown or GFM syntax anywhere in a line. */
const INLINE_SYNTAX = /[\\`*_[\]<>&!|~#]|:\/\/|www\.|@|^\s|\s$|\t|\r/imu;
/** Line starts that open blocks other than paragraphs and simple list items. */
const BLOCK_START = /^(?:[-+=]|\d+[.)])/u;

/**
 * The fast path: most notice text is plain paragraphs and flat bullet lists. Such fragments are
 * rendered directly, byte-identical to the unified pipeline (a differential test over generated
 * inputs holds it to that); anything else returns undefined and goes through unified.
 */
export function renderPlainMarkdown(markdown: string): string | undefined {
  const blocks = markdown.replace(/^\n+|\n+$/gu, '').split(/\n{2,}/u);
  const html: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines[0]!.startsWith('- ')) {
      const items: string[] = [];
      for (const line of lines) {
        if (!line.startsWith('- ')) return undefined;
        const item = line.slice(2);
        if (item === '' || INLINE_SYNTAX.test(item) || BLOCK_START.test(item)) return undefined;
        items.push(`<li>${item}</li>`);
      }
      html.push(`<ul>\n${items.join('\n')}\n</ul>`);
      continue;
    }
    for (const line of lines) {
      if (line === '' || INLINE_SYNTAX.test(line) || BLOCK_START.test(line)) return undefined;
    }
    html.push(`<p>${block}</p>`);
  }
  return html.join('\n');
}
