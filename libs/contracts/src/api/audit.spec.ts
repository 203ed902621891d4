import { AuditEventsQuery, ReplayRequest } from './audit';

describe('audit DTOs', () => {
  it('reads days as UTC midnight and instants with their offset', () => {
    const q = AuditEventsQuery.parse({ stream: 'CASH', from: '2026-11-01', to: '2026-11-08T09:00:00+01:00', limit: '5' });
    expect(q).toEqual({ stream: 'CASH', from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T08:00:00.000Z', limit: 5 });
  });

  it.each([
    [{ stream: 'NOPE', from: '2026-11-01', to: '2026-11-02' }, 'stream'],
    [{ stream: 'CASH', from: '2026-11-03', to: '2026-11-02' }, 'from'],
    [{ stream: 'CASH', from: '2026-11-02', to: '2026-11-02' }, 'from'],
    [{ stream: 'CASH', from: '2026-02-30', to: '2026-11-02' }, 'from'],
    [{ stream: 'CASH', from: 'yesterday', to: '2026-11-02' }, 'from'],
    [{ stream: 'CASH', from: '2026-11-01', to: '2026-11-02', subject: 'a b' }, 'subject'],
    [{ stream: 'CASH', from: '2026-11-01', to: '2026-11-02', limit: '0' }, 'limit'],
    [{ stream: 'CASH', from: '2026-11-01', to: '2026-11-02', other: 1 }, ''],
  ])('refuses %j (at %s)', (query, path) => {
    const r = AuditEventsQuery.safeParse(query);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('takes rule overrides shaped like the rules API, with a default warm-up', () => {
    const r = ReplayRequest.parse({ from: '2026-11-01', to: '2026-11-08', rules: [{ ruleId: 'cash.variance', params: { warningAbove: 20 } }] });
    expect(r).toMatchObject({ warmupHours: 168, rules: [{ ruleId: 'cash.variance', scope: {}, params: { warningAbove: 20 } }] });
    expect(ReplayRequest.safeParse({ from: '2026-11-01', to: '2026-11-08', rules: [{ ruleId: 'variance' }] }).success).toBe(false);
  });
});
