// Bundles the compiled CLI (lib/cli.js and everything it imports, packages included) into one module,
// lib/kokuchi.js, which bin/kokuchi.js runs. Node 20 spends about a quarter of a second resolving and
// loading the few hundred modules separately, on every command (docs/performance.md). Worker scripts
// (lib/load/worker.js, lib/output/writer-thread.js, lib/dev/render-worker.js) stay separate files; Pagefind stays an external
// package, loaded only when a search index is built.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli.js'],
  outfile: 'lib/kokuchi.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pagefind', 'esbuild'],
  // Packages written as CommonJS call require() for Node's own modules.
  banner: { js: "import { createRequire as kokuchiRequire } from 'node:module';\nconst require = kokuchiRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
