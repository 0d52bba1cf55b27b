#!/usr/bin/env node
// A build writes thousands of small files: more libuv threads than the default 4 keep the disk busy.
process.env.UV_THREADPOOL_SIZE ??= '16';
// One bundled script (scripts/bundle.mjs): loading lib/'s modules one by one costs Node 20 more than the
// bundle, and the bundle runs with a code cache (lib/code-cache.js) so that it is not compiled every time.
const { fileURLToPath } = await import('node:url');
const { loadBundle } = await import('../lib/code-cache.js');
const bundle = loadBundle(fileURLToPath(new URL('../lib/kokuchi.cjs', import.meta.url)), process.argv[2], process.env);

process.exitCode = await bundle.exports.main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
bundle.save();
