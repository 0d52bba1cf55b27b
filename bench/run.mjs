#!/usr/bin/env node
// kokuchi's build benchmark: whole-process timings, medians over several runs, and (with --compare)
// Hugo and Eleventy on the same corpus in the same run.
//
// usage: npm run bench -- [--sizes 1000,4000] [--runs 5] [--compare] [--search] [--peer-bench DIR] [--workers N]
//
// The corpus comes from the peer harness's generator (../shared/bench/gen-corpus.mjs by default), so
// every tool builds the same Markdown; bench/convert-corpus.mjs turns it into kokuchi records.
// Measurements, each over --runs runs after one warm-up, as separate processes:
//   cold     fresh output folder, no cache
//   nochange second build over the previous output with the cache
//   edit     one incident's text changed, output and cache of the previous build
//   peers    hugo / eleventy cold builds (--compare), right after kokuchi's cold runs
// The peers build pages, listings, a feed and a sitemap but no search index, so kokuchi is timed
// with --no-search by default (the equivalent output); --search times the full site instead.
// Peak RSS comes from GNU time (/usr/bin/time -f %M). Results: table on stdout, JSON in bench/results/.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCorpus } from './convert-corpus.mjs';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function parseArguments(argv) {
  const options = { sizes: [1000, 4000], runs: 5, compare: false, search: false, peerBench: path.join(ROOT, '..', 'shared', 'bench'), workers: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => argv[++index];
    if (argument === '--sizes') options.sizes = value().split(',').map(Number);
    else if (argument === '--runs') options.runs = Number(value());
    else if (argument === '--compare') options.compare = true;
    else if (argument === '--search') options.search = true;
    else if (argument === '--peer-bench') options.peerBench = path.resolve(value());
    else if (argument === '--workers') options.workers = Number(value());
    else {
      console.error(`unknown argument ${argument}`);
      process.exit(2);
    }
  }
  return options;
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MiB. */
function timed(command, args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', ...options, maxBuffer: 64 * 1024 * 1024 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(wall)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return { wall, rssMiB: rss / 1024 };
}

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

function measure(label, runs, prepare, run) {
  prepare?.(-1);
  run(-1); // warm-up: OS page cache, JIT-independent process start
  const walls = [];
  const rss = [];
  for (let index = 0; index < runs; index += 1) {
    prepare?.(index);
    const sample = run(index);
    walls.push(sample.wall);
    rss.push(sample.rssMiB);
  }
  const result = { label, wall: summarize(walls), rssMiB: summarize(rss) };
  console.error(`[bench] ${label}: median ${result.wall.median.toFixed(2)} s (${result.wall.min.toFixed(2)}–${result.wall.max.toFixed(2)}), peak ${result.rssMiB.max.toFixed(0)} MiB`);
  return result;
}

const options = parseArguments(process.argv.slice(2));
if (!fs.existsSync('/usr/bin/time')) {
  console.error('GNU time is needed for peak RSS: apt-get install -y time');
  process.exit(2);
}
if (!fs.existsSync(path.join(options.peerBench, 'gen-corpus.mjs'))) {
  console.error(`the corpus generator was not found in ${options.peerBench}; pass --peer-bench DIR (the shared peer harness)`);
  process.exit(2);
}
const cli = path.join(ROOT, 'bin', 'kokuchi.js');
if (!fs.existsSync(path.join(ROOT, 'lib', 'kokuchi.cjs'))) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'inherit' });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kokuchi-bench-'));
const harness = path.join(work, 'harness');
fs.cpSync(options.peerBench, harness, { recursive: true });
execFileSync('chmod', ['-R', 'u+w', harness]);
const hugo = options.compare && spawnSync('hugo', ['version']).status === 0;
if (options.compare && !hugo) console.error('[bench] hugo is not installed (apt-get install -y hugo): skipping it');
if (options.compare && !fs.existsSync(path.join(harness, 'peers', 'node_modules'))) {
  console.error('[bench] installing Eleventy for the comparison (npm, into the harness copy)');
  spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: path.join(harness, 'peers'), stdio: 'inherit' });
}
const eleventyReady = options.compare && fs.existsSync(path.join(harness, 'peers', 'node_modules', '@11ty', 'eleventy', 'cmd.cjs'));

const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  runs: options.runs,
  search: options.search,
  sizes: {},
};

for (const size of options.sizes) {
  const corpusDir = path.join(work, `n${size}`);
  execFileSync('node', [path.join(harness, 'gen-corpus.mjs'), '--n', String(size), '--out', corpusDir], { stdio: 'ignore' });
  const content = path.join(corpusDir, 'kokuchi', 'content');
  convertCorpus(path.join(corpusDir, 'incidents.json'), content);
  const site = path.join(corpusDir, 'kokuchi');
  const out = path.join(site, 'dist');
  const cache = path.join(site, 'cache');
  const workerArgs = [...(options.workers ? ['--workers', String(options.workers)] : []), ...(options.search ? [] : ['--no-search'])];
  const build = (extra = []) =>
    timed('node', [cli, 'build', '--content', content, '--templates', path.join(ROOT, 'templates'), '--out', out, '--cache-dir', cache, ...workerArgs, ...extra], { cwd: site });
  const fresh = () => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  };
  const results = {};
  const peerOut = path.join(harness, 'work', 'out');
  const peer = (name) => () => {
    const sample = timed('sh', [path.join(harness, 'cold.sh'), name, path.join(corpusDir, name)]);
    fs.rmSync(peerOut, { recursive: true, force: true });
    return sample;
  };
  results.cold = measure(`kokuchi cold n=${size}`, options.runs, fresh, () => build(['--no-cache']));
  if (hugo) results.hugo = measure(`hugo cold n=${size}`, options.runs, undefined, peer('hugo'));
  if (eleventyReady) results.eleventy = measure(`eleventy cold n=${size}`, options.runs, undefined, peer('eleventy'));
  fresh();
  build();
  results.nochange = measure(`kokuchi no-change rebuild n=${size}`, options.runs, undefined, () => build());
  const files = [];
  const walk = (directory) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(content, 'incidents'));
  files.sort();
  const edited = files[Math.floor(files.length / 2)];
  const original = fs.readFileSync(edited, 'utf8');
  results.edit = measure(
    `kokuchi one-edit rebuild n=${size}`,
    options.runs,
    (index) => fs.writeFileSync(edited, original.replace('summary:\n  ja: "', `summary:\n  ja: "（編集 ${index + 2}）`)),
    () => build(),
  );
  fs.writeFileSync(edited, original);
  // A CI publish (docs/performance.md): a fresh clone gives every file a new modification time and there is
  // no dist/, but actions/cache has restored the cache of the previous publish.
  build();
  results.ci = measure(
    `kokuchi CI-like rebuild n=${size}`,
    options.runs,
    (index) => {
      fs.rmSync(out, { recursive: true, force: true });
      const later = new Date(Date.now() + (index + 1) * 60_000);
      for (const file of files) fs.utimesSync(file, later, later);
    },
    () => build(),
  );
  results.ciVsCold = results.ci.wall.median / results.cold.wall.median;
  const pages = spawnSync('find', [out, '-name', '*.html'], { encoding: 'utf8' }).stdout.trim().split('\n').length;
  results.pages = pages;
  if (results.hugo) results.ratioHugo = results.cold.wall.median / results.hugo.wall.median;
  if (results.eleventy) results.ratioEleventy = results.cold.wall.median / results.eleventy.wall.median;
  if (results.hugo) results.editVsHugoCold = results.edit.wall.median / results.hugo.wall.median;
  report.sizes[size] = results;
}
if (report.sizes[1000] && report.sizes[4000]) report.growth = report.sizes[4000].cold.wall.median / report.sizes[1000].cold.wall.median;

const fmt = (entry) => (entry ? `${entry.wall.median.toFixed(2)} s (${entry.wall.min.toFixed(2)}–${entry.wall.max.toFixed(2)}), ${entry.rssMiB.max.toFixed(0)} MiB` : '—');
const lines = [
  `kokuchi build benchmark — ${report.machine.cpus} cores, ${report.machine.model}, node ${report.machine.node}, ${options.runs} runs each (median, min–max, peak RSS); kokuchi ${options.search ? 'with' : 'without'} the search index`,
  '',
  '| incidents | kokuchi cold | no-change rebuild | one-edit rebuild | Hugo cold | Eleventy cold | kokuchi/Hugo | kokuchi/Eleventy | edit/Hugo cold |',
  '|---|---|---|---|---|---|---|---|---|',
];
for (const [size, results] of Object.entries(report.sizes)) {
  const ratio = (value) => (value === undefined ? '—' : value.toFixed(2));
  lines.push(
    `| ${size} | ${fmt(results.cold)} | ${fmt(results.nochange)} | ${fmt(results.edit)} | ${fmt(results.hugo)} | ${fmt(results.eleventy)} | ${ratio(results.ratioHugo)} | ${ratio(results.ratioEleventy)} | ${ratio(results.editVsHugoCold)} |`,
  );
}
if (report.growth) lines.push('', `growth 4000/1000 (cold medians): ${report.growth.toFixed(2)}×`);
for (const [size, results] of Object.entries(report.sizes)) {
  lines.push('', `CI-like rebuild at ${size} (fresh clone, no dist/, cache restored): ${fmt(results.ci)}; CI-like/cold (medians): ${results.ciVsCold.toFixed(2)}`);
}
console.log(lines.join('\n'));
const resultsDir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, 'latest.md'), `${lines.join('\n')}\n`);
fs.rmSync(work, { recursive: true, force: true });
