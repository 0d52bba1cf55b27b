#!/usr/bin/env node
// Converts the peer harness's incidents.json (../shared/bench/gen-corpus.mjs) into a kokuchi content folder,
// so that kokuchi is timed on exactly the Markdown the peers build.
//
// usage: node bench/convert-corpus.mjs INCIDENTS_JSON OUT_CONTENT_DIR
//
// Every 7th incident leaves the Japanese text of its newest update untranslated (as real sites do).
import fs from 'node:fs';
import path from 'node:path';

/** Writes content/{site,services}.yaml and content/incidents/<yyyy>/<id>.yaml; returns the incident count. */
export function convertCorpus(incidentsJson, outDir) {
  const corpus = JSON.parse(fs.readFileSync(incidentsJson, 'utf8'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'incidents'), { recursive: true });
  fs.writeFileSync(
    path.join(outDir, 'site.yaml'),
    'title: {ja: ベンチマーク, en: Benchmark}\nbase_url: https://example.com/\nlanguages: [ja, en]\ndefault_language: ja\nsource_language: ja\n',
  );
  const services = new Map();
  for (const incident of corpus.incidents) services.set(incident.service.id, incident.service.name);
  fs.writeFileSync(
    path.join(outDir, 'services.yaml'),
    [...services].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, name]) => `${id}: {ja: ${q(name.ja)}, en: ${q(name.en)}}\n`).join(''),
  );
  corpus.incidents.forEach((incident, index) => {
    const year = incident.start.slice(0, 4);
    const lines = [
      `id: ${q(incident.id)}`,
      `service: ${incident.service.id}`,
      'source_lang: ja',
      `title: {ja: ${q(incident.title.ja)}, en: ${q(incident.title.en)}}`,
      `start: ${q(incident.start)}`,
      ...(incident.end ? [`end: ${q(incident.end)}`] : []),
      'summary:',
      `  ja: ${q(incident.summary.ja)}`,
      `  en: ${q(incident.summary.en)}`,
      'updates:',
    ];
    incident.updates.forEach((update, updateIndex) => {
      const untranslated = index % 7 === 3 && updateIndex === incident.updates.length - 1;
      lines.push(`  - at: ${q(update.at)}`, `    status: ${update.status}`, '    body:');
      if (!untranslated) lines.push(`      ja: ${q(update.body.ja)}`);
      lines.push(`      en: ${q(update.body.en)}`);
    });
    const directory = path.join(outDir, 'incidents', year);
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, `${incident.id}.yaml`), `${lines.join('\n')}\n`);
  });
  return corpus.incidents.length;
}

function q(text) {
  return JSON.stringify(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node bench/convert-corpus.mjs INCIDENTS_JSON OUT_CONTENT_DIR');
    process.exit(2);
  }
  console.log(`converted ${convertCorpus(input, output)} incidents → ${output}`);
}
