import type { ContentConfiguration, GroupResult } from '../content/load.js';
import { loadIncidentGroup } from '../content/load.js';
import type { RawSource } from '../content/source.js';
import type { Incident, LocalizedText } from '../model.js';
import { renderMarkdown } from '../render/markdown.js';

/** A loaded group with the HTML of every Markdown fragment its incident shows. */
export interface ProcessedGroup extends GroupResult {
  /** Markdown source → sanitized HTML. */
  html: [string, string][];
}

/** Loads one group and renders its Markdown: the unit of work that workers run and the cache keeps. Pure. */
export function processGroup(group: readonly RawSource[], configuration: ContentConfiguration): ProcessedGroup {
  const result = loadIncidentGroup(group, configuration);
  const html: [string, string][] = [];
  if (result.incident) {
    const seen = new Set<string>();
    for (const markdown of incidentMarkdown(result.incident)) {
      if (seen.has(markdown)) continue;
      seen.add(markdown);
      html.push([markdown, renderMarkdown(markdown)]);
    }
  }
  return { ...result, html };
}

/** Every Markdown fragment an incident may show, in a stable order (repeats possible). */
export function* incidentMarkdown(incident: Incident): Generator<string> {
  const texts: LocalizedText[] = [incident.impact, incident.summary, incident.rootCause, incident.nextSteps];
  for (const update of incident.updates) texts.push(update.body, ...Object.values(update.fields));
  for (const text of texts) for (const value of Object.values(text)) if (value) yield value;
}
