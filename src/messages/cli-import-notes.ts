import type { MessageLanguage } from './types.js';

/** Where in a record an import changed something: the record itself, or one of its updates (by its instant). */
export type NoteWhere = { id: string; update?: string };

/** One change an import makes (or, in a dry run, would make); said in words by {@link sayImportNote}. */
export type ImportNote =
  | { kind: 'created'; file: string; id: string; updates: number }
  | { kind: 'not-newer'; id: string; file: string; imported: string; recorded: string; same: boolean }
  | { kind: 'text'; added: boolean; where: NoteWhere; key: string; translated: boolean }
  | { kind: 'time'; where: NoteWhere; key: string; from?: string; to: string }
  | { kind: 'status'; where: NoteWhere; key: string; from?: string; to: string }
  | { kind: 'service-added'; id: string }
  | { kind: 'service-kept'; id: string; written: string; imported: string }
  | { kind: 'classification'; id: string; from?: string; to: string }
  | { kind: 'update-added'; id: string; at: string; status: string }
  | { kind: 'unchanged'; id: string; file: string }
  | { kind: 'service-listed'; key: string; name: string; file: string };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const whereEn = (where: NoteWhere) => (where.update === undefined ? where.id : `${where.id} update ${where.update}`);
const whereJa = (where: NoteWhere) => (where.update === undefined ? `${where.id} の` : `${where.id} の ${where.update} の続報の`);

const WOULD = { created: 'would create', added: 'would add', updated: 'would update', kept: 'would keep' } as const;

/** The note in English: `added …` / `updated …` after the import, `would add …` in a dry run. */
function noteEn(note: ImportNote, dryRun: boolean): string {
  const verb = (done: keyof typeof WOULD) => (dryRun ? WOULD[done] : done);
  const change = (from: string | undefined) => (from === undefined ? 'added' : 'updated');
  switch (note.kind) {
    case 'created':
      return `${verb('created')} ${note.file}: ${note.id} with ${plural(note.updates, 'update')}`;
    case 'not-newer':
      return `${verb('kept')} ${note.id} (${note.file}): the imported data (last modified ${note.imported}) is ${note.same ? 'the same snapshot as' : 'older than'} the record's (${note.recorded}); nothing changed`;
    case 'text':
      return `${verb(note.added ? 'added' : 'updated')} ${whereEn(note.where)} ${note.key}.en${note.translated ? ' (check its translation)' : ''}`;
    case 'time':
      return `${verb(change(note.from))} ${whereEn(note.where)} ${note.key}${note.from === undefined ? '' : ` (${note.from} → ${note.to})`}`;
    case 'status':
      return `${verb(change(note.from))} ${whereEn(note.where)} ${note.key}${note.from === undefined ? '' : `: ${note.from} → ${note.to}`}`;
    case 'service-added':
      return `${verb('added')} ${note.id} service`;
    case 'service-kept':
      return `${verb('kept')} ${note.id} service ${note.written} (the import maps it to ${note.imported})`;
    case 'classification':
      return `${verb('updated')} ${note.id} classification${note.from === undefined ? '' : `: ${note.from} → ${note.to}`}`;
    case 'update-added':
      return `${verb('added')} ${note.id} update ${note.at} (${note.status})`;
    case 'unchanged':
      return `unchanged ${note.id} (${note.file})`;
    case 'service-listed':
      return `${verb('added')} service ${note.key} ("${note.name}") to ${note.file}`;
  }
}

/** The note in Japanese: `…しました` after the import, `…します` in a dry run. */
function noteJa(note: ImportNote, dryRun: boolean): string {
  const did = (stem: '作成' | '追加' | '更新') => `${stem}${dryRun ? 'します' : 'しました'}`;
  const fromTo = (from: string | undefined, to: string) => (from === undefined ? '' : `（${from} → ${to}）`);
  switch (note.kind) {
    case 'created':
      return `${note.file} を${did('作成')}（${note.id}、続報 ${note.updates} 件）`;
    case 'not-newer':
      return `${note.id}（${note.file}）は${dryRun ? '変えません' : '変えていません'}：取り込んだデータ（最終更新 ${note.imported}）は記録（${note.recorded}）${note.same ? 'と同じ時点のものです' : 'より古いものです'}`;
    case 'text':
      return `${whereJa(note.where)} ${note.key}.en を${did(note.added ? '追加' : '更新')}${note.translated ? '（訳を確認してください）' : ''}`;
    case 'time':
    case 'status':
      return `${whereJa(note.where)} ${note.key} を${did(note.from === undefined ? '追加' : '更新')}${fromTo(note.from, note.to)}`;
    case 'service-added':
      return `${note.id} の service を${did('追加')}`;
    case 'service-kept':
      return `${note.id} の service は ${note.written} のまま${dryRun ? 'にします' : 'です'}（取り込んだデータでは ${note.imported}）`;
    case 'classification':
      return `${note.id} の classification を${did('更新')}${fromTo(note.from, note.to)}`;
    case 'update-added':
      return `${note.id} に ${note.at} の続報（${note.status}）を${did('追加')}`;
    case 'unchanged':
      return `${note.id}（${note.file}）に変更はありません`;
    case 'service-listed':
      return `${note.file} にサービス ${note.key}（「${note.name}」）を${did('追加')}`;
  }
}

/** Says one import note in `language`; `dryRun` says what would change instead of what changed. */
export function sayImportNote(note: ImportNote, language: MessageLanguage, dryRun = false): string {
  return language === 'ja' ? noteJa(note, dryRun) : noteEn(note, dryRun);
}
