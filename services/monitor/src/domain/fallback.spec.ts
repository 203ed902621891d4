import { afterDeliveries, formatDuration, NO_OUTAGE, outageText, planFallback, RECOVERY_TEXT, type FallbackState } from './fallback';
import { unprobed, type TargetStatus } from './target-status';

const CHATS = ['111', '-100222'];
const AFTER_MS = 60_000;
const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const base = unprobed({ name: 'notification', url: 'http://127.0.0.1:3120' });
const up: TargetStatus = { ...base, up: true, lastStatus: 200 };
const failingSince0: TargetStatus = {
  ...base,
  up: false,
  lastStatus: null,
  lastError: 'network ECONNREFUSED',
  consecutiveFailures: 12,
  failingSince: at(0).toISOString(),
};
const plan = (state: FallbackState, status: TargetStatus | undefined, nowMs: number) =>
  planFallback(state, status, CHATS, at(nowMs), AFTER_MS);
const allDelivered = (p: ReturnType<typeof plan>) => ({ alerted: p.alert, recovered: p.recover, refused: [] });

describe('fallback plan', () => {
  it('sends nothing while the target was never probed, is up, or fails for no longer than the threshold', () => {
    expect(plan(NO_OUTAGE, undefined, 0)).toEqual({ alert: [], recover: [], outageMs: 0 });
    expect(plan(NO_OUTAGE, base, 0)).toEqual({ alert: [], recover: [], outageMs: 0 });
    expect(plan(NO_OUTAGE, up, 0)).toEqual({ alert: [], recover: [], outageMs: 0 });
    expect(plan(NO_OUTAGE, failingSince0, AFTER_MS)).toEqual({ alert: [], recover: [], outageMs: AFTER_MS });
  });

  it('declares the outage past the threshold and alerts every admin chat once', () => {
    const first = plan(NO_OUTAGE, failingSince0, AFTER_MS + 1);
    expect(first).toEqual({ transition: 'declared', alert: CHATS, recover: [], outageMs: AFTER_MS + 1 });
    const state = afterDeliveries(NO_OUTAGE, first, allDelivered(first));
    expect(state).toEqual({ declared: true, toldDown: CHATS, refused: [] });
    expect(plan(state, failingSince0, 10 * AFTER_MS)).toEqual({ alert: [], recover: [], outageMs: 10 * AFTER_MS });
  });

  it('tries a chat again at the next round when its alert failed, but not one that refused it for good', () => {
    const first = plan(NO_OUTAGE, failingSince0, AFTER_MS + 1);
    const state = afterDeliveries(NO_OUTAGE, first, { alerted: [], recovered: [], refused: ['-100222'] });
    expect(state).toEqual({ declared: true, toldDown: [], refused: ['-100222'] });
    const second = plan(state, failingSince0, AFTER_MS + 5000);
    expect(second).toEqual({ alert: ['111'], recover: [], outageMs: AFTER_MS + 5000 });
    expect(afterDeliveries(state, second, allDelivered(second))).toEqual({ declared: true, toldDown: ['111'], refused: ['-100222'] });
  });

  it('tells the chats that got the alert, and only them, once the target answers again', () => {
    const declared: FallbackState = { declared: true, toldDown: ['111'], refused: ['-100222'] };
    const back = plan(declared, up, AFTER_MS * 3);
    expect(back).toEqual({ transition: 'over', alert: [], recover: ['111'], outageMs: 0 });
    const state = afterDeliveries(declared, back, allDelivered(back));
    expect(state).toEqual(NO_OUTAGE);
    expect(plan(state, up, AFTER_MS * 4)).toEqual({ alert: [], recover: [], outageMs: 0 });
  });

  it('retries a failed recovery notice while the target stays up', () => {
    const declared: FallbackState = { declared: true, toldDown: CHATS, refused: [] };
    const back = plan(declared, up, 0);
    const state = afterDeliveries(declared, back, { alerted: [], recovered: ['111'], refused: [] });
    expect(state).toEqual({ declared: false, toldDown: ['-100222'], refused: [] });
    expect(plan(state, up, 5000)).toEqual({ alert: [], recover: ['-100222'], outageMs: 0 });
  });

  it('does not alert again a chat still waiting for its recovery notice when a new outage starts', () => {
    const pending: FallbackState = { declared: false, toldDown: ['111'], refused: [] };
    expect(plan(pending, failingSince0, AFTER_MS + 1)).toMatchObject({ transition: 'declared', alert: ['-100222'] });
  });
});

describe('fallback texts', () => {
  it('say in French how long notification has been silent, and what the last probe saw', () => {
    expect(outageText(65_000, 'network ECONNREFUSED')).toBe(
      '⚠️ Vigie : le service de notification ne répond plus depuis 1 min 5 s — les alertes ne partent plus.\n' +
        'Dernière sonde : network ECONNREFUSED',
    );
    expect(outageText(61_000, null)).toBe(
      '⚠️ Vigie : le service de notification ne répond plus depuis 1 min 1 s — les alertes ne partent plus.',
    );
    expect(RECOVERY_TEXT).toBe('✅ Vigie : le service de notification répond de nouveau.');
  });

  it('format durations', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45_999)).toBe('45 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(3_600_000 + 5 * 60_000 + 30_000)).toBe('1 h 5 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
  });
});
