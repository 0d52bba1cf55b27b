import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue, messageOf, type FactsOf, type RuleId } from '../../src/messages/index.js';

const docsDir = new URL('../../docs/', import.meta.url);
const read = (relative: string) => readFileSync(new URL(relative, docsDir), 'utf8');

/** Anchors a Markdown file offers: explicit `<a id>`s and GitHub's slugs of its headings. */
function anchorsOf(file: string): Set<string> {
  const text = read(file);
  const anchors = new Set<string>();
  for (const match of text.matchAll(/<a id="([^"]+)"/gu)) anchors.add(match[1]!);
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^(```|~~~)/u.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6} +(.+?) *$/u.exec(line);
    if (!heading) continue;
    anchors.add(
      heading[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/gu, '-'),
    );
  }
  return anchors;
}

/** Facts for every rule that takes some, covering each wording the rule has. */
const SAMPLES: { [K in RuleId]?: FactsOf<K>[] } = {
  'content-busy': [[{ pid: 4242, folder: 'content' }]],
  'content-write': [[{ file: 'content/incidents/2021/EX300267.yaml', code: 'ENOSPC' }], [{ file: 'content/incidents/2021/EX300267.yaml', code: 'EACCES' }]],
  'content-outside': [[{ folder: 'content/incidents/2021', root: 'content' }]],
  'base-url': [
    [{ value: 'example.com', problem: 'not-absolute' }],
    [{ value: 'ftp://example.com/', problem: 'scheme' }],
    [{ value: 'https://user:pw@example.com/', problem: 'credentials' }],
    [{ value: 'https://example.com/?q=1', problem: 'query' }],
    [{ value: 'https://example.com/#top', problem: 'fragment' }],
    [{ value: 'https://example.com/\nDisallow: /', problem: 'control' }],
  ],
  'output-symlink': [[{ output: 'dist', target: '/srv/www/missing' }]],
  'cache-unwritable': [[{ folder: 'node_modules/.cache/kokuchi', code: 'ENOTDIR' }], [{ folder: '.cache/kokuchi', code: 'EACCES' }]],
  'cache-damaged': [[{ file: 'node_modules/.cache/kokuchi/groups.v5.log' }]],
  'too-many-services': [[{ count: 501, limit: 500 }]],
  'markdown-too-complex': [
    [{ what: 'delimiters', scope: 'paragraph', count: 1200, limit: 1000 }],
    [{ what: 'brackets', scope: 'text', count: 12000, limit: 10000 }],
    [{ what: 'angles', scope: 'paragraph', count: 1001, limit: 1000 }],
  ],
  'import-mojibake': [[{ key: 'title', subject: { kind: 'issue-id', id: 'EX300267' } }, 'CP850', 'AdminsÔÇÖ', 'Admins’']],
  'import-mojibake-ambiguous': [[{ key: 'content', subject: { kind: 'post', index: 2, issue: 'EX300267' } }, 'CP437/CP850', 'donÔÇÖt']],
  'import-mojibake-damaged': [[{ key: 'impactDescription', subject: { kind: 'issue-id', id: 'EX300267' } }, 'don?t']],
  'import-foreign-file': [[{ kind: 'statuspage', command: 'kokuchi import statuspage FILE' }], [{ kind: 'google-cloud', command: 'kokuchi import google-cloud FILE' }]],
  'import-unknown-value': [['status', 'unknownFutureValue', 'investigating']],
  'import-time-range': [['startDateTime', '/Date(99999999999999999)/']],
  'import-too-large': [['64 MiB']],
  'import-html-too-deep': [['EX300267', '2021-11-25T12:33:00Z', 64]],
  'translation-outdated': [['current_status', '2021-11-25 12:33 UTC', 'English'], ['title', undefined, 'Japanese']],
  'graph-request': [
    [{ kind: 'unauthorized', status: 401, host: 'login.example.test', detail: 'invalid_client' }],
    [{ kind: 'forbidden', status: 403, host: 'graph.example.test' }],
    [{ kind: 'http', status: 500, host: 'graph.example.test' }],
    [{ kind: 'throttled', host: 'graph.example.test', attempts: 5 }],
    [{ kind: 'network', host: 'graph.example.test', detail: 'ECONNREFUSED' }],
    [{ kind: 'timeout', host: 'graph.example.test', seconds: 30 }],
    [{ kind: 'time-limit', host: 'graph.example.test', seconds: 300 }],
    [{ kind: 'truncated', host: 'graph.example.test' }],
    [{ kind: 'bad-json', host: 'graph.example.test', reason: 'unparsable' }],
    [{ kind: 'bad-json', host: 'graph.example.test', reason: 'next-link-foreign', otherHost: 'elsewhere.example.test' }],
    [{ kind: 'too-large', host: 'graph.example.test', limit: '64 MiB' }],
    [{ kind: 'too-many-pages', host: 'graph.example.test', limit: 1000 }],
  ],
  placeholder: [[{ field: 'title', language: 'ja' }], [{ field: 'current_status', language: 'en', at: '2021-11-25 12:33 UTC' }]],
  'update-before-start': [['2021-11-25 12:00 UTC', '2021-11-25 12:33 UTC']],
  'published-after-update': [['2021-11-27 09:00 JST', '2021-11-26 15:02 JST']],
  'import-source-shape': [['statuspage', 'an array'], ['google-cloud', 'a string']],
  'import-source-field': [['incident n4njzfn1mqy0', 'incident_updates']],
  'import-source-type': [['incident n4njzfn1mqy0', 'name', 'a string', 'a number']],
  'import-source-time': [['incident n4njzfn1mqy0', 'created_at', 'yesterday']],
  'import-source-status': [['statuspage', 'paused', ['investigating', 'resolved']], ['google-cloud', 'PAUSED', ['SERVICE_OUTAGE']]],
  'import-source-unmapped': [['API Requests']],
  'import-source-no-service': [['SP-N4NJZFN1MQY0']],
  'import-source-id': [['SP-!']],
  'import-source-duplicate': [['SP-N4NJZFN1MQY0', 12]],
  'import-fetch': [['https://status.example.com/api/v2/incidents.json', 'the server answered 500']],
  encoding: [['utf-16'], ['nul-utf-16'], ['nul'], ['not-utf-8']],
  'file-too-large': [[{ size: '5 MiB', limit: '4 MiB' }]],
  'invalid-character': [[7]],
  'yaml-syntax': [
    [{ kind: 'parser', code: 'BAD_INDENT', detail: 'bad indentation' }],
    [{ kind: 'parser', code: 'SOMETHING_NEW', detail: 'something new' }],
    [{ kind: 'unclosed-front-matter' }],
    [{ kind: 'import-record', detail: 'bad' }],
    [{ kind: 'tab-indent' }],
    [{ kind: 'full-width-colon', key: 'service' }],
    [{ kind: 'full-width-space' }],
    [{ kind: 'colon-in-value', key: 'title', value: 'Exchange Online: some users' }],
  ],
  'yaml-aliases': [['Excessive alias count']],
  'yaml-too-deep': [[{ limit: 32, brackets: true }], [{ limit: 32, brackets: false }]],
  'markdown-too-deep': [[32]],
  'bad-id': [
    [{ kind: 'pattern', id: 'a b' }],
    [{ kind: 'length', length: 70, limit: 64 }],
    [{ kind: 'reserved', id: 'con' }],
    [{ kind: 'file-name', id: 'EX2', fileId: 'EX1', rename: 'EX2.md' }],
  ],
  'duplicate-id': [[{ id: 'EX1', other: 'a.yaml:1:5', markdownPair: true }], [{ id: 'EX1', other: 'a.yaml:1:5', markdownPair: false }]],
  'unknown-key': [[{ key: 'titel', in: '', suggestion: 'title', known: ['id', 'title'] }], [{ key: 'x', in: 'updates[0]', known: ['at'] }]],
  'missing-key': [
    [{ kind: 'record', key: 'service', files: 2, id: 'EX1' }],
    [{ kind: 'nested', key: 'status', in: 'updates[1]' }],
    [{ kind: 'no-updates', id: 'EX1' }],
    [{ kind: 'first-status' }],
  ],
  'invalid-type': [
    [{ place: { name: 'title', key: 'title' }, found: { kind: 'list' }, expected: 'localized' }],
    [{ place: { name: 'draft', key: 'draft' }, found: { kind: 'text', text: 'yes' }, expected: 'boolean' }],
    [{ place: { name: '', key: 'value' }, found: { kind: 'number', text: '3' }, expected: 'object' }],
  ],
  'invalid-value': [
    [{ kind: 'one-of', name: 'classification', values: ['incident', 'advisory'], found: { kind: 'text', text: 'incidnt' }, suggestion: 'incident' }],
    [{ kind: 'too-few', name: 'updates', key: 'updates', list: true, minimum: '1' }],
    [{ kind: 'too-few', name: 'page_size', key: 'page_size', list: false, minimum: '1' }],
    [{ kind: 'too-big', name: 'page_size', maximum: '1000' }],
    [{ kind: 'format', name: 'url', detail: 'Invalid URL' }],
    [{ kind: 'other', name: '', detail: 'Invalid input' }],
    [{ kind: 'default-language', value: 'fr', languages: ['ja', 'en'] }],
    [{ kind: 'base-url', value: 'example.com' }],
    [{ kind: 'base-url-option', value: 'example.com' }],
  ],
  'invalid-key': [['Exchange']],
  'unknown-language': [[{ kind: 'text-key', key: 'fr', in: 'title' }], [{ kind: 'file-name', language: 'fr', languages: ['ja', 'en'], id: 'MD2' }]],
  'conflicting-value': [
    [{ kind: 'shared', key: 'service', here: '"a"', there: '"b"', where: 'x.md:2:10' }],
    [{ kind: 'text', key: 'title', language: 'ja', where: 'x.md:2:10' }],
    [{ kind: 'status', at: '2021-11-25T12:00:00.000Z', here: 'investigating', there: 'resolved', where: 'x.md:8:1' }],
    [{ kind: 'lang', lang: 'ja', nameLanguage: 'en' }],
  ],
  'unknown-service': [[{ service: 'exchange', suggestion: 'exchange-online', known: ['exchange-online'] }], [{ service: 'x', known: [] }]],
  'unknown-status': [[{ status: '復旧中', suggestion: 'restoring-service' }], [{ status: 'x' }]],
  'time-format': [[{ message: 'cannot read "x" as a time', hint: 'h' }], [{ message: 'm', ja: { message: '時刻が読めません' } }], [{ kind: 'not-text', name: 'start', found: { kind: 'number', text: '2021' } }]],
  'time-no-zone': [[{ message: '"2021-11-25 21:33" has no time zone', hint: 'h' }]],
  'time-invalid-date': [[{ message: 'February 29 does not exist in 2021' }]],
  'time-unknown-zone': [[{ message: 'unknown time zone "PST"', hint: 'h' }]],
  'time-weekday': [[{ message: 'November 25, 2021 is a Thursday, not a Friday', hint: 'fix the weekday or the date' }]],
  'time-echo': [[{ message: 'the UTC echo should be 12:33 PM, not 1:33 PM', hint: 'h' }]],
  'end-before-start': [[{ end: 'a', start: 'b', inUpdate: true }], [{ end: 'a', start: 'b', inUpdate: false }]],
  'next-update-before-update': [[{ next: 'a', at: 'b' }]],
  'duplicate-update': [[{ at: '2021-11-25T12:00:00.000Z', otherLine: 4 }]],
  'too-many-updates': [[{ id: 'EX1', count: 2001, limit: 2000 }]],
  'missing-title': [['EX1']],
  'empty-update': [['2021-11-26 09:00 JST']],
  'link-scheme': [['javascript:alert(1)']],
  'missing-translation': [
    [{ kind: 'text', name: 'title', language: 'ja' }],
    [{ kind: 'text', name: 'summary', language: 'en' }],
    [{ kind: 'update', at: 'x', language: 'ja', keys: ['title', 'body'] }],
    [{ kind: 'service', key: 'exchange-online' }],
    [{ kind: 'imported-service', key: 'k', name: 'N' }],
  ],
  'missing-config': [[{ file: 'content/site.yaml', which: 'site' }], [{ file: 'content/services.yaml', which: 'services' }]],
  'unknown-zone': [['Mars/Olympus']],
  'import-json-syntax': [[{ kind: 'empty' }], [{ kind: 'syntax', detail: 'expected ","', hint: 'h' }]],
  'import-invalid-value': [
    [{ kind: 'shape', found: 'string', what: 'issue' }],
    [{ kind: 'shape', found: 'object', what: 'value' }],
    [{ kind: 'post', index: 2, issue: 'EX1', found: 'array' }],
    [{ kind: 'type', key: 'title', subject: { kind: 'issue-id', id: 'EX1' }, expected: 'string', found: 'number' }],
    [{ kind: 'type', key: 'content', subject: { kind: 'description', index: 1, issue: 'EX1' }, expected: 'string', found: 'null' }],
    [{ kind: 'id', id: 'a b' }],
    [{ kind: 'classification', value: 'x' }],
    [{ kind: 'end-before-start', end: 'a', start: 'b' }],
  ],
  'import-missing-field': [
    [{ kind: 'no-issues' }],
    [{ kind: 'absent', key: 'posts', subject: { kind: 'issue' }, resource: 'serviceHealthIssue' }],
    [{ kind: 'null', key: 'createdDateTime', subject: { kind: 'post', index: 1, issue: 'EX1' }, resource: 'serviceHealthIssuePost' }],
    [{ kind: 'empty', key: 'title', subject: { kind: 'issue-id', id: 'EX1' } }],
    [{ kind: 'no-posts', issue: 'EX1' }],
  ],
  'import-time': [[{ key: 'startDateTime', subject: { kind: 'issue-id', id: 'EX1' }, message: '"x" is not an ISO 8601 time' }]],
  'import-status': [[{ status: 'x', suggestion: 'serviceRestored', known: ['serviceRestored'] }]],
  'import-duplicate-issue': [[{ id: 'EX1', otherLine: 3 }]],
  'import-duplicate-post': [[{ issue: 'EX1', at: 'x', otherLine: 3 }]],
  'import-service': [['Exchange Online']],
  'import-services': [['content/services.yaml']],
  'import-service-map': [[{ kind: 'not-a-map' }], [{ kind: 'bad-key', name: 'Exchange', found: '3' }]],
  'import-markdown-record': [['EX1']],
  'import-existing-record': [[{ kind: 'not-a-map', file: 'a.yaml', id: 'EX1' }], [{ kind: 'updates-not-a-list', file: 'a.yaml' }]],
  'import-post-time': [[{ id: 'EX1', at: 'x', label: 'Start time', text: 'soon', message: 'm', hint: 'h' }]],
  'import-empty-post': [[{ id: 'EX1', at: 'x' }]],
  'missing-template': [[{ kind: 'folder', folder: 'templates' }], [{ kind: 'base-layout' }], [{ kind: 'stylesheet' }], [{ kind: 'page', template: 'incident' }]],
  'template-syntax': [['Parse error on line 2']],
  'template-render': [['"severity" not defined in the view']],
  'missing-locale': [[{ language: 'ja', file: 'templates/locales/ja.json' }]],
  'locale-syntax': [['Unexpected token']],
  'missing-ui-string': [[{ name: 'nav.home', file: 'templates/locales/ja.json' }]],
  'search-index': [['no binary']],
  'internal-error': [['TypeError: x']],
  'output-location': [[{ kind: 'root', folder: '/' }], [{ kind: 'contains', folder: '/site', source: '/site/content' }]],
  'output-write': [[{ folder: 'dist', detail: 'EACCES: permission denied' }]],
  'output-busy': [[{ process: 4242, folder: 'dist' }]],
};

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;
const rules = Object.keys(catalogue) as RuleId[];

describe('the message catalogue', () => {
  it('has rules with kebab-case ids, a severity and a docs anchor that exists under docs/', () => {
    const files = new Set(readdirSync(docsDir).filter((name) => name.endsWith('.md')));
    const anchors = new Map<string, Set<string>>();
    for (const rule of rules) {
      const definition = catalogue[rule];
      expect(rule, rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/u);
      expect(['error', 'warning'], rule).toContain(definition.severity);
      const [file, anchor] = definition.docs.split('#');
      expect(files.has(file!), `${rule}: docs/${file} exists`).toBe(true);
      if (!anchors.has(file!)) anchors.set(file!, anchorsOf(file!));
      expect(anchors.get(file!)!.has(anchor!), `${rule}: docs/${definition.docs} is an anchor of docs/${file}`).toBe(true);
    }
  });

  it('builds a message in English and Japanese for every rule and each of its wordings', () => {
    for (const rule of rules) {
      const definition = catalogue[rule] as { en: (...facts: unknown[]) => unknown; ja: (...facts: unknown[]) => unknown };
      const samples = (SAMPLES as Record<string, unknown[][]>)[rule] ?? (definition.en.length === 0 && definition.ja.length === 0 ? [[]] : undefined);
      expect(samples, `sample facts for ${rule} in test/messages/catalogue.test.ts`).toBeDefined();
      for (const facts of samples!) {
        const en = messageOf(rule, 'en', ...(facts as FactsOf<typeof rule>));
        const ja = messageOf(rule, 'ja', ...(facts as FactsOf<typeof rule>));
        expect(en.message.trim(), `${rule} en`).not.toBe('');
        expect(ja.message.trim(), `${rule} ja`).not.toBe('');
        expect(ja.message, `${rule}: the Japanese message is not the English one`).not.toBe(en.message);
        expect(JAPANESE.test(ja.message), `${rule}: the Japanese message is Japanese: ${ja.message}`).toBe(true);
        if (ja.hint !== undefined) expect(JAPANESE.test(ja.hint), `${rule}: the Japanese hint is Japanese: ${ja.hint}`).toBe(true);
        // Where English gives a hint, Japanese gives one too.
        if (en.hint !== undefined) expect(ja.hint, `${rule}: a Japanese hint for "${en.hint}"`).toBeDefined();
      }
    }
  });

  it('has no sample facts for a rule that is not in it', () => {
    for (const rule of Object.keys(SAMPLES)) expect(rules, rule).toContain(rule);
  });
});

describe('diagnostics', () => {
  it('can be recorded only through the catalogue: the collector has no free-text error() or warning()', async () => {
    const { DiagnosticCollector } = await import('../../src/diagnostics.js');
    const methods = Object.getOwnPropertyNames(DiagnosticCollector.prototype);
    expect(methods).toContain('report');
    expect(methods).not.toContain('error');
    expect(methods).not.toContain('warning');
  });

  it('are built only by diagnostics.ts: no other source file writes a diagnostic literal with its texts', () => {
    const sources = new URL('../../src/', import.meta.url);
    const offenders: string[] = [];
    const walk = (directory: URL) => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const url = new URL(`${entry.name}${entry.isDirectory() ? '/' : ''}`, directory);
        if (entry.isDirectory()) walk(url);
        else if (entry.name.endsWith('.ts') && !url.pathname.endsWith('/src/diagnostics.ts') && !url.pathname.includes('/src/messages/')) {
          const text = readFileSync(url, 'utf8');
          if (/\btexts:\s*\{/u.test(text)) offenders.push(url.pathname);
        }
      }
    };
    walk(sources);
    expect(offenders).toEqual([]);
  });
});
