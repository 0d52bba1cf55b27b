import { parentPort, workerData } from 'node:worker_threads';
import { SiteMirror, type MirrorMessage, type MirrorOptions, type MirrorResult } from './site-mirror.js';

/** The dev server's background renderer: a SiteMirror on its own thread, so that pages keep being served. */
const mirror = new SiteMirror(workerData as MirrorOptions);
let scheduled = false;
let rendering = false;

function post(result: MirrorResult): void {
  const transfer = result.kind === 'rendered' ? result.changed.map(([, bytes]) => bytes.buffer as ArrayBuffer) : [];
  parentPort!.postMessage(result, transfer);
}

async function run(): Promise<void> {
  scheduled = false;
  rendering = true;
  try {
    post(await mirror.render());
  } catch (error) {
    parentPort!.postMessage({ kind: 'crashed', generation: mirror.currentGeneration, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    rendering = false;
  }
  if (mirror.needsRender) schedule();
}

// Messages that arrive together are taken in before rendering (setImmediate runs after pending I/O), so a
// burst of edits costs one render.
function schedule(): void {
  if (scheduled || rendering) return;
  scheduled = true;
  setImmediate(() => void run());
}

parentPort!.on('message', (message: MirrorMessage) => {
  mirror.apply(message);
  schedule();
});
