import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Lock files that say which process holds them: its id and, where the system tells (Linux's /proc),
 * the time that process started. A lock is held only while that very process runs: a process id reused
 * by an unrelated program after a crash does not hold it (its start time differs).
 */

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux), when known. */
  started?: number;
  /** A random token, so that two holders in one process are told apart. */
  token?: string;
}

/** Lock files this process holds right now (a second holder in the same process must wait too). */
const heldHere = new Set<string>();

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined where /proc is not there. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses: count after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a lock file's holder: the JSON form, or an older lock holding only a process id. */
export function readLockHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^\d+$/u.test(text)) return { pid: Number(text) };
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    return {
      pid: value.pid as number,
      ...(Number.isFinite(value.started) ? { started: value.started as number } : {}),
      ...(typeof value.token === 'string' ? { token: value.token } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * True when the holder still runs: its process exists and, when both are known, started when the lock
 * says. A lock without a start time (an older kokuchi, or a system without /proc) is trusted on the
 * process id alone, unless /proc shows that process is not kokuchi (no "kokuchi" in its command line).
 */
export function isHolderRunning(holder: LockHolder, file: string): boolean {
  if (holder.pid === process.pid) return heldHere.has(file);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EPERM') return false;
  }
  const started = processStartTime(holder.pid);
  if (started === undefined) return true;
  if (holder.started !== undefined) return holder.started === started;
  try {
    return readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8').includes('kokuchi');
  } catch {
    return true;
  }
}

/** A lock file held by this process. */
export class LockFile {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  /**
   * Creates `file` (exclusively) naming this process, or returns the holder when a running process holds
   * it. A lock whose holder is gone, or whose process id now belongs to another process, is taken over.
   */
  static acquire(file: string): LockFile | { heldBy: LockHolder } {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const token = randomBytes(8).toString('hex');
      const started = processStartTime(process.pid);
      const holder: LockHolder = { pid: process.pid, ...(started !== undefined ? { started } : {}), token };
      try {
        writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
        heldHere.add(file);
        return new LockFile(file, token);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
      const current = readLockHolder(file);
      // A lock being written right now reads as empty: give its writer a moment rather than take it over.
      if (current === undefined && attempt < 2 && readQuietly(file) === '') continue;
      if (current && isHolderRunning(current, file)) return { heldBy: current };
      rmSync(file, { force: true }); // stale: its holder is gone
    }
    throw Object.assign(new Error(`the lock ${file} keeps changing hands`), { code: 'EBUSY' });
  }

  /** Removes the lock, if it is still this holder's. */
  release(): void {
    heldHere.delete(this.file);
    if (readLockHolder(this.file)?.token === this.token) rmSync(this.file, { force: true });
  }
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
