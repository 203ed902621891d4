import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodBody, ZodParam } from '@vigie/health';
import type { z } from 'zod';
import { GetRun } from '../usecases/get-run/get-run.usecase';
import type { RunView } from '../usecases/run.view';
import { StartRun } from '../usecases/start-run/start-run.usecase';
import { RunId, StartRunBody } from './runs.dto';

@Controller('runs')
export class RunsController {
  constructor(
    private readonly startRun: StartRun,
    private readonly getRun: GetRun,
  ) {}

  /** 202: the run continues in the background; poll `GET /runs/:id` or watch the SYNC stream. */
  @Post()
  @HttpCode(202)
  start(@ZodBody(StartRunBody) body: z.infer<typeof StartRunBody>): Promise<RunView> {
    return this.startRun.execute({ ...body, trigger: 'api' });
  }

  @Get(':id')
  get(@ZodParam('id', RunId) runId: string): Promise<RunView> {
    return this.getRun.execute(runId);
  }
}
