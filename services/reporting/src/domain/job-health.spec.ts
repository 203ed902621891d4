import { jobHealth, type JobHealthInput } from './job-health';

const base: JobHealthInput = {
  now: new Date('2026-03-30T09:00:00Z'),
  cron: '0 8 * * 1',
  timeZone: 'Europe/Paris',
  registeredAt: new Date('2026-01-01T00:00:00Z'),
  lastRun: null,
  graceMs: 15 * 60_000,
};
const run = (startedAt: string, outcome: 'running' | 'succeeded' | 'failed') => ({ startedAt: new Date(startedAt), outcome });

describe('jobHealth', () => {
  it('is ok when the owed occurrence ran', () => {
    expect(jobHealth({ ...base, lastRun: run('2026-03-30T06:00:02Z', 'succeeded') })).toEqual({
      status: 'ok',
      expectedSince: new Date('2026-03-30T06:00:00Z'),
    });
  });

  it('is missed when no run started since the owed occurrence (after the grace)', () => {
    expect(jobHealth({ ...base, lastRun: run('2026-03-23T07:00:01Z', 'succeeded') }).status).toBe('missed');
    expect(jobHealth({ ...base, now: new Date('2026-03-30T06:10:00Z'), lastRun: run('2026-03-23T07:00:01Z', 'succeeded') }).status).toBe('ok');
    expect(jobHealth({ ...base, lastRun: null }).status).toBe('missed');
  });

  it('is failed when the last run failed, running while it runs', () => {
    expect(jobHealth({ ...base, lastRun: run('2026-03-30T06:00:02Z', 'failed') }).status).toBe('failed');
    expect(jobHealth({ ...base, lastRun: run('2026-03-30T06:00:02Z', 'running') }).status).toBe('running');
  });

  it('owes nothing scheduled before the job existed', () => {
    const fresh = { ...base, registeredAt: new Date('2026-03-30T08:30:00Z') };
    expect(jobHealth(fresh)).toEqual({ status: 'pending', expectedSince: null });
    expect(jobHealth({ ...fresh, lastRun: run('2026-03-30T08:30:01Z', 'failed') }).status).toBe('failed');
  });
});
