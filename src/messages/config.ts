import { defineRules } from './types.js';

/** Rules about content/site.yaml and content/services.yaml. */
export const configRules = defineRules({
  'missing-config': {
    severity: 'error',
    docs: 'format.md#site-yaml',
    en: (facts: { file: string; which: 'site' | 'services' }) => ({
      message: `${facts.file} is missing`,
      hint: facts.which === 'site' ? 'create it with at least a title and base_url (see docs/format.md#site-yaml)' : 'create it with the services your incidents refer to (see docs/format.md#services-yaml)',
    }),
    ja: (facts: { file: string; which: 'site' | 'services' }) => ({
      message: `${facts.file} がありません`,
      hint: facts.which === 'site' ? '少なくとも title と base_url を書いて作ってください（docs/format.md#site-yaml）' : '記録が使うサービスを書いて作ってください（docs/format.md#services-yaml）',
    }),
  },
  'unknown-zone': {
    severity: 'error',
    docs: 'format.md#site-yaml',
    en: (zone: string) => ({ message: `"${zone}" is not a known IANA time zone`, hint: 'for example: Asia/Tokyo or UTC' }),
    ja: (zone: string) => ({ message: `「${zone}」は IANA のタイムゾーン名として知られていません`, hint: '例: Asia/Tokyo、UTC' }),
  },
});
