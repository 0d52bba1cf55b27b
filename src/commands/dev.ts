import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { EXIT, parseOptions, sayIn, usageError, type CliEnvironment } from './options.js';
import { phrase } from '../messages/cli.js';
import { DevServerError, DevServerStopped, startDevServer } from '../dev/server.js';
import { isLoopbackHost } from '../dev/request-path.js';
import { formatHuman } from '../report.js';
import { defaultTemplatesDir } from '../paths.js';

const HELP = `Usage: kokuchi dev [options]

Builds the site into memory and serves it with live reload while you write.
Watches content/ and templates/: saving a record re-renders its pages and
reloads the open browser tabs; when the content has errors, every page shows
them (file:line:column and message) until the file is fixed. Nothing is written
to dist/. The search index is built once at start and not refreshed.

Options:
  --port N          port (default 4321; 0 picks a free one)
  --host ADDRESS    address to listen on (default 127.0.0.1, this machine only);
                    any other address lets other machines read the preview
  --content DIR     content folder (default: content)
  --templates DIR   templates folder (default: templates/ beside the content
                    folder if there is one, else kokuchi's own)
  --drafts          include records marked draft: true
  --no-search       do not build the search index (starts faster on large sites)
  --no-cache        ignore and do not write the build cache at start

Stop with Ctrl+C.
`;

/** True for an IPv4 or IPv6 address or a host name made of valid labels; dotted numbers must be a real IPv4 address (256.1.1.1 is not). */
export function isHostAddress(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const labels = host.replace(/\.$/u, '').split('.');
  if (labels.every((label) => /^\d+$/u.test(label))) return false;
  return host.length <= 253 && labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/iu.test(label));
}

/** Resolves on SIGINT or SIGTERM, the way `kokuchi dev` is stopped (Ctrl+C). */
function processSignal(): { promise: Promise<void>; dispose(): void } {
  let handler: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    handler = () => resolve();
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  });
  return {
    promise,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * `kokuchi dev`: serve the site from memory with live reload until stopped. `stop` replaces the
 * SIGINT/SIGTERM wait (tests); the run resolves with the exit code once everything is closed.
 */
export async function runDev(args: string[], environment: CliEnvironment, stop?: Promise<void>): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    port: { type: 'string', default: '4321' },
    host: { type: 'string' },
    content: { type: 'string', default: 'content' },
    templates: { type: 'string' },
    drafts: { type: 'boolean', default: false },
    'no-search': { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) usageError(phrase('unexpected-argument', positionals[0]!));
  const port = Number(values.port);
  if (!/^\d+$/u.test(values.port) || port > 65535) usageError(phrase('bad-port', values.port));
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') usageError(phrase('empty-host'));
  if (!isHostAddress(host)) usageError(phrase('dev-bad-host', host));
  const resolve = (value: string) => path.resolve(environment.cwd, value);
  const contentDir = resolve(values.content);
  const templatesDir = values.templates === undefined ? defaultTemplatesDir(contentDir) : resolve(values.templates);
  for (const [option, directory] of [['--content', contentDir], ['--templates', templatesDir]] as const) {
    if (!existsSync(directory) || !statSync(directory).isDirectory()) usageError(phrase('missing-folder', option, path.relative(environment.cwd, directory) || '.'));
  }
  if (!isLoopbackHost(host)) {
    environment.stderr.write(`kokuchi dev: ${sayIn(environment, phrase('dev-listening-openly', host))}\n`);
  }

  const color = Boolean(environment.stderr.isTTY) && !environment.env.NO_COLOR;
  const signal = stop ? undefined : processSignal();
  const stopping = new AbortController();
  void (stop ?? signal!.promise).then(() => stopping.abort());
  let server;
  try {
    server = await startDevServer({
      signal: stopping.signal,
      cwd: environment.cwd,
      contentDir,
      templatesDir,
      port,
      host,
      allowNonLoopback: values.host !== undefined && !isLoopbackHost(host),
      drafts: values.drafts,
      search: !values['no-search'],
      ...(values['no-cache'] ? { cacheDir: false as const } : {}),
      log: { info: (line) => environment.stdout.write(`${line}\n`), problem: (text) => environment.stderr.write(text) },
      language: environment.language ?? 'en',
      formatDiagnostics: (diagnostics, readSource) => formatHuman(diagnostics, { color, readSource, language: environment.language ?? 'en' }),
    });
  } catch (error) {
    signal?.dispose();
    if (error instanceof DevServerStopped) {
      environment.stdout.write(`kokuchi dev: ${sayIn(environment, phrase('dev-stopped'))}\n`);
      return EXIT.ok;
    }
    if (error instanceof DevServerError) {
      environment.stderr.write(`kokuchi dev: ${sayIn(environment, phrase('dev-server-error', error.message))}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  environment.stdout.write(`${sayIn(environment, phrase('dev-serving', server.url))}\n`);
  await new Promise<void>((resolve) => (stopping.signal.aborted ? resolve() : stopping.signal.addEventListener('abort', () => resolve(), { once: true })));
  signal?.dispose();
  await server.close();
  environment.stdout.write(`kokuchi dev: ${sayIn(environment, phrase('dev-stopped'))}\n`);
  return EXIT.ok;
}
