import { ref } from 'vue';
import { en } from './en';
import { fr, type MessageKey } from './fr';

export type { MessageKey };
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const LOCALE_STORAGE_KEY = 'vigie.locale';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { fr, en };

function stored(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return value === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

/** The dashboard's language: French unless the admin chose English on this browser. */
export const locale = ref<Locale>(stored());

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // kept for this page only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export function isMessageKey(key: string): key is MessageKey {
  return key in fr;
}

/** The message in the current language, `{name}` replaced by `params.name`. Reactive in templates. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[locale.value][key] ?? fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** `<key>.one` for a single thing (0 or 1 in French, 1 in English), `<key>.other` otherwise; `{count}` is `count`. */
export function tn(key: string, count: number, params: Record<string, string | number> = {}): string {
  const one = locale.value === 'fr' ? Math.abs(count) < 2 : count === 1;
  const full = `${key}.${one ? 'one' : 'other'}`;
  return isMessageKey(full) ? t(full, { count, ...params }) : full;
}

/** A message whose key is built from data (`severity.${s}`), or the raw value when there is none. */
export function tOr(key: string, fallback: string, params: Record<string, string | number> = {}): string {
  return isMessageKey(key) ? t(key, params) : fallback;
}
