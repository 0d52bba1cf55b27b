#!/usr/bin/env node
// kokuchi's build benchmark: whole-process timings, medians over several runs, and (with --compare)
// Hugo and Eleventy on the same corpus in the same run.
//
// usage: npm run bench -- [--sizes 1000,4000] [--runs 5] [--compare] [--search] [--peer-bench DIR] [--workers N] [--baseline DIR]
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
//
// --baseline DIR times another kokuchi checkout (compiled: DIR/bin/kokuchi.js and DIR/lib) in the same
// measurements, its runs interleaved with this one's (A B B A A B …, each with its own output and cache
// folders), so that a machine that drifts slower over minutes slows both alike; the table gains a row
// per size for the baseline and one of ratios (this / baseline, of medians).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCorpus } from './convert-corpus.mjs';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function parseArguments(argv) {
  const options = { sizes: [1000, 4000], runs: 5, compare: false, search: false, peerBench: path.join(ROOT, '..', 'shared', 'bench'), workers: undefined, baseline: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => argv[++index];
    if (argument === '--sizes') options.sizes = value().split(',').map(Number);
    else if (argument === '--runs') options.runs = Number(value());
    else if (argument === '--compare') options.compare = true;
    else if (argument === '--search') options.search = true;
    else if (argument === '--peer-bench') options.peerBench = path.resolve(value());
    else if (argument === '--workers') options.workers = Number(value());
    else if (argument === '--baseline') options.baseline = path.resolve(value());
    else {
      console.error(`unknown argument ${argument}`);
      process.exit(2);
    }
  }
  return options;
}

/** Runs a command under GNU time; returns wall seconds, CPU seconds (user + system, all threads and children) and peak RSS in MiB. */
function timed(command, args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { encoding: 'utf8', ...options, maxBuffer: 64 * 1024 * 1024 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss, user, system] = last.split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(wall)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return { wall, cpu: user + system, rssMiB: rss / 1024 };
}

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

const logResult = (result) =>
  console.error(
    `[bench] ${result.label}: median ${result.wall.median.toFixed(2)} s (${result.wall.min.toFixed(2)}–${result.wall.max.toFixed(2)}), CPU ${result.cpu.median.toFixed(2)} s, peak ${result.rssMiB.max.toFixed(0)} MiB`,
  );

/** `runs` timed runs of `run` after one warm-up, each after `prepare` (given the run's index, -1 for the warm-up). */
function measure(label, runs, prepare, run) {
  return measureVersions(label, runs, [undefined], (index) => prepare?.(index), () => run())[0];
}

/**
 * The same measurement for each version, their runs interleaved: run i goes through the versions in
 * order when i is even and in reverse when it is odd (A B B A A B …), so that drift hits both alike.
 * `prepare(index, version)` comes right before each run of `version`.
 */
function measureVersions(label, runs, versions, prepare, run) {
  for (const version of versions) {
    prepare(-1, version);
    run(version); // warm-up: OS page cache, the code cache, JIT-independent process start
  }
  const samples = versions.map(() => ({ walls: [], cpu: [], rss: [] }));
  for (let index = 0; index < runs; index += 1) {
    const order = versions.map((_, position) => position);
    if (index % 2 === 1) order.reverse();
    for (const position of order) {
      prepare(index, versions[position]);
      const sample = run(versions[position]);
      samples[position].walls.push(sample.wall);
      samples[position].cpu.push(sample.cpu);
      samples[position].rss.push(sample.rssMiB);
    }
  }
  return versions.map((version, position) => {
    const result = { label: version?.name ? `${label} (${version.name})` : label, wall: summarize(samples[position].walls), cpu: summarize(samples[position].cpu), rssMiB: summarize(samples[position].rss) };
    logResult(result);
    return result;
  });
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
if (!fs.existsSync(path.join(ROOT, 'lib', 'kokuchi.cjs'))) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'inherit' });
/** The kokuchi versions timed: this checkout, and the baseline checkout with --baseline. */
const versions = [{ name: options.baseline ? 'this' : '', root: ROOT }];
if (options.baseline) {
  if (!fs.existsSync(path.join(options.baseline, 'bin', 'kokuchi.js')) || !fs.existsSync(path.join(options.baseline, 'lib'))) {
    console.error(`--baseline ${options.baseline}: no compiled kokuchi there (bin/kokuchi.js and lib/; run npm ci && npm run compile in it)`);
    process.exit(2);
  }
  const commit = spawnSync('git', ['-C', options.baseline, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  versions.push({ name: `baseline${commit ? ` ${commit}` : ''}`, root: options.baseline });
}

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
  ...(options.baseline ? { baseline: { folder: options.baseline, name: versions[1].name } } : {}),
  sizes: {},
};

for (const size of options.sizes) {
  const corpusDir = path.join(work, `n${size}`);
  execFileSync('node', [path.join(harness, 'gen-corpus.mjs'), '--n', String(size), '--out', corpusDir], { stdio: 'ignore' });
  const content = path.join(corpusDir, 'kokuchi', 'content');
  convertCorpus(path.join(corpusDir, 'incidents.json'), content);
  const site = path.join(corpusDir, 'kokuchi');
  const workerArgs = [...(options.workers ? ['--workers', String(options.workers)] : []), ...(options.search ? [] : ['--no-search'])];
  // Each version builds into its own output and cache folders.
  const folders = (version) => {
    const suffix = version === versions[0] ? '' : `-${versions.indexOf(version)}`;
    return { out: path.join(site, `dist${suffix}`), cache: path.join(site, `cache${suffix}`) };
  };
  const build = (version, extra = []) =>
    timed('node', [path.join(version.root, 'bin', 'kokuchi.js'), 'build', '--content', content, '--templates', path.join(version.root, 'templates'), '--out', folders(version).out, '--cache-dir', folders(version).cache, ...workerArgs, ...extra], { cwd: site });
  const fresh = (version) => {
    fs.rmSync(folders(version).out, { recursive: true, force: true });
    fs.rmSync(folders(version).cache, { recursive: true, force: true });
  };
  const results = {};
  const peerOut = path.join(harness, 'work', 'out');
  const peer = (name) => () => {
    const sample = timed('sh', [path.join(harness, 'cold.sh'), name, path.join(corpusDir, name)]);
    fs.rmSync(peerOut, { recursive: true, force: true });
    return sample;
  };
  /** A kokuchi measurement of every version; its result for this checkout, the others' in results.baseline. */
  const kokuchi = (name, label, prepare, run) => {
    const [own, ...others] = measureVersions(label, options.runs, versions, prepare, run);
    results[name] = own;
    if (others.length > 0) (results.baseline ??= {})[name] = others[0];
  };
  kokuchi('cold', `kokuchi cold n=${size}`, (_, version) => fresh(version), (version) => build(version, ['--no-cache']));
  if (hugo) results.hugo = measure(`hugo cold n=${size}`, options.runs, undefined, peer('hugo'));
  if (eleventyReady) results.eleventy = measure(`eleventy cold n=${size}`, options.runs, undefined, peer('eleventy'));
  for (const version of versions) {
    fresh(version);
    build(version);
  }
  kokuchi('nochange', `kokuchi no-change rebuild n=${size}`, () => {}, (version) => build(version));
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
  // Every version sees the same edit of run i (a text neither has built yet).
  kokuchi(
    'edit',
    `kokuchi one-edit rebuild n=${size}`,
    (index) => fs.writeFileSync(edited, original.replace('summary:\n  ja: "', `summary:\n  ja: "（編集 ${index + 2}）`)),
    (version) => build(version),
  );
  fs.writeFileSync(edited, original);
  // A CI publish (docs/performance.md): a fresh clone gives every file a new modification time and there is
  // no dist/, but actions/cache has restored the cache of the previous publish.
  for (const version of versions) build(version);
  kokuchi(
    'ci',
    `kokuchi CI-like rebuild n=${size}`,
    (index, version) => {
      fs.rmSync(folders(version).out, { recursive: true, force: true });
      const later = new Date(Date.now() + (index + 2) * 60_000);
      for (const file of files) fs.utimesSync(file, later, later);
    },
    (version) => build(version),
  );
  results.ciVsCold = results.ci.wall.median / results.cold.wall.median;
  const pages = spawnSync('find', [folders(versions[0]).out, '-name', '*.html'], { encoding: 'utf8' }).stdout.trim().split('\n').length;
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
const ratio = (value) => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2));
const over = (a, b) => (a && b ? a.wall.median / b.wall.median : undefined);
for (const [size, results] of Object.entries(report.sizes)) {
  const own = versions.length > 1 ? `${size}, ${versions[0].name}` : size;
  lines.push(
    `| ${own} | ${fmt(results.cold)} | ${fmt(results.nochange)} | ${fmt(results.edit)} | ${fmt(results.hugo)} | ${fmt(results.eleventy)} | ${ratio(results.ratioHugo)} | ${ratio(results.ratioEleventy)} | ${ratio(results.editVsHugoCold)} |`,
  );
  const base = results.baseline;
  if (!base) continue;
  lines.push(
    `| ${size}, ${versions[1].name} | ${fmt(base.cold)} | ${fmt(base.nochange)} | ${fmt(base.edit)} | | | ${ratio(over(base.cold, results.hugo))} | ${ratio(over(base.cold, results.eleventy))} | ${ratio(over(base.edit, results.hugo))} |`,
    `| ${size}, this / baseline | ${ratio(over(results.cold, base.cold))} | ${ratio(over(results.nochange, base.nochange))} | ${ratio(over(results.edit, base.edit))} | | | | | |`,
  );
}
// CPU time does not count waiting for the disk, which is most of the spread of cold builds here.
const cpuOver = (a, b) => (a && b ? a.cpu.median / b.cpu.median : undefined);
for (const [size, results] of Object.entries(report.sizes)) {
  const base = results.baseline;
  if (base) lines.push('', `CPU time (user + system, medians) at ${size}, this / baseline: cold ${ratio(cpuOver(results.cold, base.cold))}, no-change ${ratio(cpuOver(results.nochange, base.nochange))}, one-edit ${ratio(cpuOver(results.edit, base.edit))}, CI-like ${ratio(cpuOver(results.ci, base.ci))}`);
}
if (report.growth) lines.push('', `growth 4000/1000 (cold medians): ${report.growth.toFixed(2)}×`);
for (const [size, results] of Object.entries(report.sizes)) {
  lines.push('', `CI-like rebuild at ${size} (fresh clone, no dist/, cache restored): ${fmt(results.ci)}; CI-like/cold (medians): ${results.ciVsCold.toFixed(2)}`);
  if (results.baseline) lines.push(`CI-like rebuild at ${size}, ${versions[1].name}: ${fmt(results.baseline.ci)}; this / baseline: ${ratio(over(results.ci, results.baseline.ci))}`);
}
console.log(lines.join('\n'));
const resultsDir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, 'latest.md'), `${lines.join('\n')}\n`);
fs.rmSync(work, { recursive: true, force: true });
