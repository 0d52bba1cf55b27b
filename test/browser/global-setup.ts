import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSample } from '../helpers/build.js';
import { startStaticServer } from './static-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Address of the served build, ending in `/status/`. */
    siteUrl: string;
    /** Absolute path of the built folder that is served. */
    siteDir: string;
    /** The build's diagnostics, one `file:line rule severity` line each. */
    buildDiagnostics: string[];
  }
}

/**
 * Builds the sample content once for every browser test, with its base URL on a loopback port under
 * `/status/` (a GitHub Pages project site), and serves it there until the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-browser-'));
  const siteDir = path.join(directory, 'site');
  const server = await startStaticServer(siteDir, '/status/');
  const run = await buildSample({ baseUrl: server.url, outDir: siteDir });
  const teardown = async () => {
    await server.close();
    await run.remove();
    await rm(directory, { recursive: true, force: true });
  };
  if (!run.result.ok) {
    await teardown();
    throw new Error(`the sample content did not build: ${JSON.stringify(run.result.diagnostics, null, 2)}`);
  }
  project.provide('siteUrl', server.url);
  project.provide('siteDir', siteDir);
  project.provide(
    'buildDiagnostics',
    run.result.diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.rule} ${diagnostic.severity}`),
  );
  return teardown;
}
