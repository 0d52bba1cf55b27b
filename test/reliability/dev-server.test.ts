import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../src/cli.js';
import { main } from '../../src/cli.js';
import { startDevServer } from '../../src/dev/server.js';
import { SAMPLE_CONTENT, TEMPLATES } from '../helpers/build.js';

async function status(base: string, pathname: string): Promise<number> {
  const response = await fetch(new URL(pathname, base));
  await response.arrayBuffer();
  return response.status;
}

async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('kokuchi dev', () => {
  it('serves the site again once its content folder is deleted and put back (as switching git branches does)', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'kokuchi-dev-gone-'));
    try {
      await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
      await cp(TEMPLATES, path.join(cwd, 'templates'), { recursive: true });
      const server = await startDevServer({ cwd, contentDir: path.join(cwd, 'content'), templatesDir: path.join(cwd, 'templates'), port: 0, search: false, cacheDir: false });
      try {
        expect(await status(server.url, '/ja/')).toBe(200);
        await rm(path.join(cwd, 'content'), { recursive: true });
        await eventually(async () => expect(await status(server.url, '/ja/')).toBe(500));
        await new Promise((resolve) => setTimeout(resolve, 500));
        await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
        await eventually(async () => expect(await status(server.url, '/ja/')).toBe(200));
      } finally {
        await server.close();
      }
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses an address that is not one (--host 256.1.1.1) as a usage error, before listening', async () => {
    const err: string[] = [];
    const environment: CliEnvironment = { stdout: { write: () => true }, stderr: { write: (text: string) => err.push(text) }, cwd: path.dirname(SAMPLE_CONTENT), env: {} };
    for (const host of ['256.1.1.1', '1.2.3', 'exa mple', '::12345', 'a..b']) {
      err.length = 0;
      const code = await main(['dev', '--host', host, '--port', '0', '--content', SAMPLE_CONTENT, '--templates', TEMPLATES], environment);
      expect(code, host).toBe(2);
      expect(err.join(''), host).toContain('--host');
    }
  });
});
