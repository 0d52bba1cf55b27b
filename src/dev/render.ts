import type { DiagnosticCollector } from '../diagnostics.js';
import type { Incident, SiteModel } from '../model.js';
import { renderArticles } from '../render/pages.js';
import type { Fragments } from '../render/fragments.js';
import { SEARCH_INDEX_DIR } from '../render/search.js';
import { fileInMemory } from '../output/files.js';
import { renderSite } from '../render/site.js';
import type { TemplateFiles } from '../render/templates.js';
import { pagePaths } from '../render/urls.js';

/** The dev server's output: output path → text or bytes, all in memory. */
export type DevFiles = Map<string, string | Uint8Array>;

/** The article files of an incident slug, one per language. */
export function articleFilesOf(model: SiteModel, slug: string): string[] {
  return model.config.languages.map((lang) => pagePaths.incident(lang, slug));
}

/** The article file of every incident of the model in every language. */
export function articleFiles(model: SiteModel): Set<string> {
  const files = new Set<string>();
  for (const incident of model.incidents) for (const file of articleFilesOf(model, incident.slug)) files.add(file);
  return files;
}

/** True for files of the search index (Pagefind's bundle). */
export function isSearchIndexFile(file: string): boolean {
  return file.startsWith(`${SEARCH_INDEX_DIR}/`);
}

/**
 * Renders only the article pages of `incidents`. An article shows its own incident and the site's
 * configuration and services, nothing of other incidents, so the model is cut down to these incidents:
 * the cost does not grow with the site. Only article files are returned.
 */
export async function renderIncidentArticles(
  model: SiteModel,
  incidents: readonly Incident[],
  templateFiles: TemplateFiles,
  options: { templatesRoot: string; fragments: Fragments; diagnostics: DiagnosticCollector },
): Promise<DevFiles | undefined> {
  const wanted = new Set(incidents.flatMap((incident) => articleFilesOf(model, incident.slug)));
  const rendered = await renderSite(
    { ...model, incidents: [...incidents] },
    templateFiles,
    { templatesRoot: options.templatesRoot, diagnostics: options.diagnostics, fragments: options.fragments, wants: (file) => wanted.has(file) },
    [renderArticles],
  );
  if (!rendered) return undefined;
  return new Map([...rendered.files].filter(([file]) => wanted.has(file)).map(([file, content]) => [file, fileInMemory(content)]));
}
