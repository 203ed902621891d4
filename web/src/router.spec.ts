import { describe, expect, it } from 'vitest';
import { hrefOf, navigate, parseHash, route } from './router';

describe('hash router', () => {
  it.each([
    ['', { page: 'overview', query: {} }],
    ['#/', { page: 'overview', query: {} }],
    ['#/anomalies', { page: 'anomalies', query: {} }],
    ['#/anomalies/anm-1?x=1', { page: 'anomalies', id: 'anm-1', query: { x: '1' } }],
    ['#/anomalies?status=open&severity=critical', { page: 'anomalies', query: { status: 'open', severity: 'critical' } }],
    ['#/reports/2026-W48', { page: 'reports', id: '2026-W48', query: {} }],
    ['#/reports/a%2Fb', { page: 'reports', id: 'a/b', query: {} }],
    ['#/nowhere', { page: 'not-found', query: {} }],
    ['#/anomalies/a/b', { page: 'not-found', query: {} }],
    ['#/anomalies/%E0%A4%A', { page: 'not-found', query: {} }],
  ])('%s', (hash, expected) => {
    expect(parseHash(hash)).toEqual(expected);
  });

  it('builds hrefs, leaving empty filters out and encoding ids', () => {
    expect(hrefOf('anomalies')).toBe('#/anomalies');
    expect(hrefOf('anomalies', 'a/b')).toBe('#/anomalies/a%2Fb');
    expect(hrefOf('anomalies', undefined, { status: 'open', severity: '', site: undefined })).toBe('#/anomalies?status=open');
    expect(parseHash(hrefOf('metrics', undefined, { days: '30', site: 'site 1' }))).toEqual({ page: 'metrics', query: { days: '30', site: 'site 1' } });
  });

  it('navigate() changes the route at once and the address', () => {
    navigate('#/rules');
    expect(route.value.page).toBe('rules');
    expect(location.hash).toBe('#/rules');
  });
});
