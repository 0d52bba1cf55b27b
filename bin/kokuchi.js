#!/usr/bin/env node
// A build writes thousands of small files: more libuv threads than the default 4 keep the disk busy.
process.env.UV_THREADPOOL_SIZE ??= '16';
// One bundled module (scripts/bundle.mjs): loading lib/'s modules one by one costs Node 20 more than the bundle.
const { main } = await import('../lib/kokuchi.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
