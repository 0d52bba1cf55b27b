import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { SAMPLE_CONTENT, type CliRun } from './build.js';

/** A fresh temporary working directory (`kokuchi-<name>-…`), removed when the current test finishes. */
export async function temporaryWorkspace(name: string): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), `kokuchi-${name}-`));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  return cwd;
}

/** A temporary working directory holding a copy of the sample site's content/ (never the repository's), removed when the test finishes. */
export async function sampleWorkspace(name: string): Promise<string> {
  const cwd = await temporaryWorkspace(name);
  await cp(SAMPLE_CONTENT, path.join(cwd, 'content'), { recursive: true });
  return cwd;
}

/** Runs the CLI in-process (`main` of src/cli.ts) in `cwd` with the given environment variables, capturing what it prints. */
export async function runMain(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env };
  const code = await main(args, environment);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Every file under `dir` with its text, by absolute path: compare two of them to check that nothing was written. */
export async function readTexts(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.join(entry.parentPath, entry.name), await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}
