import { StartupGrace } from './startup-grace';
import type { ProbeResult } from './target-status';

const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const probe = (target: string, ok: boolean, afterMs: number): ProbeResult => ({
  target,
  ok,
  latencyMs: 3,
  ...(ok ? { status: 200 } : { error: 'network ECONNREFUSED' }),
  checkedAt: new Date(T0 + afterMs),
});

describe('StartupGrace', () => {
  it('keeps quiet about a target still booting during the grace, and reports it once the grace is over', () => {
    const grace = new StartupGrace(new Date(T0), 60_000);
    expect(grace.announces(probe('cash', false, 0))).toBe(false);
    expect(grace.announces(probe('cash', false, 59_999))).toBe(false);
    expect(grace.announces(probe('cash', false, 60_000))).toBe(true);
  });

  it('reports every failure of a target once it has been up, even within the grace', () => {
    const grace = new StartupGrace(new Date(T0), 60_000);
    expect(grace.announces(probe('cash', false, 1_000))).toBe(false);
    expect(grace.announces(probe('cash', true, 5_000))).toBe(true);
    expect(grace.announces(probe('cash', false, 10_000))).toBe(true);
    // Another target is judged on its own.
    expect(grace.announces(probe('sync', false, 10_000))).toBe(false);
  });

  it('announces everything when the grace is 0', () => {
    const grace = new StartupGrace(new Date(T0), 0);
    expect(grace.announces(probe('cash', false, 0))).toBe(true);
  });
});
