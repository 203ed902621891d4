import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodParam } from '@vigie/health';
import { z } from 'zod';
import { JOB_NAME_PATTERN } from '../jobs/job';
import { AgendaRuntime } from '../scheduler/agenda-runtime';
import { ListJobs, type JobView } from '../usecases/list-jobs/list-jobs.usecase';

const JobName = z.string().regex(JOB_NAME_PATTERN, 'must be a job name like reporting.generate-weekly-report');

/** The jobs, their last run and outcome, their next run; and a run on demand. */
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: ListJobs,
    private readonly agenda: AgendaRuntime,
  ) {}

  @Get()
  async list(): Promise<{ items: JobView[] }> {
    return { items: await this.jobs.execute() };
  }

  /** 202: queued in Agenda; the instance that locks it runs it. Watch `GET /jobs` for the outcome. */
  @Post(':name/run')
  @HttpCode(202)
  run(@ZodParam('name', JobName) name: string): Promise<{ name: string; jobId: string }> {
    return this.agenda.runNow(name);
  }
}
