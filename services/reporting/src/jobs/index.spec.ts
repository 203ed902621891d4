import { checkJobs } from './index';

describe('the job list', () => {
  it('accepts reporting.<verb-noun> names, each once', () => {
    const jobs = [{ name: 'reporting.generate-weekly-report' }, { name: 'reporting.apply-retention' }];
    expect(checkJobs(jobs)).toBe(jobs);
  });

  it('refuses an empty list, a bad name, a name twice', () => {
    expect(() => checkJobs([])).toThrow('no job registered');
    expect(() => checkJobs([{ name: 'weekly' }])).toThrow('must be reporting.<verb-noun>');
    expect(() => checkJobs([{ name: 'reporting.Weekly_Report' }])).toThrow('must be reporting.<verb-noun>');
    expect(() => checkJobs([{ name: 'reporting.apply-retention' }, { name: 'reporting.apply-retention' }])).toThrow('registered twice');
  });
});
