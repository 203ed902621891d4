import { seededRandom as rng } from '@vigie/testing';
import { centsToEuros, createEvent, type AnyEvent } from '@vigie/contracts';

export interface WorkloadShape {
  registers: number;
  targets: number;
  models: number;
}

export interface WorkloadOptions {
  seed?: number;
  /** Event time of the first event (default 2026-11-02T07:00Z). */
  t0?: number;
  /** Event time between two events (default 1 s, so windows and absence rules really run). */
  stepMs?: number;
  /** Drawers off by more than 10 € in 5 % of closings (default); false: every drawer is right. */
  variances?: boolean;
  /** `ops.tick.emitted` (the monitor's clock) among the events (default); false: heartbeats instead. */
  ticks?: boolean;
  /** Distinguishes the ids of two workloads generated in one run. */
  idPrefix?: string;
}

/**
 * Simulator-shaped traffic: mostly sales and closings over many registers, classifications over a
 * few models, sync runs over many targets, some logins, heartbeats and ticks. Event times advance
 * `stepMs` per event from a fixed start.
 */
export function* workload(count: number, shape: WorkloadShape, opts: WorkloadOptions = {}): Generator<AnyEvent> {
  const r = rng(opts.seed ?? 7);
  const t0 = opts.t0 ?? Date.parse('2026-11-02T07:00:00.000Z');
  const step = opts.stepMs ?? 1000;
  const variances = opts.variances ?? true;
  const p = opts.idPrefix ?? '';
  for (let j = 0; j < count; j++) {
    const i = `${p}${j}`;
    const at = new Date(t0 + j * step).toISOString();
    const site = `site-${1 + (j % 5)}`;
    const meta = (source: string, siteId = site) => ({ source, siteId, occurredAt: at });
    const x = r();
    const register = `caisse-${Math.floor(r() * shape.registers)}`;
    if (x < 0.45) {
      yield createEvent('cash.sale.recorded', { sessionId: `s-${register}`, registerId: register, saleId: `v-${i}`, amount: centsToEuros(50 + Math.floor(r() * 5000)), paymentMethod: r() < 0.6 ? 'cash' : 'card', itemCount: 1 + Math.floor(r() * 3) }, meta('cash'));
    } else if (x < 0.55) {
      const variance = r() < 0.05 && variances ? -centsToEuros(1001 + Math.floor(r() * 4000)) : 0;
      const expected = 150;
      yield createEvent('cash.session.closed', { sessionId: `s-${i}`, registerId: register, operatorId: 'op-1', openingAmount: 100, cashSales: 50, expectedCash: expected, countedCash: centsToEuros(expected * 100 + Math.round(variance * 100)), variance, totalSales: 80, salesCount: 5, ...(variance ? { comment: 'écart' } : {}) }, meta('cash'));
    } else if (x < 0.75) {
      const model = `model-${Math.floor(r() * shape.models)}`;
      if (r() < 0.03) {
        yield createEvent('ai.classification.failed', { depositId: `d-${i}`, requestId: `r-${i}`, model, latencyMs: 3000, error: { code: 'ai.timeout', message: 'slow' } }, meta('ai'));
      } else {
        yield createEvent('ai.classification.completed', { depositId: `d-${i}`, requestId: `r-${i}`, model, category: 'small_appliance', confidence: 0.5 + r() / 2, latencyMs: 200 + Math.floor(r() * 1500) }, meta('ai'));
      }
    } else if (x < 0.87) {
      const target = `target-${Math.floor(r() * shape.targets)}`;
      if (r() < 0.1) {
        yield createEvent('sync.run.failed', { runId: `run-${i}`, target, durationMs: 1000, attempt: 1, error: { code: 'sync.http-5xx', message: 'busy' } }, meta('sync'));
      } else {
        yield createEvent('sync.run.succeeded', { runId: `run-${i}`, target, durationMs: 800, itemCount: 10 }, meta('sync'));
      }
    } else if (x < 0.93) {
      const principal = `p-${Math.floor(r() * 200).toString(16).padStart(6, '0')}`;
      yield r() < 0.2
        ? createEvent('auth.login.failed', { principal, channel: 'web', reason: 'bad-password' }, meta('gateway', 'global'))
        : createEvent('auth.login.succeeded', { principal, channel: 'web' }, meta('gateway', 'global'));
    } else if (x < 0.97 || opts.ticks === false) {
      const service = ['cash', 'sync', 'ai', 'gateway'][Math.floor(r() * 4)];
      yield createEvent('ops.heartbeat.emitted', { service, instanceId: `${service}-1`, version: '0.1.0', startedAt: new Date(t0).toISOString() }, meta(service, 'global'));
    } else {
      yield createEvent('ops.tick.emitted', {}, meta('monitor', 'global'));
    }
  }
}
