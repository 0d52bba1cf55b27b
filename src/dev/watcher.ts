import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** What happened to a path, as chokidar names it. */
export type WatchEvent = 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';

/** Changed paths (absolute) with their last event, gathered until the folders were quiet for a moment. */
export type ChangeBatch = Map<string, WatchEvent>;

/** A running watcher. */
export interface SourceWatcher {
  /** Resolves once the initial scan is done and changes are reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Names that editors and tools write next to the files they save (backups, swap files, vim's `4913`
 * probe) and hidden files: never content, never worth a rebuild.
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('#') || name.endsWith('~') || /\.(swp|swx|swo|tmp|bak)$/iu.test(name) || name === '4913';
}

/**
 * Watches folders (chokidar 4 watches folders and filters in code; it survives editors' atomic saves,
 * which Node 20's recursive fs.watch does not) and calls `onChange` with every path that changed once no
 * event came for `debounceMs`.
 */
export function watchSources(
  directories: readonly string[],
  onChange: (batch: ChangeBatch) => void,
  options: { debounceMs: number; onError?: (error: unknown) => void },
): SourceWatcher {
  const roots = new Set(directories.map((directory) => path.resolve(directory)));
  // Each folder is watched from its parent, so that a folder deleted and put back (switching git
  // branches does that) is seen again; of the parent, only the watched folders themselves are looked at.
  const parents = new Set([...roots].map((root) => path.dirname(root)));
  const inRoot = (file: string) => [...roots].some((root) => file === root || file.startsWith(root + path.sep));
  const watcher: FSWatcher = watch([...parents], {
    ignoreInitial: true,
    persistent: true,
    ignored: (file: string) => {
      const resolved = path.resolve(file);
      if (roots.has(resolved) || parents.has(resolved)) return false;
      return !inRoot(resolved) || isIgnoredName(path.basename(resolved));
    },
  });
  let batch: ChangeBatch = new Map();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const current = batch;
    batch = new Map();
    if (current.size > 0) onChange(current);
  };
  watcher.on('all', (event, file) => {
    if (event !== 'add' && event !== 'addDir' && event !== 'change' && event !== 'unlink' && event !== 'unlinkDir') return;
    if (!inRoot(path.resolve(file))) return;
    batch.set(path.resolve(file), event);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs);
  });
  let started = false;
  const ready = new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => {
      started = true;
      resolve();
    });
    watcher.on('error', (error) => {
      if (!started) reject(error instanceof Error ? error : new Error(String(error)));
      else options.onError?.(error);
    });
  });
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await watcher.close();
    },
  };
}
