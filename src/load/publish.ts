import type { SiteModel } from '../model.js';

/** What decides which part of the content is published, and where (`kokuchi build`'s options, the dev server's). */
export interface PublishOptions {
  /** Includes records marked `draft: true`. */
  drafts: boolean;
  /** Replaces site.yaml's base_url (absolute, ending with `/`; see content/base-url.ts). */
  baseUrl?: string;
  /** Replaces site.yaml's `search` (false: no search index or search pages). */
  siteSearch?: boolean;
}

/** The model as published: drafts left out unless asked for, site.yaml's base URL and search replaced when given. */
export function publishModel(model: SiteModel, options: PublishOptions): SiteModel {
  let { config } = model;
  if (options.baseUrl !== undefined) config = { ...config, baseUrl: options.baseUrl };
  if (options.siteSearch !== undefined) config = { ...config, search: options.siteSearch };
  return { ...model, incidents: options.drafts ? model.incidents : model.incidents.filter((incident) => !incident.draft), config };
}
