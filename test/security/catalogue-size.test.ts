import { describe, expect, it } from 'vitest';
import { MAX_SERVICES } from '../../src/content/site-config.js';
import { MAX_BROWSE_SERVICES } from '../../src/render/listings.js';
import { all, buildFixture, parseHtml } from '../helpers/build.js';
import { loadFixture } from '../helpers/fixture.js';

const catalog = (count: number) => Array.from({ length: count }, (_, index) => `service-${String(index).padStart(4, '0')}: {ja: サービス${index}, en: Service ${index}}`).join('\n') + '\n';
const record = (id: string, service: string) =>
  `id: ${id}\nservice: ${service}\ntitle: {en: Slow, ja: 遅い}\nstart: 2026-11-27 09:00 JST\nend: 2026-11-27 10:00 JST\nupdates:\n  - at: 2026-11-27 09:10 JST\n    status: service-restored\n    final_status: {en: Fixed., ja: 復旧しました。}\n`;

describe('the service catalog', () => {
  it(`is refused beyond ${MAX_SERVICES} services, at the first key over the limit`, () => {
    const result = loadFixture({ 'content/services.yaml': catalog(MAX_SERVICES + 1), 'content/incidents/EX1.yaml': record('EX1', 'service-0000') });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((item) => `${item.file}:${item.line}:${item.column} ${item.rule}`)).toEqual([`content/services.yaml:${MAX_SERVICES + 1}:1 too-many-services`]);
    expect(loadFixture({ 'content/services.yaml': catalog(MAX_SERVICES), 'content/incidents/EX1.yaml': record('EX1', 'service-0000') }).model).toBeDefined();
  });

  it(`gives pages a bounded browse list: at most ${MAX_BROWSE_SERVICES} services, those with incidents first, and a service page always lists its own`, async () => {
    const run = await buildFixture({ 'content/services.yaml': catalog(120), 'content/incidents/EX1.yaml': record('EX1', 'service-0119'), 'content/incidents/EX2.yaml': record('EX2', 'service-0077') }, { search: false });
    try {
      expect(run.result.ok, JSON.stringify(run.result.diagnostics)).toBe(true);
      const listed = (file: string) => all(parseHtml(run.text(file)), '.browse-list')[0]!.querySelectorAll('a');
      const index = [...listed('ja/index.html')].map((link) => link.textContent);
      expect(index).toHaveLength(MAX_BROWSE_SERVICES);
      expect(index).toEqual(expect.arrayContaining(['サービス77', 'サービス119']));
      expect(index).not.toContain('サービス49');
      const own = [...listed('en/services/service-0100/index.html')].map((link) => link.textContent);
      expect(own).toHaveLength(MAX_BROWSE_SERVICES);
      expect(own).toContain('Service 100');
    } finally {
      await run.remove();
    }
  }, 60_000);
});
