import { LIB_ROOT } from '../paths.js';
import { Worker } from 'node:worker_threads';
import type { ContentConfiguration } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { processGroup, type ProcessedGroup } from './process-group.js';
import type { WorkerRequest } from './worker.js';

/** Below this many groups, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 48;
/** Groups per message: small enough to balance the load, large enough to keep messaging cheap. */
const BATCH_SIZE = 32;

/** The compiled worker script; when running from TypeScript sources (tests), the compiled copy in lib/. */
function workerScript(): URL {
  return new URL('load/worker.js', LIB_ROOT);
}

/**
 * Worker count when none is asked for: one, i.e. no worker threads. Measured with `npm run bench` on the
 * 2-core machine this project targets, two workers never beat processing inline at 300, 1,000 or 4,000
 * incidents: with the plain-Markdown fast path a group costs about a millisecond, and starting workers
 * and copying results back costs as much as the second core saves. `--workers N` turns them on.
 */
export function defaultWorkerCount(): number {
  return 1;
}

/**
 * Processes groups on a pool of worker threads (or inline for small sites or `workers <= 1`).
 * Results come back in the order of `groups`, so the output never depends on scheduling.
 */
export async function processGroups(
  groups: readonly (readonly RawSource[])[],
  configuration: ContentConfiguration,
  options: { workers: number },
): Promise<ProcessedGroup[]> {
  const workerCount = Math.min(options.workers, Math.ceil(groups.length / BATCH_SIZE));
  if (workerCount <= 1 || groups.length < PARALLEL_THRESHOLD) return groups.map((group) => processGroup(group, configuration));

  const results: ProcessedGroup[] = new Array(groups.length);
  const batches: { id: number; start: number; groups: RawSource[][] }[] = [];
  for (let start = 0, id = 0; start < groups.length; start += BATCH_SIZE, id += 1) {
    batches.push({ id, start, groups: groups.slice(start, start + BATCH_SIZE) as RawSource[][] });
  }
  let next = 0;
  const workers = Array.from({ length: workerCount }, () => new Worker(workerScript()));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const batch = batches[next];
              next += 1;
              if (!batch) {
                resolve();
                return;
              }
              const request: WorkerRequest = { kind: 'batch', id: batch.id, groups: batch.groups };
              worker.postMessage(request);
            };
            worker.on('message', (message: { id: number; results?: ProcessedGroup[]; error?: string }) => {
              if (message.error !== undefined) {
                reject(new Error(`a build worker failed: ${message.error}`));
                return;
              }
              const batch = batches[message.id]!;
              message.results!.forEach((result, index) => {
                results[batch.start + index] = result;
              });
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`a build worker stopped with exit code ${code}`));
            });
            const configure: WorkerRequest = { kind: 'configure', configuration };
            worker.postMessage(configure);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
