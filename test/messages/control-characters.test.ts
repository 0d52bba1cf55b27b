import { describe, expect, it } from 'vitest';
import { main, type CliEnvironment } from '../../src/cli.js';
import { lines, withTempContent, YAML_RECORD } from '../helpers/fixture.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd, env: {} };
  return { environment, stdout: () => out.join(''), stderr: () => err.join('') };
}

// A file name may hold anything but "/" and NUL: an escape sequence, a bell, a line of its own.
const NAME = 'EX\u001b[31m1\u0007\nfake.yaml:1:1  error  all good  [none]\n.yaml';
const SHOWN = 'EX\\u001b[31m1\\u0007\\u000afake.yaml:1:1  error  all good  [none]\\u000a.yaml';

describe('paths and values in diagnostics', () => {
  for (const format of ['human', 'json', 'github'] as const) {
    it(`never carry a control character to the output, nor forge a line (--format ${format})`, async () => {
      const site = await withTempContent({ [`content/incidents/${NAME}`]: '', 'content/incidents/EX2.yaml': lines(...YAML_RECORD).replace('id: EX1', 'id: EX2').replace('status: investigating', 'status: "investigating\\e[2J"') });
      try {
        const run = capture(site.cwd);
        expect(await main(['check', '--format', format], run.environment)).toBe(1);
        const output = run.stdout() + run.stderr();
        // eslint-disable-next-line no-control-regex
        expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
        expect(output).not.toContain('\nfake.yaml');
        if (format === 'json') {
          const items = JSON.parse(run.stdout()) as { file: string; message: string }[];
          expect(items.map((item) => item.file)).toContain(`content/incidents/${NAME}`);
        } else {
          // GitHub's own escapes keep the line break in the file property (%0A); the rest is written as an escape.
          expect(output).toContain(format === 'human' ? `content/incidents/${SHOWN}` : 'file=content/incidents/EX\\u001b[31m1\\u0007%0Afake.yaml%3A1%3A1');
          const lineCount = output.split('\n').filter((line) => /^(::error|content\/incidents\/EX)/u.test(line)).length;
          expect(lineCount).toBe(2);
        }
      } finally {
        await site.remove();
      }
    });
  }
});
