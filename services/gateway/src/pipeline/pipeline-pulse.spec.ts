import { judgePulse, type PulseInput } from './pipeline-pulse';

const now = Date.parse('2026-11-30T09:00:00Z');
const tick = (seq: number, secondsAgo: number) => ({ seq, occurredAtMs: now - secondsAgo * 1000 });
const given = (over: Partial<PulseInput>): PulseInput => ({
  newestTick: null,
  detectedUpTo: null,
  lastDetected: null,
  nowMs: now,
  maxAgeMs: 90_000,
  ...over,
});

describe('judgePulse (dead-man’s switch)', () => {
  it('flows when the newest tick is recent and detected', () => {
    expect(judgePulse(given({ newestTick: tick(10, 5), detectedUpTo: 12 }))).toEqual({ flowing: true, lastDetected: tick(10, 5) });
  });

  it('a tick exactly at the threshold still counts; one millisecond older does not', () => {
    expect(judgePulse(given({ newestTick: tick(10, 90), detectedUpTo: 10 })).flowing).toBe(true);
    const older = { seq: 10, occurredAtMs: now - 90_001 };
    expect(judgePulse(given({ newestTick: older, detectedUpTo: 10 }))).toMatchObject({ flowing: false, reason: 'no-recent-tick' });
  });

  it('a recent tick still in detection: an earlier detected tick within the threshold keeps it flowing', () => {
    expect(judgePulse(given({ newestTick: tick(20, 1), detectedUpTo: 19, lastDetected: tick(15, 30) }))).toEqual({
      flowing: true,
      lastDetected: tick(15, 30),
    });
  });

  it('detection stopped: ticks keep coming but none detected within the threshold → detection-stalled', () => {
    expect(judgePulse(given({ newestTick: tick(40, 1), detectedUpTo: 19, lastDetected: tick(15, 120) }))).toEqual({
      flowing: false,
      reason: 'detection-stalled',
      lastDetected: tick(15, 120),
    });
    expect(judgePulse(given({ newestTick: tick(40, 1), detectedUpTo: null }))).toMatchObject({ flowing: false, reason: 'detection-stalled' });
  });

  it('no tick at all, or only old ones → no-recent-tick, even when detected', () => {
    expect(judgePulse(given({}))).toMatchObject({ flowing: false, reason: 'no-recent-tick' });
    expect(judgePulse(given({ newestTick: tick(5, 600), detectedUpTo: 5 }))).toMatchObject({ flowing: false, reason: 'no-recent-tick' });
  });

  it('never goes back to an older detected tick', () => {
    const pulse = judgePulse(given({ newestTick: tick(9, 2), detectedUpTo: 9, lastDetected: tick(12, 1) }));
    expect(pulse.lastDetected).toEqual(tick(12, 1));
  });
});
