import { syncDegradingAnalyser as analyser } from './sync-degrading.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';

interface Week {
  runs: number;
  failed: number;
  meanMs: number;
}

/** A week of runs spread as evenly as integers allow, ending on `lastDay`; durations sum to runs × meanMs. */
function week(target: string, lastDay: string, w: Week) {
  const share = (total: number, i: number) => Math.floor(((i + 1) * total) / 7) - Math.floor((i * total) / 7);
  return daily('sync', target, lastDay, 7, (i) => {
    const runs = share(w.runs, i);
    const failed = share(w.failed, i);
    return { runsStarted: runs, runsSucceeded: runs - failed, runsFailed: failed, durationSumMs: runs * w.meanMs };
  });
}

const target = (recent: Week, previous: Week, name = 'compta') => [...week(name, '2026-06-23', previous), ...week(name, asOf, recent)];

describe('sync-degrading', () => {
  it('recommends checking credentials and quota when a target fails more this week, with its numbers', () => {
    const [rec, ...more] = analyser.analyse(target({ runs: 28, failed: 9, meanMs: 2000 }, { runs: 28, failed: 1, meanMs: 2000 }), asOf);
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      kind: 'sync-degrading',
      siteId: 'site-1',
      subject: 'compta',
      severity: 'warning',
      title: "Synchronisation compta : 32 % d'échecs sur 7 jours (4 % la semaine précédente)",
      evidence: {
        windowDays: 7,
        runs: 28,
        failedRuns: 9,
        failureRate: 0.3214,
        meanDurationMs: 2000,
        previousRuns: 28,
        previousFailedRuns: 1,
        previousFailureRate: 0.0357,
        previousMeanDurationMs: 2000,
      },
    });
    expect(rec.summary).toBe(
      'Sur les 7 derniers jours, 9 échecs sur 28 synchronisations vers compta et une durée moyenne de 2\u202f000 ms ; ' +
        'la semaine précédente, 1 sur 28 et 2\u202f000 ms.',
    );
    expect(rec.actions[0]).toBe("Vérifier les identifiants (mot de passe, jeton d'accès) de la cible compta");
  });

  it('is critical from half the runs failing', () => {
    expect(analyser.analyse(target({ runs: 20, failed: 10, meanMs: 100 }, { runs: 20, failed: 0, meanMs: 100 }), asOf)[0].severity).toBe(
      'critical',
    );
  });

  it('recommends checking quota and volume when runs take 1.5 times longer and at least 1 s more', () => {
    const [rec] = analyser.analyse(target({ runs: 14, failed: 0, meanMs: 4500 }, { runs: 14, failed: 0, meanMs: 3000 }), asOf);
    expect(rec).toMatchObject({
      severity: 'warning',
      title: 'Synchronisation compta : durée moyenne de 4\u202f500 ms sur 7 jours (3\u202f000 ms la semaine précédente)',
      evidence: { meanDurationMs: 4500, previousMeanDurationMs: 3000, failureRate: 0, previousFailureRate: 0 },
    });
    expect(rec.actions[0]).toBe('Vérifier le quota et la limitation de débit de la cible compta');
  });

  it.each([
    ['a failure rate not above 20 %', { runs: 20, failed: 4, meanMs: 100 }, { runs: 20, failed: 0, meanMs: 100 }],
    ['a failure rate up less than 15 points', { runs: 20, failed: 8, meanMs: 100 }, { runs: 20, failed: 6, meanMs: 100 }],
    ['runs 1.4 times longer', { runs: 20, failed: 0, meanMs: 14000 }, { runs: 20, failed: 0, meanMs: 10000 }],
    ['runs twice as long but only 900 ms more', { runs: 20, failed: 0, meanMs: 1800 }, { runs: 20, failed: 0, meanMs: 900 }],
    ['9 runs this week', { runs: 9, failed: 9, meanMs: 100 }, { runs: 20, failed: 0, meanMs: 100 }],
    ['9 runs last week', { runs: 20, failed: 10, meanMs: 100 }, { runs: 9, failed: 0, meanMs: 100 }],
  ])('recommends nothing for %s', (_what, recent, previous) => {
    expect(analyser.analyse(target(recent, previous), asOf)).toEqual([]);
  });

  it('leaves healthy targets out', () => {
    const rows = [
      ...target({ runs: 28, failed: 14, meanMs: 100 }, { runs: 28, failed: 0, meanMs: 100 }, 'compta'),
      ...target({ runs: 28, failed: 1, meanMs: 100 }, { runs: 28, failed: 1, meanMs: 100 }, 'mail'),
    ];
    expect(analyser.analyse(rows, asOf).map((r) => r.subject)).toEqual(['compta']);
  });
});
