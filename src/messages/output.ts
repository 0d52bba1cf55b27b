import { defineRules } from './types.js';

/** Why an output folder is refused. */
export type OutputLocationProblem = { kind: 'root'; folder: string } | { kind: 'contains'; folder: string; source: string };

/** Rules of `kokuchi build` about the output folder (exit code 2). */
export const outputRules = defineRules({
  'output-location': {
    severity: 'error',
    docs: 'guarantees.md#a-build-never-publishes-a-broken-or-half-written-site',
    en: (problem: OutputLocationProblem) => ({
      message:
        problem.kind === 'root'
          ? `refusing to use the file-system root ${problem.folder} as the output folder`
          : `refusing to write the site to ${problem.folder}: it contains ${problem.source}, which the build would replace`,
      hint: 'choose a dedicated output folder such as dist/',
    }),
    ja: (problem: OutputLocationProblem) => ({
      message:
        problem.kind === 'root'
          ? `ファイル システムのルート ${problem.folder} は出力先にできません`
          : `${problem.folder} にはサイトを書き出せません。ビルドが置き換えてしまう ${problem.source} が中にあります`,
      hint: 'dist/ のような出力専用のフォルダーを指定してください',
    }),
  },
  'output-write': {
    severity: 'error',
    docs: 'guarantees.md#a-build-never-publishes-a-broken-or-half-written-site',
    en: (facts: { folder: string; detail: string }) => ({
      message: `the site cannot be written to ${facts.folder}: ${facts.detail}`,
      hint: 'check that the output folder and its parent are folders you can write to, and that the disk has room',
    }),
    ja: (facts: { folder: string; detail: string }) => ({
      message: `サイトを ${facts.folder} に書き出せません（${facts.detail}）`,
      hint: '出力先とその親が書き込めるフォルダーか、ディスクに空きがあるかを確かめてください',
    }),
  },
  'output-busy': {
    severity: 'error',
    docs: 'guarantees.md#a-build-never-publishes-a-broken-or-half-written-site',
    en: (facts: { process: number | string; folder: string }) => ({
      message: `another kokuchi build (process ${facts.process}) is writing ${facts.folder}`,
      hint: 'wait for it to finish, or build into another folder with --out',
    }),
    ja: (facts: { process: number | string; folder: string }) => ({
      message: `別の kokuchi のビルド（プロセス ${facts.process}）が ${facts.folder} に書き出し中です`,
      hint: '終わるまで待つか、--out で別のフォルダーにビルドしてください',
    }),
  },
});
