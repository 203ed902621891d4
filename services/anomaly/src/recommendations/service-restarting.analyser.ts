import type { Analyser } from './recommendation';
import { compareWindows, n } from './windows';

const KIND = 'service-restarting';

export const SERVICE_RESTARTING = {
  windowDays: 7,
  minRestarts: 3,
  criticalAt: 10,
};

/** A service that keeps coming back with a new instance id: crashes, memory limits, a failing probe. */
export const serviceRestartingAnalyser: Analyser = {
  kind: KIND,
  reads: 'ops',
  lookbackDays: SERVICE_RESTARTING.windowDays,
  analyse(rows, asOf) {
    const p = SERVICE_RESTARTING;
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: service, recent }) => {
      const restarts = n(recent, 'restarts');
      if (restarts < p.minRestarts) return [];
      return [
        {
          kind: KIND,
          siteId,
          subject: service,
          severity: restarts >= p.criticalAt ? 'critical' : 'warning',
          title: `Service ${service} : ${restarts} redémarrages en 7 jours`,
          summary: `Le service ${service} a démarré ${restarts} nouvelles instances en 7 jours (${n(recent, 'heartbeats')} battements de cœur reçus).`,
          evidence: { windowDays: p.windowDays, restarts, heartbeats: n(recent, 'heartbeats') },
          actions: [
            `Lire les journaux du service ${service} juste avant chaque redémarrage`,
            `Vérifier la mémoire et les limites du conteneur de ${service}`,
            `Vérifier que la sonde /health/live de ${service} ne le fait pas redémarrer à tort`,
          ],
        },
      ];
    });
  },
};
