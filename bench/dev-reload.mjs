#!/usr/bin/env node
// Measures `kokuchi dev` on a large site: the time from saving a record to the reload event that names
// the record's page (what a writer waits for), over several edits, with the median and min–max.
//
// usage: node bench/dev-reload.mjs [CONTENT_DIR] [--edits 10] [--gap 1500] [--templates DIR] [--bin bin/kokuchi.js]
//
// Make a 4,000-incident site first (the peer harness's corpus, converted):
//   node ../shared/bench/gen-corpus.mjs --n 4000 --out /tmp/gc4000
//   node bench/convert-corpus.mjs /tmp/gc4000/incidents.json /tmp/k4000/content
//   npm run compile && node bench/dev-reload.mjs /tmp/k4000/content
//
// The record is edited in place (its Japanese title gets a marker) and restored at the end. The background
// renderer (listings, feeds, API) keeps running between edits, as it does while a writer works; its passes
// are reported too when they finish within the gap.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    edits: { type: 'string', default: '10' },
    gap: { type: 'string', default: '1500' },
    templates: { type: 'string', default: path.join(root, 'templates') },
    bin: { type: 'string', default: path.join(root, 'bin/kokuchi.js') },
    'startup-timeout': { type: 'string', default: '900' },
  },
});
const contentDir = path.resolve(positionals[0] ?? '/tmp/k4000/content');
const edits = Number(values.edits);
const gap = Number(values.gap);

function firstRecord(directory) {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      const found = firstRecord(full);
      if (found) return found;
    } else if (entry.name.endsWith('.yaml')) return full;
  }
  return undefined;
}

const record = firstRecord(path.join(contentDir, 'incidents'));
if (!record) throw new Error(`no YAML record under ${contentDir}/incidents`);
const original = readFileSync(record, 'utf8');
const id = /^id: "?([^"\n]+)"?$/mu.exec(original)?.[1] ?? path.basename(record, '.yaml');
const article = `ja/incidents/${id.toLowerCase()}/index.html`;
const incidentCount = readdirSync(path.join(contentDir, 'incidents'), { recursive: true }).filter((name) => String(name).endsWith('.yaml')).length;

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${value.toFixed(0)} ms`;

console.log(`dev-reload: ${incidentCount} records in ${contentDir}; editing ${path.relative(contentDir, record)} ${edits} times, ${gap} ms apart`);
console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`);

// The server runs as `kokuchi dev` in its own process, like a writer's; this process is the browser.
const backgroundLines = [];
let started = performance.now();
const child = spawn(process.execPath, [path.resolve(values.bin), 'dev', '--port', '0', '--content', contentDir, '--templates', path.resolve(values.templates)], {
  cwd: path.dirname(contentDir),
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let buffered = '';
  const timer = setTimeout(() => reject(new Error('kokuchi dev did not start in time')), Number(values['startup-timeout']) * 1000);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const serving = /^serving (\S+)/u.exec(line);
      if (serving) {
        clearTimeout(timer);
        resolve(serving[1]);
      }
      if (line.includes('in the background')) backgroundLines.push(line.replace(/^\S+\s+/u, ''));
      else if (line.startsWith('kokuchi dev:')) console.log(`  ${line}`);
    }
  });
  child.once('exit', (code) => reject(new Error(`kokuchi dev exited with ${code}`)));
});
const startup = performance.now() - started;
const server = { url };
console.log(`started in ${(startup / 1000).toFixed(1)} s at ${server.url}`);

// Read the event stream as a browser would (Node 20 has no EventSource).
const controller = new AbortController();
const response = await fetch(new URL('/__kokuchi/events', server.url), { signal: controller.signal });
const listeners = new Set();
void (async () => {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/mu.exec(block)?.[1];
        if (!/^event: reload$/mu.test(block) || !data) continue;
        const message = JSON.parse(data);
        const at = performance.now();
        for (const listener of listeners) listener(message, at);
      }
    }
  } catch {
    // Aborted at the end.
  }
})();

function nextReload(accept, timeoutMs) {
  return new Promise((resolve, reject) => {
    const listener = (message, at) => {
      if (!accept(message)) return;
      listeners.delete(listener);
      clearTimeout(timer);
      resolve(at);
    };
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`no reload event for ${article} within ${timeoutMs} ms`));
    }, timeoutMs);
    listeners.add(listener);
  });
}

const times = [];
let memory;
try {
  for (let edit = 1; edit <= edits; edit += 1) {
    const marker = `[dev-reload ${edit}]`;
    const text = original.replace(/^title: \{ja: "/mu, `title: {ja: "${marker} `);
    if (text === original) throw new Error('could not find the title to edit');
    const reload = nextReload((message) => message.all || message.files?.includes(article), 10_000);
    started = performance.now();
    writeFileSync(record, text);
    const at = await reload;
    const elapsed = at - started;
    times.push(elapsed);
    const page = await (await fetch(new URL(`/${article.replace(/index\.html$/u, '')}`, server.url))).text();
    if (!page.includes(marker)) throw new Error(`edit ${edit}: the page does not show the edit`);
    console.log(`edit ${String(edit).padStart(2)}: reload event after ${ms(elapsed)}`);
    await new Promise((resolve) => setTimeout(resolve, gap));
  }
} finally {
  writeFileSync(record, original);
  await new Promise((resolve) => setTimeout(resolve, 300));
  controller.abort();
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const peak = /^VmHWM:\s+(\d+) kB/mu.exec(status)?.[1];
    if (peak) memory = `${(Number(peak) / 1024).toFixed(0)} MiB`;
  } catch {
    // Not Linux: no memory figure.
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

console.log(`\nedit → reload event over ${times.length} edits: median ${ms(median(times))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}`);
if (backgroundLines.length > 0) console.log(`background passes seen: ${backgroundLines.length}, e.g. ${backgroundLines.at(-1)}`);
else console.log(`no background pass (listings, feeds, API) finished within the run`);
console.log(`startup (load + first complete render + search index): ${(startup / 1000).toFixed(1)} s`);
if (memory) console.log(`peak RSS of kokuchi dev (main process, both threads): ${memory}`);
