import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { IngestEvents } from './ingest-events.usecase';
import { eventsOfBody, INGEST_PATH } from './ingest-request';
import type { IngestResponse } from './ingest-result';
import { IngestTokenGuard } from './ingest-token.guard';

/** `POST /api/events`: an existing Recyclic backend pushes its domain events (see docs/ingest.md). */
@Controller()
@UseGuards(IngestTokenGuard)
export class IngestController {
  constructor(private readonly ingestEvents: IngestEvents) {}

  @Post(INGEST_PATH)
  async ingest(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<IngestResponse> {
    const { status, body: answer } = await this.ingestEvents.execute(eventsOfBody(body));
    res.status(status);
    return answer;
  }
}
