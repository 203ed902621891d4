import { planDispatch, type LanePolicy, type QueuedItem } from './dispatch-plan';

const policy: LanePolicy = { groupWindowMs: 10_000, minIntervalMs: 1000, maxBatch: 200 };
const alert = (queuedAt: number, attempts = 0): QueuedItem => ({ groupable: true, queuedAt, attempts });
const report = (queuedAt: number): QueuedItem => ({ groupable: false, queuedAt, attempts: 0 });

describe('planDispatch', () => {
  it('given a quiet chat, sends the first alert at once and alone', () => {
    expect(planDispatch({}, policy, 1000, [alert(1000), alert(1001)])).toEqual({ at: 1000, count: 1 });
    expect(planDispatch({ lastSentAt: 0 }, policy, 20_000, [alert(19_000)])).toEqual({ at: 20_000, count: 1 });
  });

  it('given a chat sent to recently, holds what queued since and sends it as one digest when the window closes', () => {
    expect(planDispatch({ lastSentAt: 1000 }, policy, 1500, [alert(1200), alert(1300), alert(1400)])).toEqual({ at: 11_000, count: 3 });
    // Woken at the end of the window: still a digest, not one message each.
    expect(planDispatch({ lastSentAt: 1000 }, policy, 11_000, [alert(1200), alert(1300)])).toEqual({ at: 11_000, count: 2 });
  });

  it('never groups a report, and stops a digest before one', () => {
    expect(planDispatch({ lastSentAt: 1000 }, policy, 1500, [report(1200), alert(1300)])).toEqual({ at: 2000, count: 1 });
    expect(planDispatch({ lastSentAt: 1000 }, policy, 1500, [alert(1200), alert(1300), report(1400), alert(1450)])).toEqual({ at: 11_000, count: 2 });
  });

  it('after a failed send, sends everything queued as soon as the hold ends', () => {
    expect(planDispatch({ lastSentAt: 0, holdUntil: 5000 }, policy, 1000, [alert(500, 2), alert(600), alert(700)])).toEqual({ at: 5000, count: 3 });
  });

  it('obeys a hold (429 retry_after) and the minimum interval', () => {
    expect(planDispatch({ holdUntil: 4000 }, policy, 1000, [alert(900)])).toEqual({ at: 4000, count: 1 });
    expect(planDispatch({ lastSentAt: 1000 }, { ...policy, groupWindowMs: 0 }, 1200, [alert(1100), alert(1150)])).toEqual({ at: 2000, count: 1 });
  });

  it('caps a digest at maxBatch', () => {
    const queue = Array.from({ length: 300 }, (_, i) => alert(1100 + i));
    expect(planDispatch({ lastSentAt: 1000 }, policy, 1200, queue)).toEqual({ at: 11_000, count: 200 });
  });

  it('has nothing to plan for an empty queue', () => {
    expect(planDispatch({}, policy, 0, [])).toBeUndefined();
  });
});
