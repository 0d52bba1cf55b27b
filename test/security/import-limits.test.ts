import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/build.js';
import { runMain, sampleWorkspace } from '../helpers/workspace.js';

async function workspace(): Promise<string> {
  const cwd = await sampleWorkspace('import-limits');
  await cp(path.join(REPO_ROOT, 'templates'), path.join(cwd, 'templates'), { recursive: true }).catch(() => undefined);
  return cwd;
}

const run = (cwd: string, ...args: string[]) => runMain(cwd, args, { NO_COLOR: '1' });

const post = (at: string, html: string) => ({ createdDateTime: at, description: { contentType: 'html', content: html } });
const issue = (id: string, posts: unknown[], start = '2024-03-04T08:00:00Z') => ({ id, service: 'Exchange Online', classification: 'incident', title: 'Mail is delayed', status: 'investigating', startDateTime: start, posts });

describe('kokuchi import m365 bounds what it reads', () => {
  it('stops reading /dev/zero at the size limit with a clear error', async () => {
    const cwd = await workspace();
    const started = Date.now();
    const result = await run(cwd, 'import', 'm365', '/dev/zero');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:1:1 +error +the file is larger than 64 MiB, the most an import reads +\[import-too-large\]/u);
    expect(result.stderr).toContain('nothing was written');
    expect(result.stderr).not.toMatch(/\n\s+at /u);
  });

  it('imports 5,000 nested <div>, 20,000 <b> and 3,000 <ul><li> with positioned warnings, not a stack overflow', async () => {
    const cwd = await workspace();
    const deep = issue('EX810009', [
      post('2024-03-04T08:10:00Z', `${'<div>'.repeat(5000)}<b>Current status</b>: deep${'</div>'.repeat(5000)}`),
      post('2024-03-04T08:20:00Z', `${'<b>'.repeat(20000)}bold`),
      post('2024-03-04T08:30:00Z', `${'<ul><li>'.repeat(3000)}item`),
    ]);
    await writeFile(path.join(cwd, 'deep.json'), JSON.stringify(deep, null, 1));
    const started = Date.now();
    const result = await run(cwd, 'import', 'm365', 'deep.json');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/deep\.json:\d+:\d+ +warning +the HTML of the post of EX810009 at \S+ is nested more than 64 levels deep/gu)).toHaveLength(3);
    const text = await readFile(path.join(cwd, 'content/incidents/2024/EX810009.yaml'), 'utf8');
    for (const word of ['deep', 'bold', 'item']) expect(text).toContain(word);
  });

  it.each(['/Date(99999999999999999)/', '/Date(-99999999999999999)/', '+275760-09-13T00:00:01Z', '0000-01-01T00:00:00Z'])('refuses the time %s with a positioned error, not a RangeError', async (time) => {
    const cwd = await workspace();
    await writeFile(path.join(cwd, 'far.json'), `{\n  "id": "EX810010",\n  "startDateTime": "${time}",\n  "service": "Exchange Online", "classification": "incident", "title": "t", "status": "investigating",\n  "posts": [{"createdDateTime": "${time}", "description": {"content": "x"}}]\n}\n`);
    const result = await run(cwd, 'import', 'm365', 'far.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/far\.json:3:20 +error +.*\[import-time(-range)?\]/u);
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /u);
  });
});

describe('script and style in imported posts', () => {
  it('never become visible text on the built page', async () => {
    const cwd = await workspace();
    const html = '<b>Title</b>: Mail is delayed<br><br><b>Current status</b>: We are checking.<script>document.title="pwned-script"</script><style>body{display:none} .pwned-style{}</style><noscript>pwned-noscript</noscript>';
    await writeFile(path.join(cwd, 'post.json'), JSON.stringify(issue('EX810011', [post('2024-03-04T08:10:00Z', html)])));
    expect((await run(cwd, 'import', 'm365', 'post.json')).code).toBe(0);
    const record = await readFile(path.join(cwd, 'content/incidents/2024/EX810011.yaml'), 'utf8');
    expect(record).not.toMatch(/pwned|display:none/u);
    const build = await run(cwd, 'build');
    expect(build.code, build.stderr).toBe(0);
    const page = await readFile(path.join(cwd, 'dist/en/incidents/ex810011/index.html'), 'utf8');
    const { document } = parseHTML(page);
    expect(document.body.textContent).toContain('We are checking.');
    expect(page).not.toMatch(/pwned/u);
  });
});
