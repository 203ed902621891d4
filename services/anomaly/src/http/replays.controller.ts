import { Body, Controller, Headers, HttpCode, Logger, Post, Res } from '@nestjs/common';
import { ReplayRequest, type ReplayLine } from '@vigie/contracts';
import { DomainError, parseBody } from '@vigie/health';
import type { Response } from 'express';
import { ReplayRange } from '../replay/replay-range.usecase';

const NDJSON = 'application/x-ndjson';
const PROGRESS_EVERY_MS = 250;

/**
 * `POST /replays`: re-detection over a time range in a sandbox, compared with what was recorded.
 * With `Accept: application/x-ndjson` the answer streams `progress` lines, then one `result` (or
 * `error`) line; otherwise it is the result as JSON once done.
 */
@Controller('replays')
export class ReplaysController {
  private readonly logger = new Logger(ReplaysController.name);

  constructor(private readonly replay: ReplayRange) {}

  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown, @Headers('accept') accept: string | undefined, @Res() res: Response): Promise<void> {
    const request = parseBody(ReplayRequest, body);
    // A caller that goes away (the gateway's client closed) stops the replay at its next batch.
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort(new DomainError('replay.cancelled', 'the caller went away', 499));
    });
    if (!accept?.includes(NDJSON)) {
      res.json(await this.replay.execute(request, undefined, cancel.signal));
      return;
    }
    this.replay.check(request);
    res.status(200).setHeader('content-type', `${NDJSON}; charset=utf-8`);
    res.flushHeaders();
    const line = (l: ReplayLine) => res.write(`${JSON.stringify(l)}\n`);
    let last = 0;
    try {
      const result = await this.replay.execute(request, (p) => {
        if (Date.now() - last < PROGRESS_EVERY_MS && p.read < p.total) return;
        last = Date.now();
        line({ type: 'progress', ...p });
      }, cancel.signal);
      line({ type: 'result', result });
    } catch (e) {
      if (cancel.signal.aborted) {
        this.logger.log('replay cancelled: the caller went away');
      } else if (e instanceof DomainError) {
        line({ type: 'error', error: { code: e.code, message: e.message } });
      } else {
        this.logger.error(`replay failed: ${(e as Error).message}`);
        line({ type: 'error', error: { code: 'internal', message: 'internal error' } });
      }
    }
    res.end();
  }
}
