import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { EXIT, parseOptions, usageError, type CliEnvironment } from './options.js';
import { LANGUAGES, type Language } from '../content/schema.js';
import { PACKAGE_ROOT } from '../paths.js';

const HELP = `Usage: kokuchi init [DIR] [options]

Creates a new kokuchi site in DIR (default: the current folder) that depends on
kokuchi as a package: content/site.yaml, content/services.yaml, an empty
content/incidents/, package.json, .gitignore (with kokuchi's cache) and the
GitHub workflows that check pull requests and publish to GitHub Pages. Asks
nothing: every setting is an option or its default. Refuses to overwrite any
existing file (an existing package.json that already depends on kokuchi is kept).

Options:
  --title TEXT              the site's title in every language
  --title-ja TEXT           the Japanese title (default: 障害情報)
  --title-en TEXT           the English title (default: Incident notes)
  --base-url URL            the published address (default: https://example.com/;
                            the publish workflow passes the GitHub Pages address)
  --languages LIST          ja,en (default), ja or en
  --default-language LANG   the language of the site's front page (default: ja if listed)
  --source-language LANG    the language official notices are written in (default: en if listed)
  --kokuchi SPEC            the dependency written into package.json (default: ^<this version>;
                            e.g. a tarball path or a git URL)
`;

/** What `kokuchi init` is told. */
export interface InitOptions {
  titles: Record<Language, string>;
  baseUrl: string;
  languages: Language[];
  defaultLanguage: Language;
  sourceLanguage: Language;
  /** package.json name, from the folder's name. */
  name: string;
  /** The version range (or tarball, git URL) of the kokuchi dependency. */
  dependency: string;
}

/** One file `init` writes, relative to the site folder. */
export interface InitFile {
  path: string;
  text: string;
}

/** A scaffold file shipped with kokuchi (scaffold/, kept in step with this repository's own files by a test). */
function scaffold(file: string): string {
  return readFileSync(fileURLToPath(new URL(`scaffold/${file}`, PACKAGE_ROOT)), 'utf8');
}

const yamlValue = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

/** The files of a new site. Pure except for reading kokuchi's own scaffold files. */
export function initFiles(options: InitOptions): InitFile[] {
  const { languages } = options;
  const titles = languages.map((language) => `  ${language}: ${yamlValue(options.titles[language])}`);
  const siteYaml = [
    '# Site-wide settings; every key is described in docs/format.md of kokuchi (site.yaml).',
    'title:',
    ...titles,
    `base_url: ${yamlValue(options.baseUrl)}`,
    `languages: [${languages.join(', ')}]`,
    `default_language: ${options.defaultLanguage}`,
    `# The language official notices are written in; the other language is your translation.`,
    `source_language: ${options.sourceLanguage}`,
    'zones:',
    '  primary: Asia/Tokyo',
    '  secondary: UTC',
    '',
  ].join('\n');
  const name = (language: Language, ja: string, en: string) => `${language}: ${language === 'ja' ? ja : en}`;
  const service = (key: string, ja: string, en: string) => `${key}: {${languages.map((language) => name(language, ja, en)).join(', ')}}`;
  const servicesYaml = [
    '# The services your incidents are about: a key (used in records as service: KEY) and its name',
    '# in each language. Add, rename or remove entries to suit your site.',
    service('exchange-online', 'Exchange Online', 'Exchange Online'),
    service('microsoft-teams', 'Microsoft Teams', 'Microsoft Teams'),
    service('sharepoint-online', 'SharePoint Online', 'SharePoint Online'),
    '',
  ].join('\n');
  const packageJson = `${JSON.stringify(
    {
      name: options.name,
      private: true,
      type: 'module',
      scripts: { check: 'kokuchi check', build: 'kokuchi build', dev: 'kokuchi dev' },
      dependencies: { kokuchi: options.dependency },
    },
    null,
    2,
  )}\n`;
  return [
    { path: 'content/site.yaml', text: siteYaml },
    { path: 'content/services.yaml', text: servicesYaml },
    { path: 'content/incidents/.gitkeep', text: '' },
    { path: 'package.json', text: packageJson },
    { path: '.gitignore', text: scaffold('gitignore') },
    { path: '.github/workflows/publish.yml', text: scaffold('github/workflows/publish.yml') },
    { path: '.github/workflows/pull-request.yml', text: scaffold('github/workflows/pull-request.yml') },
  ];
}

/** True when an existing package.json already depends on kokuchi (it is then kept as it is). */
function dependsOnKokuchi(file: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    return Boolean(manifest.dependencies?.kokuchi ?? manifest.devDependencies?.kokuchi);
  } catch {
    return false;
  }
}

function readLanguage(option: string, value: string | undefined, languages: readonly Language[]): Language | undefined {
  if (value === undefined) return undefined;
  if (!(languages as readonly string[]).includes(value)) usageError(`${option} must be one of ${languages.join(', ')}, not "${value}"`);
  return value as Language;
}

/** `kokuchi init`: writes a new site that depends on kokuchi; never overwrites a file. */
export async function runInit(args: string[], environment: CliEnvironment): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    title: { type: 'string' },
    'title-ja': { type: 'string' },
    'title-en': { type: 'string' },
    'base-url': { type: 'string', default: 'https://example.com/' },
    languages: { type: 'string', default: 'ja,en' },
    'default-language': { type: 'string' },
    'source-language': { type: 'string' },
    kokuchi: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    environment.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) usageError(`unexpected argument "${positionals[1]}"`);
  const languages = [...new Set(values.languages.split(',').map((language) => language.trim()))];
  for (const language of languages) if (!(LANGUAGES as readonly string[]).includes(language)) usageError(`--languages lists "${language}"; kokuchi writes ${LANGUAGES.join(' and ')}`);
  const siteLanguages = languages as Language[];
  let baseUrl: URL | undefined;
  try {
    baseUrl = new URL(values['base-url']);
  } catch {
    baseUrl = undefined;
  }
  if (!baseUrl || !/^https?:$/u.test(baseUrl.protocol) || baseUrl.username || baseUrl.password || baseUrl.search || baseUrl.hash || /[\u0000-\u001f\u007f]/u.test(values['base-url'])) {
    usageError(`--base-url must be an absolute http(s) URL without credentials, query or fragment, not "${values['base-url']}"`);
  }
  const titles: Record<Language, string> = {
    ja: values['title-ja'] ?? values.title ?? '障害情報',
    en: values['title-en'] ?? values.title ?? 'Incident notes',
  };
  for (const language of siteLanguages) if (titles[language].trim() === '') usageError(`the ${language} title is empty`);
  const defaultLanguage = readLanguage('--default-language', values['default-language'], siteLanguages) ?? (siteLanguages.includes('ja') ? 'ja' : siteLanguages[0]!);
  const sourceLanguage = readLanguage('--source-language', values['source-language'], siteLanguages) ?? (siteLanguages.includes('en') ? 'en' : siteLanguages[0]!);

  const directory = path.resolve(environment.cwd, positionals[0] ?? '.');
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('package.json', PACKAGE_ROOT)), 'utf8')) as { version: string };
  const files = initFiles({
    titles,
    baseUrl: baseUrl.href,
    languages: siteLanguages,
    defaultLanguage,
    sourceLanguage,
    name: path.basename(directory).toLowerCase().replace(/[^a-z0-9._-]+/gu, '-').replace(/^[._-]+/u, '') || 'kokuchi-site',
    dependency: values.kokuchi ?? `^${manifest.version}`,
  });
  const shown = (file: string) => path.relative(environment.cwd, path.join(directory, file)).split(path.sep).join('/');
  const keep = new Set<string>();
  const taken: string[] = [];
  for (const file of files) {
    const absolute = path.join(directory, file.path);
    if (!existsSync(absolute)) continue;
    if (file.path === 'package.json' && dependsOnKokuchi(absolute)) keep.add(file.path);
    else taken.push(shown(file.path));
  }
  if (existsSync(path.join(directory, 'content', 'incidents')) && !existsSync(path.join(directory, 'content', 'incidents', '.gitkeep'))) taken.push(shown('content/incidents/'));
  if (taken.length > 0) {
    environment.stderr.write(`kokuchi init: ${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}, so nothing was written\n    hint: run it in an empty folder, or give one: kokuchi init my-site\n`);
    return EXIT.content;
  }
  for (const file of files) {
    if (keep.has(file.path)) continue;
    const absolute = path.join(directory, file.path);
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, file.text, { flag: 'wx' });
    environment.stdout.write(`${shown(file.path)}\n`);
  }
  if (keep.size > 0) environment.stderr.write(`kept ${shown('package.json')}: it already depends on kokuchi\n`);
  const inDirectory = positionals[0] === undefined ? '' : `cd ${shown('.')} && `;
  environment.stderr.write(
    `next: ${inDirectory}${keep.size > 0 ? '' : 'npm install && '}npx kokuchi new EX000001 --service exchange-online --title-en "…" --start "2026-12-02 05:51 JST", then npx kokuchi build (docs/writing.md walks through it)\n`,
  );
  return EXIT.ok;
}
