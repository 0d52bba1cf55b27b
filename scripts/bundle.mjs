// Bundles the compiled CLI (lib/cli.js and everything it imports, packages included) into one module,
// lib/kokuchi.cjs, which bin/kokuchi.js runs with a V8 code cache (src/code-cache.ts). CommonJS because
// Node 20 can give a code cache only to a script (vm.Script), not to an ES module; the code stays in
// strict mode, as it was as an ES module. Node 20 spends about a quarter of a second resolving and
// loading the few hundred modules separately, on every command (docs/performance.md). Worker scripts
// (lib/load/worker.js, lib/output/writer-thread.js, lib/dev/render-worker.js) stay separate files; Pagefind stays an external
// package, loaded only when a search index is built.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli.js'],
  outfile: 'lib/kokuchi.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['pagefind', 'esbuild'],
  // lib/paths.js finds the templates and the worker scripts from its own address.
  define: { 'import.meta.url': 'kokuchiModuleUrl' },
  banner: { js: "'use strict';\nconst kokuchiModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});
