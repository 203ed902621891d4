import { centsToEuros } from '@vigie/contracts';
import { ConfigError, parseEnv } from '@vigie/config';
import { SimulatorEnv } from './config';
import { expectedCashCents, planSession, seededRng } from './plan';

async function post(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function waitForCash(base: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main(): Promise<void> {
  const env = parseEnv('simulator', SimulatorEnv);
  const rng = seededRng(env.SIMULATOR_SEED);
  const registers = Array.from({ length: env.SIMULATOR_SITES }, (_, s) =>
    Array.from({ length: env.SIMULATOR_REGISTERS_PER_SITE }, (_, r) => ({
      siteId: `site-${s + 1}`,
      registerId: `site${s + 1}-caisse-${r + 1}`,
      // The last register of the first site is the one with a recurring problem.
      troubled: s === 0 && r === env.SIMULATOR_REGISTERS_PER_SITE - 1,
    })),
  ).flat();
  await waitForCash(env.CASH_URL);
  console.log(`simulating ${registers.length} registers, ${env.SIMULATOR_SESSIONS_PER_MINUTE} sessions/min`);
  const pause = 60000 / env.SIMULATOR_SESSIONS_PER_MINUTE;
  for (let n = 0; ; n++) {
    const register = registers[n % registers.length];
    const plan = planSession(rng, register.troubled);
    try {
      const session = await post(env.CASH_URL, '/sessions', {
        siteId: register.siteId,
        registerId: register.registerId,
        operatorId: `op-${1 + Math.floor(rng() * 9)}`,
        openingAmount: centsToEuros(plan.openingCents),
      });
      for (const sale of plan.sales) {
        await post(env.CASH_URL, `/sessions/${session.sessionId}/sales`, {
          amount: centsToEuros(sale.amountCents),
          paymentMethod: sale.paymentMethod,
          itemCount: sale.itemCount,
        });
      }
      const counted = expectedCashCents(plan) + plan.varianceCents;
      await post(env.CASH_URL, `/sessions/${session.sessionId}/close`, {
        countedCash: centsToEuros(Math.max(0, counted)),
        ...(plan.varianceCents !== 0 ? { comment: 'écart constaté au comptage (simulation)' } : {}),
      });
    } catch (e) {
      console.error(`session on ${register.registerId} failed: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
