import { CODE_ROOT } from '../paths.js';
import { createHash, hash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../diagnostics.js';
import type { SiteModel } from '../model.js';
import type { TemplateFiles } from '../render/templates.js';

let codeHash: Promise<string> | undefined;

/**
 * Fingerprint of kokuchi's own code (every compiled module, or the sources when running from them), so
 * that a cache written by another version — released or not — is never used.
 */
export function codeFingerprint(): Promise<string> {
  codeHash ??= (async () => {
    const root = fileURLToPath(CODE_ROOT);
    const digest = createHash('sha256');
    const walk = async (directory: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true });
      entries.sort((a, b) => compareText(a.name, b.name));
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (/\.(js|ts)$/u.test(entry.name)) digest.update(entry.name).update(await readFile(full));
      }
    };
    await walk(root);
    return digest.digest('hex');
  })();
  return codeHash;
}

/** Hash of every site-wide input of a page: kokuchi's code, the templates folder, the configuration and the catalog. */
export async function siteFingerprint(model: SiteModel, templateFiles: TemplateFiles): Promise<string> {
  const digest = createHash('sha256').update(await codeFingerprint());
  for (const [file, bytes] of [...templateFiles].sort(([a], [b]) => compareText(a, b))) digest.update(file).update('\0').update(bytes);
  digest.update(JSON.stringify(model.config)).update(JSON.stringify([...model.services.values()]));
  return digest.digest('hex');
}

/** Per incident slug: its group's key combined with the site-wide fingerprint (what its own pages are made from). */
export function incidentFingerprints(siteKey: string, groupKeys: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...groupKeys].map(([slug, key]) => [slug, hash('sha256', siteKey + key)]));
}
