import type { PaymentMethod } from '@vigie/contracts';

export type Rng = () => number;

/** mulberry32: a small seeded generator, so a simulation can be replayed exactly. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlannedSale {
  amountCents: number;
  paymentMethod: PaymentMethod;
  itemCount: number;
}

export interface PlannedSession {
  openingCents: number;
  sales: PlannedSale[];
  /** counted − expected, in cents. */
  varianceCents: number;
}

const METHODS: [PaymentMethod, number][] = [
  ['cash', 0.55],
  ['card', 0.35],
  ['check', 0.07],
  ['other', 0.03],
];

function pick(rng: Rng): PaymentMethod {
  let r = rng();
  for (const [method, p] of METHODS) {
    if ((r -= p) < 0) return method;
  }
  return 'cash';
}

/**
 * One session as a ressourcerie has it: a float of 50–150 €, 3–25 small sales, and a drawer that is
 * usually right, sometimes off by a few cents or euros, and now and then short by more than 10 €.
 * A "troubled" register is short far more often, as the repeated-variance rule expects.
 */
export function planSession(rng: Rng, troubled = false): PlannedSession {
  const openingCents = (50 + Math.floor(rng() * 11) * 10) * 100;
  const sales = Array.from({ length: 3 + Math.floor(rng() * 23) }, () => ({
    amountCents: 50 + Math.floor(rng() * 60) * 50,
    paymentMethod: pick(rng),
    itemCount: 1 + Math.floor(rng() * 4),
  }));
  const r = rng();
  const shortfall = troubled ? 0.5 : 0.04;
  let varianceCents = 0;
  if (r < shortfall * 0.15) varianceCents = -(5001 + Math.floor(rng() * 5000));
  else if (r < shortfall) varianceCents = -(1001 + Math.floor(rng() * 3000));
  else if (r < shortfall + 0.15) varianceCents = Math.round((rng() - 0.5) * 600);
  return { openingCents, sales, varianceCents };
}

export function expectedCashCents(session: PlannedSession): number {
  return session.sales
    .filter((s) => s.paymentMethod === 'cash')
    .reduce((sum, s) => sum + s.amountCents, session.openingCents);
}
