import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** The Chromium binary: `CHROMIUM_PATH`, or Debian's package. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), and nothing that talks to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches the system Chromium (never a downloaded one). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Prefix of the console messages the init script writes for each Content-Security-Policy violation. */
export const CSP_MARKER = 'kokuchi-test: CSP violation';

/*
 * Runs before any page script. It is injected through the DevTools protocol, so the page's own CSP does
 * not apply to it; it reports every violation (the page's, its workers' show in the console anyway) as
 * a console error the watcher below collects.
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', function (event) {
  console.error(${JSON.stringify(CSP_MARKER)} + ': ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.sourceFile + ':' + event.lineNumber);
});`;

/** Problems seen on a page: console errors and warnings, uncaught exceptions, CSP violations, failed requests. */
export interface PageProblems {
  /** One line per problem, in the order they happened. */
  readonly list: string[];
  /** Forgets what was collected so far (for a step that provokes an error on purpose). */
  clear(): void;
}

/**
 * Opens a browser context that enforces the pages' CSP (the default) and reports CSP violations from
 * every page opened in it.
 */
export async function newWatchedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  return context;
}

/** Starts collecting the problems of a page and of the workers it starts. */
export function watchPage(page: Page): PageProblems {
  const list: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const source = message.location().url;
    // Chromium may ask a host for /favicon.ico at its root, outside the site's folder (the site's own icons
    // are under its base URL): that request is the browser's habit, not a broken reference of the site.
    if (/^https?:\/\/[^/]+\/favicon\.ico$/u.test(source)) return;
    list.push(`console ${message.type()}: ${message.text()} (${source || page.url()})`);
  });
  page.on('pageerror', (error) => list.push(`uncaught: ${error.message} (${page.url()})`));
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') list.push(`worker console ${message.type()}: ${message.text()} (${worker.url()})`);
    });
  });
  page.on('requestfailed', (request) => {
    // The browser fetches a page's icon in the background; navigating on cancels that fetch (ERR_ABORTED).
    // The icon itself is checked by the link tests; a cancelled fetch of it is no problem of the site.
    if (/\/favicon\.(svg|ico)$/u.test(request.url()) && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    list.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) list.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    list,
    clear: () => {
      list.length = 0;
    },
  };
}
