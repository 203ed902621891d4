import { registerVarianceTrendAnalyser as analyser } from './register-variance-trend.analyser';
import { daily } from './test-rows';
import { shiftDay } from './windows';

const asOf = '2026-06-30';
const previousEnd = shiftDay(asOf, -30);

/** One closed session a day on the first `sessions` (20) days of each 30-day window, the first ones with a large variance. */
function register(recent: number, previous: number, opts: { key?: string; sessions?: number; shortfalls?: number } = {}) {
  const sessions = opts.sessions ?? 20;
  const shortfalls = opts.shortfalls ?? recent;
  const day = (variances: number, shorts: number) => (i: number) => {
    const inSession = i < sessions ? 1 : 0;
    const large = i < variances ? 1 : 0;
    const short = i < shorts ? 1 : 0;
    return { sessionsClosed: inSession, largeVariances: large, largeShortfalls: short, varianceAbsCents: large * 2500 + inSession * 10 };
  };
  return [...daily('cash', opts.key ?? 'reg-1', previousEnd, 30, day(previous, 0)), ...daily('cash', opts.key ?? 'reg-1', asOf, 30, day(recent, shortfalls))];
}

describe('register-variance-trend', () => {
  it('recommends a recount training when the variance rate of a register clearly rose over 30 days, with its numbers', () => {
    const rows = register(6, 1);
    const [rec, ...more] = analyser.analyse(rows, asOf);
    expect(more).toEqual([]);
    const recentRows = rows.filter((r) => r.day > previousEnd);
    const sum = (name: string, rs = recentRows) => rs.reduce((n, r) => n + (r.counters[name] ?? 0), 0);
    expect(sum('largeVariances')).toBe(6);
    expect(rec).toEqual({
      kind: 'register-variance-trend',
      siteId: 'site-1',
      subject: 'reg-1',
      severity: 'warning',
      title: 'Caisse reg-1 : écarts de plus de 10 € sur 30 % des sessions en 30 jours (5 % les 30 jours précédents)',
      summary:
        'Du 01/06/2026 au 30/06/2026, 6 sessions sur 20 clôturées avec un écart de plus de 10,00 € (dont 6 manques), ' +
        "152,00 € d'écarts cumulés ; 1 sur 20 les 30 jours précédents.",
      evidence: {
        windowDays: 30,
        sessions: 20,
        largeVariances: 6,
        largeShortfalls: 6,
        varianceRate: 0.3,
        varianceAbsCents: sum('varianceAbsCents'),
        previousSessions: 20,
        previousLargeVariances: 1,
        previousVarianceRate: 0.05,
      },
      actions: expect.arrayContaining(['Revoir la procédure de comptage avec les bénévoles de la caisse reg-1']),
    });
    expect(rec.evidence.varianceAbsCents).toBe(6 * 2500 + 20 * 10);
    expect(rec.actions.length).toBeGreaterThanOrEqual(1);
    expect(rec.actions.length).toBeLessThanOrEqual(3);
  });

  it('is critical from 40 % of the sessions', () => {
    expect(analyser.analyse(register(8, 1), asOf)[0].severity).toBe('critical');
  });

  it.each([
    ['a rate not above the 15 % floor', 3, 0],
    ['a rise of less than 10 points', 6, 5],
    ['a rate under 1.5 times the previous one', 8, 6],
    ['a steady rate', 4, 4],
    ['a falling rate', 1, 6],
  ])('recommends nothing for %s', (_what, recent, previous) => {
    expect(analyser.analyse(register(recent, previous), asOf)).toEqual([]);
  });

  it('needs 10 closed sessions in each window', () => {
    expect(analyser.analyse(register(9, 0, { sessions: 9 }), asOf)).toEqual([]);
    const fewBefore = [...register(10, 0).filter((r) => r.day > previousEnd), ...register(0, 0, { sessions: 9 }).filter((r) => r.day <= previousEnd)];
    expect(analyser.analyse(fewBefore, asOf)).toEqual([]);
    const enough = [...register(10, 0).filter((r) => r.day > previousEnd), ...register(0, 0, { sessions: 10 }).filter((r) => r.day <= previousEnd)];
    expect(analyser.analyse(enough, asOf)).toHaveLength(1);
  });

  it('looks at each register on its own and ignores rows outside the two windows', () => {
    const old = register(0, 20).map((r) => ({ ...r, day: shiftDay(r.day, -60) }));
    const rows = [...register(6, 1, { key: 'reg-1' }), ...register(1, 1, { key: 'reg-2' }), ...old];
    expect(analyser.analyse(rows, asOf).map((r) => r.subject)).toEqual(['reg-1']);
  });
});
