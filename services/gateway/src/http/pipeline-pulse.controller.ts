import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CheckPipelinePulse } from '../pipeline/check-pipeline-pulse.usecase';

const MESSAGES = {
  'no-recent-tick': 'no clock tick was emitted recently: the monitor is not ticking or cannot publish',
  'detection-stalled': 'clock ticks are not getting through anomaly detection',
  'nats-unavailable': 'the event bus does not answer',
} as const;

/**
 * Dead-man's switch for an external checker (cron `curl -f`, UptimeRobot): public, no token, says only
 * whether the pipeline flows — 200 `{ status: 'flowing' }`, else 503 `{ status: 'stalled', reason, message }`.
 */
@Controller('health')
export class PipelinePulseController {
  constructor(private readonly pulse: CheckPipelinePulse) {}

  @Get('pipeline')
  async get(@Res({ passthrough: true }) res: Response): Promise<Record<string, string>> {
    res.setHeader('cache-control', 'no-store');
    const pulse = await this.pulse.execute();
    if (pulse.flowing) return { status: 'flowing' };
    res.status(503);
    return { status: 'stalled', reason: pulse.reason, message: MESSAGES[pulse.reason] };
  }
}
