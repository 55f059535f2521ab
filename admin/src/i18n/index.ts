import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { appEn } from './app.en';
import { appZhCN } from './app.zh-CN';
import { raZhCN } from './raZhCN';

const messages = {
  'zh-CN': { ...raZhCN, ...appZhCN },
  en: { ...englishMessages, ...appEn },
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
