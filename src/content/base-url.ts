import type { UrlProblem } from '../messages/reliability.js';

/**
 * Checks a configured base URL (site.yaml's `base_url`, `--base-url`): an absolute http(s) URL with a
 * host, without a user name or password, a query, a fragment or any control character, since the text
 * goes as written into every page, feed and robots.txt. Returns it ending with `/`. Pure.
 */
export function checkBaseUrl(value: string): { ok: true; url: string } | { ok: false; problem: UrlProblem } {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(value)) return { ok: false, problem: 'control' };
  if (!/^https?:\/\/[^/]/iu.test(value) || !URL.canParse(value)) return { ok: false, problem: /^[a-z][a-z0-9+.-]*:/iu.test(value) && !/^https?:/iu.test(value) ? 'scheme' : 'not-absolute' };
  const parsed = new URL(value);
  if (parsed.hostname === '') return { ok: false, problem: 'not-absolute' };
  if (parsed.username !== '' || parsed.password !== '' || /^https?:\/\/[^/]*@/iu.test(value)) return { ok: false, problem: 'credentials' };
  if (value.includes('?')) return { ok: false, problem: 'query' };
  if (value.includes('#')) return { ok: false, problem: 'fragment' };
  return { ok: true, url: value.endsWith('/') ? value : `${value}/` };
}
