import { recordProbe, unprobed, type ProbeResult } from './target-status';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, s));
const probe = (s: number, ok: boolean, extra: Partial<ProbeResult> = {}): ProbeResult => ({
  target: 'cash',
  ok,
  latencyMs: 12,
  checkedAt: at(s),
  ...(ok ? { status: 200 } : { status: 503, error: 'http 503' }),
  ...extra,
});

describe('target status', () => {
  const initial = unprobed({ name: 'cash', url: 'http://127.0.0.1:3101' });

  it('is unknown before the first probe', () => {
    expect(initial).toMatchObject({ up: null, lastCheckedAt: null, consecutiveFailures: 0, failingSince: null });
  });

  it('given a good probe: up, with its status and latency', () => {
    expect(recordProbe(initial, probe(0, true))).toEqual({
      name: 'cash',
      url: 'http://127.0.0.1:3101',
      up: true,
      lastStatus: 200,
      lastLatencyMs: 12,
      lastError: null,
      lastCheckedAt: at(0).toISOString(),
      consecutiveFailures: 0,
      failingSince: null,
    });
  });

  it('given failures: counts them and keeps the time of the first one', () => {
    let s = recordProbe(initial, probe(0, true));
    s = recordProbe(s, probe(5, false));
    s = recordProbe(s, probe(10, false, { status: undefined, error: 'network ECONNREFUSED', latencyMs: 1 }));
    expect(s).toMatchObject({
      up: false,
      lastStatus: null,
      lastError: 'network ECONNREFUSED',
      lastLatencyMs: 1,
      consecutiveFailures: 2,
      failingSince: at(5).toISOString(),
      lastCheckedAt: at(10).toISOString(),
    });
  });

  it('given a good probe after failures: the streak is over', () => {
    const failing = recordProbe(recordProbe(initial, probe(0, false)), probe(5, false));
    expect(recordProbe(failing, probe(10, true))).toMatchObject({ up: true, consecutiveFailures: 0, failingSince: null, lastError: null });
  });
});
