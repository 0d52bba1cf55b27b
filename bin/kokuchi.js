#!/usr/bin/env node
// A build writes thousands of small files: more libuv threads than the default 4 keep the disk busy.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../lib/cli.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
