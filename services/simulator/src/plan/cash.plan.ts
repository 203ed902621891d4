import type { PaymentMethod } from '@vigie/contracts';
import { dayAt, type SimDay } from './calendar';
import type { PlannedSale, PlannedSession } from './day-plan';
import { chance, int, pick, rngFor, weighted, type Rng } from './rng';
import type { Register, Site } from './shop';

/** Above this a closing raises `cash.variance` (ARCHITECTURE.md): a plain day stays at or below it. */
export const PLAIN_MAX_VARIANCE_CENTS = 950;

const SHORT_COMMENTS = [
  'erreur de rendu de monnaie',
  'recompté deux fois, écart inexpliqué',
  'une vente non saisie ?',
  'pièces de 2 € mal comptées',
];
const OVER_COMMENTS = ['monnaie rendue en moins à un client', 'vente encaissée deux fois ?', 'pièce retrouvée dans le tiroir'];

/** Ressourcerie prices: mostly a few euros, now and then a piece of furniture. */
function saleAmountCents(rng: Rng): number {
  const [min, max] = weighted(rng, [
    [[1, 10], 0.45],
    [[10, 40], 0.35],
    [[40, 120], 0.15],
    [[120, 300], 0.05],
  ] as const);
  // Prices are round: multiples of 0.50 €.
  return int(rng, min, max) * 50;
}

function paymentMethod(rng: Rng, amountCents: number): PaymentMethod {
  if (amountCents >= 6000) {
    return weighted(rng, [['card', 0.6], ['cash', 0.25], ['check', 0.15]] as const);
  }
  return weighted(rng, [['cash', 0.58], ['card', 0.34], ['check', 0.05], ['other', 0.03]] as const);
}

/** Sale times over the opening hours, fewer over lunch (12:30–13:45), in order. */
function saleTimes(rng: Rng, day: SimDay, from: number, to: number, count: number): number[] {
  const lunch = [dayAt(day, 12, 30), dayAt(day, 13, 45)];
  const times: number[] = [];
  while (times.length < count) {
    const t = Math.round(from + rng() * (to - from));
    if (t >= lunch[0] && t < lunch[1] && chance(rng, 0.7)) continue;
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/** A drawer as cashiers count it: usually exact, often off by coins, now and then by a few euros, never by more than 9.50 €. */
export function plainVarianceCents(rng: Rng): number {
  const kind = weighted(rng, [['exact', 0.72], ['coins', 0.18], ['euros', 0.1]] as const);
  if (kind === 'exact') return 0;
  const abs = kind === 'coins' ? int(rng, 1, 200) : int(rng, 201, PLAIN_MAX_VARIANCE_CENTS);
  return chance(rng, 0.65) ? -abs : abs;
}

export function varianceComment(rng: Rng, varianceCents: number): string | undefined {
  if (Math.abs(varianceCents) <= 1) return undefined;
  return pick(rng, varianceCents < 0 ? SHORT_COMMENTS : OVER_COMMENTS);
}

/** The day of one register: opened around 9:00 with a float, 15–45 sales, closed around 18:15 with a count. */
export function planSession(seed: number, site: Site, register: Register, day: SimDay): PlannedSession {
  const rng = rngFor(seed, 'cash', day.date, register.registerId);
  const saturday = day.weekday === 6;
  const openAt = dayAt(day, 9, int(rng, 0, 25) + rng());
  const closeAt = dayAt(day, 18, int(rng, 0, 40) + rng());
  const count = Math.round(int(rng, 15, 35) * (saturday ? 1.4 : 1));
  const sales: PlannedSale[] = saleTimes(rng, day, openAt + 5 * 60_000, closeAt - 10 * 60_000, count).map((at) => {
    const amountCents = saleAmountCents(rng);
    const itemCount = weighted(rng, [[1, 0.6], [2, 0.25], [3, 0.1], [4, 0.05]] as const);
    return { at, amountCents, paymentMethod: paymentMethod(rng, amountCents), itemCount };
  });
  const varianceCents = plainVarianceCents(rng);
  const comment = varianceComment(rng, varianceCents);
  return {
    key: `${register.registerId}/${day.date}`,
    siteId: site.siteId,
    registerId: register.registerId,
    operatorId: pick(rng, site.operators),
    openAt,
    openingCents: (50 + 10 * int(rng, 0, 10)) * 100,
    sales,
    closeAt,
    varianceCents,
    ...(comment ? { comment } : {}),
  };
}

/** Opening float + cash sales: what the drawer should hold (ARCHITECTURE.md). */
export function expectedCashCents(session: Pick<PlannedSession, 'openingCents' | 'sales'>): number {
  return session.sales.filter((s) => s.paymentMethod === 'cash').reduce((sum, s) => sum + s.amountCents, session.openingCents);
}

export function countedCashCents(session: PlannedSession): number {
  return expectedCashCents(session) + session.varianceCents;
}
