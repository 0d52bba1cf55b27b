/** Where the dev server serves its own files; nothing in a site's output lives here. */
export const DEV_PREFIX = '/__kokuchi/';
/** The server-sent events stream of reloads. */
export const EVENTS_PATH = `${DEV_PREFIX}events`;
/** The reload client, a same-origin script so that pages with a Content-Security-Policy may load it. */
export const CLIENT_PATH = `${DEV_PREFIX}reload.js`;

/** What a `reload` event carries: the output files that changed, or `all` when every page should reload. */
export type ReloadMessage = { all: true } | { files: string[] };

/**
 * The browser side of live reload. It listens to the event stream and reloads the page when the event
 * names the page's own output file (`/ja/` is `ja/index.html`), when it says `all`, or when the page
 * is the dev server's own error or building page. After the stream drops (the server restarted), it
 * reloads once the stream is back. No dependency: EventSource reconnects by itself.
 */
export const RELOAD_CLIENT = `// kokuchi dev: live reload (served only by \`kokuchi dev\`, never part of a build)
(() => {
  const current = () => {
    let path = location.pathname;
    try { path = decodeURIComponent(path); } catch { return ''; }
    path = path.replace(/^\\/+/, '');
    return path === '' || path.endsWith('/') ? path + 'index.html' : path;
  };
  let dropped = false;
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('reload', (event) => {
    const message = JSON.parse(event.data);
    const devPage = document.documentElement.hasAttribute('data-kokuchi-dev');
    if (devPage || message.all || (Array.isArray(message.files) && message.files.includes(current()))) location.reload();
  });
  events.addEventListener('open', () => {
    if (dropped) location.reload();
  });
  events.addEventListener('error', () => {
    dropped = true;
  });
})();
`;

const TAG = `<script src="${CLIENT_PATH}" defer></script>`;

/** Adds the reload client to an HTML page: before `</head>`, else before `</body>`, else at the end. Pure. */
export function injectReloadClient(html: string): string {
  for (const pattern of [/<\/head\s*>/iu, /<\/body\s*>/iu]) {
    const match = pattern.exec(html);
    if (match) return `${html.slice(0, match.index)}${TAG}\n${html.slice(match.index)}`;
  }
  return `${html}\n${TAG}\n`;
}

/** The text of a server-sent `reload` event. */
export function reloadEvent(message: ReloadMessage): string {
  return `event: reload\ndata: ${JSON.stringify(message)}\n\n`;
}
