import type { Type } from '@nestjs/common';
import { AnalyzeRecommendationsJob } from './analyze-recommendations.job';
import { ApplyRetentionJob } from './apply-retention.job';
import { GenerateWeeklyReportJob } from './generate-weekly-report.job';
import { JOB_NAME_PATTERN, type ScheduledJob } from './job';

export { JOB_LIST } from './job';

/** Every job of the service. Adding one = one `*.job.ts` file + one line here. */
export const JOBS: readonly Type<ScheduledJob>[] = [GenerateWeeklyReportJob, AnalyzeRecommendationsJob, ApplyRetentionJob];

/** Checked at boot: at least one job, names `reporting.<verb-noun>`, none twice. */
export function checkJobs<J extends Pick<ScheduledJob, 'name'>>(jobs: readonly J[]): readonly J[] {
  if (jobs.length === 0) throw new Error('no job registered');
  const names = new Set<string>();
  for (const job of jobs) {
    if (!JOB_NAME_PATTERN.test(job.name)) throw new Error(`job name "${job.name}" must be reporting.<verb-noun>`);
    if (names.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    names.add(job.name);
  }
  return jobs;
}
