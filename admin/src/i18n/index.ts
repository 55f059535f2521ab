import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import englishMessages from 'ra-language-english';
import { appEn } from './app.en';
import { appZhCN } from './app.zh-CN';
import { raZhCN } from './raZhCN';
import { campaignEn, campaignZhCN } from '../campaigns/messages';
import { websiteEn, websiteZhCN } from '../websites/messages';
import { delegationEn, delegationZhCN } from '../delegations/messages';
import { phoneEn, phoneZhCN } from '../layout/messages';

type Tree = { [key: string]: unknown };
/** Deep merge of message trees: each screen module adds its own keys under resources and govflow. */
function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && out[k] && typeof out[k] === 'object' ? merge(out[k] as Tree, v as Tree) : v;
  }
  return out;
}

const messages = {
  'zh-CN': merge(merge(merge(merge({ ...raZhCN, ...appZhCN }, campaignZhCN), websiteZhCN), delegationZhCN), phoneZhCN) as TranslationMessages,
  en: merge(merge(merge(merge({ ...englishMessages, ...appEn }, campaignEn), websiteEn), delegationEn), phoneEn) as TranslationMessages,
};

const base = polyglotI18nProvider(
  (locale) => messages[locale as keyof typeof messages] ?? messages['zh-CN'],
  'zh-CN',
  [{ locale: 'zh-CN', name: '简体中文' }, { locale: 'en', name: 'English' }],
);

/**
 * Chinese first; the language switch in the app bar offers English. react-admin's bulk dialogs omit
 * %{recordRepresentation}, which polyglot would then print literally: default it to empty.
 */
export const i18nProvider = {
  ...base,
  translate: (key: string, options?: Record<string, unknown>) => base.translate(key, { recordRepresentation: '', ...options }),
};
