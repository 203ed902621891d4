import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { LOCALE_STORAGE_KEY, locale, setLocale, t, tn, tOr } from './index';

describe('i18n', () => {
  afterEach(() => setLocale('fr'));

  it('is French by default, with parameters', () => {
    expect(locale.value).toBe('fr');
    expect(t('anomalies.count', { shown: 2, total: 5 })).toBe('2 sur 5');
    expect(t('anomalies.site', { site: 'site-1' })).toBe('Site : site-1');
  });

  it('switches to English, remembers it, and sets the page language', () => {
    setLocale('en');
    expect(t('action.acknowledge')).toBe('Acknowledge');
    expect(t('anomalies.count', { shown: 2, total: 5 })).toBe('2 of 5');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('plurals: 0 and 1 are singular in French, only 1 in English', () => {
    expect([0, 1, 2].map((n) => tn('login.tooMany', n))).toEqual([
      'Trop de tentatives échouées. Réessayez dans 0 minute.',
      'Trop de tentatives échouées. Réessayez dans 1 minute.',
      'Trop de tentatives échouées. Réessayez dans 2 minutes.',
    ]);
    setLocale('en');
    expect(tn('login.tooMany', 0)).toBe('Too many failed attempts. Try again in 0 minutes.');
  });

  it('keys built from data fall back to the raw value', () => {
    expect(tOr('rule.cash.variance', 'cash.variance')).toBe('Écart de caisse');
    expect(tOr('rule.cash.new-rule', 'cash.new-rule')).toBe('cash.new-rule');
  });

  it('English has every French message, none empty, with the same parameters', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, en[key].length > 0, params(en[key])]).toEqual([key, true, params(fr[key])]);
    }
  });
});
