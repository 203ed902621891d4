import { KpiQuery } from './kpi-query';

describe('GET /kpis query', () => {
  it('accepts a range of Paris days with optional site and kind', () => {
    expect(KpiQuery.parse({ from: '2026-06-01', to: '2026-06-30', kind: 'cash', siteId: 'site-1' })).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
      kind: 'cash',
      siteId: 'site-1',
    });
    expect(KpiQuery.safeParse({ from: '2026-06-01', to: '2026-06-01' }).success).toBe(true);
  });

  it.each([
    [{ to: '2026-06-01' }, 'from'],
    [{ from: '2026-6-1', to: '2026-06-01' }, 'from'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-06-02', to: '2026-06-01' }, 'to'],
    [{ from: '2025-01-01', to: '2026-06-01' }, 'to'],
    [{ from: '2026-06-01', to: '2026-06-02', kind: 'weather' }, 'kind'],
    [{ from: '2026-06-01', to: '2026-06-02', siteId: 'site 1' }, 'siteId'],
    [{ from: '2026-06-01', to: '2026-06-02', extra: '1' }, ''],
  ])('refuses %j (names %s)', (query, field) => {
    const result = KpiQuery.safeParse(query);
    expect(result.success).toBe(false);
    if (field) expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});
