import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/messages/index.js';
import { STATUSES } from '../../src/statuses.js';

const read = (relative: string) => readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8');
const doc = read('docs/format.md');
const byRule = (a: (string | undefined)[], b: (string | undefined)[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0);

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


describe('docs/format.md', () => {
  it('lists every status of the vocabulary with its phase and labels, in order', () => {
    const expected = STATUSES.map((status) => [`\`${status.key}\``, status.phase, status.labels.en, status.labels.ja]);
    expect(tableRows('| key | phase | English label | Japanese label |')).toEqual(expected);
  });

  it('lists every rule of the catalogue that format.md explains, with its default severity, and no other', () => {
    const documented = tableRows('| rule | severity | meaning |').map(([rule, severity]) => [rule!.replace(/`/gu, ''), severity]);
    const expected = Object.entries(catalogue)
      .filter(([, definition]) => definition.docs.startsWith('format.md#'))
      .map(([rule, definition]) => [rule, definition.severity]);
    expect([...documented].sort(byRule)).toEqual([...expected].sort(byRule));
    expect(new Set(documented.map(([rule]) => rule)).size).toBe(documented.length);
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
