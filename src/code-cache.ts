/**
 * Runs the CLI's bundle (lib/kokuchi.cjs) with a V8 code cache, so that a command does not parse and
 * compile the same four megabytes of JavaScript on every run: Node 22 does this itself
 * (`module.enableCompileCache`); Node 20 has no such switch, so on it the bundle is compiled here with
 * `vm.Script` and its `cachedData`, made after a run so that it holds every function the command used.
 *
 * Where: `$NODE_COMPILE_CACHE` when set (the variable Node 22 reads for its own cache), else
 * `kokuchi-compile-cache-<uid>` in the temporary folder, one file per command and bundle. Off with
 * `NODE_DISABLE_COMPILE_CACHE=1`, as in Node. The cache changes nothing but start-up time: the same
 * output, the same messages. It is used only from a folder that belongs to the user and that nobody
 * else can write to (compiled code from someone else's file would run as the user); a file whose
 * checksum does not match, or that V8 refuses (another Node, other flags), is ignored and made again.
 * Nothing here writes to standard output or error, and a cache that cannot be read or written is
 * simply not used.
 *
 * Imports only Node's own modules: it runs before the bundle is loaded.
 * @module
 */
import { hash } from 'node:crypto';
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** A loaded bundle: its exports, and `save` to call once the command has run. */
export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Writes the code cache when there was none or it was refused; never throws. */
  save(): void;
}

/** Where the bundle finds `import()` of an ES module package (see render/search.ts). */
export const IMPORT_HOOK = Symbol.for('kokuchi.importModule');

/** The first bytes of a cache file, then the SHA-256 of the code cache, then the code cache. */
const MAGIC = Buffer.from('kokuchi-code-cache-1\n', 'latin1');
const DIGEST_BYTES = 32;

/** Loads the CommonJS bundle at `filename` for `command` (the CLI's first argument). */
export function loadBundle(filename: string, command: string | undefined, env: NodeJS.ProcessEnv): LoadedBundle {
  const disabled = env.NODE_DISABLE_COMPILE_CACHE === '1';
  const enable = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (enable) {
    // Node 22 and later: its own cache, for the bundle and the worker threads' modules alike.
    if (!disabled) enable(env.NODE_COMPILE_CACHE || undefined);
    return { exports: module.createRequire(filename)(filename) as Record<string, unknown>, save: () => undefined };
  }
  // import() in a vm.Script needs a loader that Node 20 marks experimental (and loses with a code
  // cache): the bundle's one import of an ES module package (pagefind) comes through this instead.
  (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] = (specifier: string) => import(specifier);
  const directory = disabled ? undefined : cacheDirectory(env);
  const file = directory === undefined ? undefined : path.join(directory, cacheName(filename, command));
  const cachedData = file === undefined ? undefined : readCache(file);
  const source = fs.readFileSync(filename, 'utf8');
  // The wrapper Node itself puts around a CommonJS module, on the first line so that line numbers stay.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
  const loaded = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...parameters: unknown[]) => void)(loaded.exports, module.createRequire(filename), loaded, filename, path.dirname(filename));
  return {
    exports: loaded.exports,
    save: () => {
      if (file === undefined || (cachedData && !script.cachedDataRejected)) return;
      writeCache(file, script.createCachedData());
    },
  };
}

/** The folder of the cache, created if need be; undefined when it is not the user's own or cannot be made. */
function cacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  const uid = process.getuid?.();
  const directory = env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), `kokuchi-compile-cache-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const info = fs.lstatSync(directory);
    if (!info.isDirectory()) return undefined;
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0)) return undefined;
    return directory;
  } catch {
    return undefined;
  }
}

/** One file per command (a build and `--help` compile different functions) and per bundle, Node and flags. */
function cacheName(filename: string, command: string | undefined): string {
  const info = fs.statSync(filename);
  const identity = [process.version, process.arch, process.execArgv.join(' '), filename, info.size, info.mtimeMs, info.ino].join('\0');
  const name = command !== undefined && /^[a-z][a-z-]{0,31}$/u.test(command) ? command : 'other';
  return `${name}-${hash('sha256', identity).slice(0, 16)}.bin`;
}

function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const start = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(start);
  if (!hash('sha256', data, 'buffer').equals(bytes.subarray(MAGIC.length, start))) return undefined;
  return data;
}

function writeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([MAGIC, hash('sha256', data, 'buffer'), data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or what was cannot be removed: either way the cache is not used.
    }
  }
}
