import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { ProjectionsCaughtUp } from './projections-caught-up';

describe('ProjectionsCaughtUp (real NATS, no projection running)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reporting-caught-up' });
  });

  afterAll(async () => {
    await env.cleanup();
  });

  it('gives up at its deadline when a required projection does not exist', async () => {
    await expect(new ProjectionsCaughtUp(env.bus).wait(300)).rejects.toThrow(/does not exist \(is its service running\?\)/);
  });

  it('ends a wait at shutdown instead of holding the stop until the deadline', async () => {
    const caughtUp = new ProjectionsCaughtUp(env.bus);
    const started = Date.now();
    const waiting = caughtUp.wait(600_000);
    const outcome = waiting.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 400));
    caughtUp.beforeApplicationShutdown();
    expect(await outcome).toBe('the reporting service is stopping');
    // Far from the 10-minute deadline: the wait did not run out, the shutdown ended it.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
