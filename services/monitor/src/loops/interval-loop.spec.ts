import { Logger } from '@nestjs/common';
import { IntervalLoop } from './interval-loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IntervalLoop', () => {
  let loop: IntervalLoop | undefined;
  afterEach(async () => {
    await loop?.stop();
    jest.restoreAllMocks();
  });

  it('runs at once, then every interval from start to start', async () => {
    const starts: number[] = [];
    const t0 = Date.now();
    loop = new IntervalLoop('test', 100, async () => {
      starts.push(Date.now() - t0);
      await sleep(40);
    });
    loop.start();
    await sleep(450);
    expect(starts[0]).toBeLessThan(30);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(95);
    expect(starts[2] - starts[0]).toBeLessThan(400);
  });

  it('never runs twice at once: a slow run delays the next', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    loop = new IntervalLoop('test', 20, async () => {
      overlapped ||= running > 0;
      running++;
      runs++;
      await sleep(60);
      running--;
    });
    loop.start();
    await sleep(250);
    expect(overlapped).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(5);
  });

  it('aborts the run in progress on stop, waits for it, and runs no more', async () => {
    let runs = 0;
    let abortedSeen = false;
    loop = new IntervalLoop('test', 10, async (signal) => {
      runs++;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      abortedSeen = signal.aborted;
    });
    loop.start();
    await sleep(30);
    expect(await loop.info()).toEqual({ running: true });
    await loop.stop();
    expect(abortedSeen).toBe(true);
    expect(await loop.info()).toEqual({ running: false });
    await sleep(50);
    expect(runs).toBe(1);
  });

  it('logs a failure when it starts and when it is over, not at every run', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    let runs = 0;
    loop = new IntervalLoop('test', 10, async () => {
      runs++;
      if (runs <= 4) throw new Error('NATS is away');
    });
    loop.start();
    await sleep(120);
    expect(runs).toBeGreaterThan(5);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('failed, retrying every 10 ms: NATS is away');
    expect(log).toHaveBeenCalledWith('back to normal');
    expect(log).toHaveBeenCalledTimes(1);
  });
});
