import type { KpiRow } from '../projections/kpi';
import type { Analyser, Recommendation } from './recommendation';
import { n, shiftDay } from './windows';

const KIND = 'stream-near-limits';

export const STREAM_NEAR_LIMITS = {
  /** Days of samples the growth trend is fitted on. */
  lookbackDays: 14,
  /** Used share of a limit (bytes or messages) above which it is recommended, and critical. */
  usedAbovePercent: 80,
  criticalAbovePercent: 95,
  /** A growth that reaches the limit within this many days is recommended too. */
  reachWithinDays: 14,
  /** Days with samples needed to trust a trend. */
  minTrendDays: 3,
};

interface Day {
  day: string;
  index: number;
  value: number;
}

interface Usage {
  what: 'bytes' | 'messages';
  used: number;
  limit: number;
  usedPercent: number;
  growthPerDay: number;
  daysToLimit: number | null;
  days: number;
}

/** Least-squares slope of value per day (days by their offset from the first). */
function slope(points: readonly Day[]): number {
  const mx = points.reduce((s, p) => s + p.index, 0) / points.length;
  const my = points.reduce((s, p) => s + p.value, 0) / points.length;
  const sxx = points.reduce((s, p) => s + (p.index - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.index - mx) * (p.value - my), 0) / sxx;
}

const round = (v: number, decimals = 0) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/** Daily averages of one measure (bytes or messages) and of its limit, from the summed samples. */
function usage(rows: readonly KpiRow[], what: 'bytes' | 'messages', from: string): Usage | undefined {
  const [sum, limited, limitSum] = what === 'bytes' ? ['bytesSum', 'bytesLimited', 'maxBytesSum'] : ['messagesSum', 'messagesLimited', 'maxMessagesSum'];
  const days = rows
    .filter((r) => n(r.counters, 'samples') > 0)
    .map((r) => ({ day: r.day, value: n(r.counters, sum) / n(r.counters, 'samples'), r }))
    .sort((a, b) => (a.day < b.day ? -1 : 1));
  const latest = days.at(-1);
  if (!latest || n(latest.r.counters, limited) === 0) return undefined;
  const limit = n(latest.r.counters, limitSum) / n(latest.r.counters, limited);
  const points = days.map((d) => ({ day: d.day, value: d.value, index: (Date.parse(d.day) - Date.parse(from)) / 86_400_000 }));
  const growthPerDay = points.length >= STREAM_NEAR_LIMITS.minTrendDays ? slope(points) : 0;
  const used = latest.value;
  return {
    what,
    used: round(used),
    limit: round(limit),
    usedPercent: round((used / limit) * 100, 1),
    growthPerDay: round(growthPerDay),
    daysToLimit: growthPerDay > 0 ? round(Math.max(0, limit - used) / growthPerDay, 1) : null,
    days: points.length,
  };
}

function worrying(u: Usage): boolean {
  const p = STREAM_NEAR_LIMITS;
  return u.usedPercent > p.usedAbovePercent || (u.daysToLimit !== null && u.daysToLimit <= p.reachWithinDays);
}

const LABEL = { bytes: 'octets', messages: 'messages' } as const;

function describe(u: Usage): string {
  const unit = u.what === 'bytes' ? `${round(u.used / 1_048_576, 1)} Mio sur ${round(u.limit / 1_048_576, 1)} Mio` : `${u.used} messages sur ${u.limit}`;
  const trend = u.daysToLimit === null ? 'sans croissance' : `+${u.growthPerDay} ${LABEL[u.what]}/jour, limite atteinte dans ${u.daysToLimit} jours`;
  return `${unit} (${u.usedPercent} %, ${trend})`;
}

/**
 * A stream filling up towards its size or message limit: past it JetStream drops the oldest messages
 * (discard old), and Vigie can no longer rebuild its projections from sequence 0. Read from the
 * monitor's daily-averaged samples: the latest day's use, and the trend fitted over two weeks.
 */
export const streamNearLimitsAnalyser: Analyser = {
  kind: KIND,
  reads: 'stream',
  lookbackDays: STREAM_NEAR_LIMITS.lookbackDays,
  analyse(rows, asOf) {
    const p = STREAM_NEAR_LIMITS;
    const from = shiftDay(asOf, -(p.lookbackDays - 1));
    const byStream = new Map<string, KpiRow[]>();
    for (const r of rows) {
      if (r.day < from || r.day > asOf) continue;
      byStream.set(r.key, [...(byStream.get(r.key) ?? []), r]);
    }
    return [...byStream.keys()].sort().flatMap((stream): Recommendation[] => {
      const found = (['bytes', 'messages'] as const).map((what) => usage(byStream.get(stream)!, what, from)).filter((u): u is Usage => !!u && worrying(u));
      if (found.length === 0) return [];
      const worst = [...found].sort((a, b) => b.usedPercent - a.usedPercent)[0];
      const evidence: Record<string, number> = { lookbackDays: p.lookbackDays, usedAbovePercent: p.usedAbovePercent, reachWithinDays: p.reachWithinDays };
      for (const u of found) {
        const prefix = u.what === 'bytes' ? 'bytes' : 'messages';
        Object.assign(evidence, {
          [`${prefix}Used`]: u.used,
          [`${prefix}Limit`]: u.limit,
          [`${prefix}UsedPercent`]: u.usedPercent,
          [`${prefix}GrowthPerDay`]: u.growthPerDay,
          [`${prefix}DaysWithSamples`]: u.days,
          ...(u.daysToLimit === null ? {} : { [`${prefix}DaysToLimit`]: u.daysToLimit }),
        });
      }
      return [
        {
          kind: KIND,
          siteId: 'global',
          subject: stream,
          severity: worst.usedPercent > p.criticalAbovePercent ? 'critical' : 'warning',
          title:
            worst.usedPercent > p.usedAbovePercent
              ? `Flux ${stream} à ${worst.usedPercent} % de sa limite (${LABEL[worst.what]})`
              : `Flux ${stream} : limite (${LABEL[worst.what]}) atteinte dans ${worst.daysToLimit} jours au rythme actuel`,
          summary: `Flux ${stream} : ${found.map(describe).join(' ; ')}. Au-delà, JetStream efface les plus anciens messages et l'historique ne peut plus être rejoué depuis le début.`,
          evidence,
          actions: [
            `Augmenter la limite de taille ou de messages du flux ${stream} (max_bytes / max_msgs), en vérifiant l'espace disque du serveur NATS`,
            `Ou réduire sa rétention (max_age) après avoir archivé ce qui doit pouvoir être rejoué`,
            `Vérifier qu'aucun producteur n'inonde ${stream} (volume d'événements anormal)`,
          ],
        },
      ];
    });
  },
};
