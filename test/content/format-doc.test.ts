import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/statuses.js';

const read = (relative: string) => readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
const doc = read('docs/format.md');

/** Rows of the Markdown table whose header row is `header`. */
function tableRows(header: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.indexOf(header);
  expect(start, `docs/format.md has a table headed ${header}`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/u).map((cell) => cell.trim()));
  }
  return rows;
}

const RULES = [
  'yaml-syntax', 'yaml-aliases', 'yaml-too-deep', 'encoding', 'empty-file', 'file-too-large', 'unknown-key', 'missing-key',
  'invalid-type', 'invalid-value', 'invalid-key', 'unknown-language', 'bad-id', 'duplicate-id', 'conflicting-value',
  'unknown-service', 'unknown-status', 'time-format', 'time-no-zone', 'time-invalid-date', 'time-unknown-zone',
  'time-weekday', 'time-echo', 'end-before-start', 'next-update-before-update', 'duplicate-update', 'too-many-updates',
  'missing-title', 'empty-update', 'link-scheme', 'placeholder', 'update-before-start', 'published-after-update', 'missing-translation', 'symlink', 'missing-config', 'unknown-zone',
];

describe('docs/format.md', () => {
  it('lists every status of the vocabulary with its phase and labels, in order', () => {
    const expected = STATUSES.map((status) => [`\`${status.key}\``, status.phase, status.labels.en, status.labels.ja]);
    expect(tableRows('| key | phase | English label | Japanese label |')).toEqual(expected);
  });

  it('lists every diagnostic rule, each still used by the source', () => {
    const documented = tableRows('| rule | severity | meaning |').map(([rule]) => rule!.replace(/`/gu, ''));
    expect(documented).toEqual(RULES);
    const source = ['src/content/assemble.ts', 'src/content/load.ts', 'src/content/source.ts', 'src/content/yaml-source.ts', 'src/content/markdown-source.ts', 'src/content/schema-issues.ts', 'src/content/site-config.ts', 'src/time.ts']
      .map(read)
      .join('\n');
    for (const rule of RULES) expect(source, `rule ${rule}`).toContain(`'${rule}'`);
  });

  it('documents every key of records, updates and site.yaml', () => {
    const recordKeys = tableRows('| key | type | default | meaning |').map(([key]) => key);
    for (const key of ['id', 'service', 'classification', 'source_lang', 'lang', 'title', 'impact', 'start', 'end', 'status', 'published', 'author', 'tags', 'links', 'draft', 'summary', 'root_cause', 'next_steps', 'updates']) {
      expect(recordKeys).toContain(`\`${key}\``);
    }
    for (const key of ['at', 'more_info', 'current_status', 'final_status', 'scope', 'next_update', 'body', 'base_url', 'languages', 'default_language', 'source_language', 'zones', 'page_size']) {
      expect(doc).toContain(`| \`${key}\` |`);
    }
  });
});
