import { serviceRestartingAnalyser as analyser } from './service-restarting.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';

const ops = (restarts: number[], lastDay = asOf, service = 'cash') =>
  daily('ops', service, lastDay, restarts.length, (i) => ({ heartbeats: 100, ...(restarts[i] ? { restarts: restarts[i] } : {}) }), 'global');

describe('service-restarting', () => {
  it('recommends reading the logs of a service restarted 3 times in 7 days', () => {
    const [rec, ...more] = analyser.analyse([...ops([1, 0, 0, 2]), ...ops([5], '2026-06-23', 'cash'), ...ops([0, 0, 1], asOf, 'sync')], asOf);
    expect(more).toEqual([]);
    expect(rec).toEqual({
      kind: 'service-restarting',
      siteId: 'global',
      subject: 'cash',
      severity: 'warning',
      title: 'Service cash : 3 redémarrages en 7 jours',
      summary: 'Le service cash a démarré 3 nouvelles instances en 7 jours (400 battements de cœur reçus).',
      evidence: { windowDays: 7, restarts: 3, heartbeats: 400 },
      actions: [
        'Lire les journaux du service cash juste avant chaque redémarrage',
        'Vérifier la mémoire et les limites du conteneur de cash',
        'Vérifier que la sonde /health/live de cash ne le fait pas redémarrer à tort',
      ],
    });
  });

  it('is critical from 10 restarts', () => {
    expect(analyser.analyse(ops([5, 5]), asOf)[0].severity).toBe('critical');
  });

  it('recommends nothing for 2 restarts, nor for restarts 8 days ago', () => {
    expect(analyser.analyse(ops([1, 1]), asOf)).toEqual([]);
    expect(analyser.analyse(ops([9], '2026-06-23'), asOf)).toEqual([]);
  });
});
