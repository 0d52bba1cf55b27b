import { parentPort } from 'node:worker_threads';
import type { ContentConfiguration } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import { processGroup } from './process-group.js';

/** A batch of groups sent to a worker; the configuration comes once per worker. */
export type WorkerRequest = { kind: 'configure'; configuration: ContentConfiguration } | { kind: 'batch'; id: number; groups: RawSource[][] };

let configuration: ContentConfiguration | undefined;

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'configure') {
    configuration = request.configuration;
    return;
  }
  try {
    const results = request.groups.map((group) => processGroup(group, configuration!));
    parentPort!.postMessage({ id: request.id, results });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
