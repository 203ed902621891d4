import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodBody, ZodParam } from '@vigie/health';
import type { z } from 'zod';
import { CloseSession } from '../usecases/close-session/close-session.usecase';
import { GetSession } from '../usecases/get-session/get-session.usecase';
import { OpenSession } from '../usecases/open-session/open-session.usecase';
import { RecordSale, type SaleView } from '../usecases/record-sale/record-sale.usecase';
import type { SessionView } from '../usecases/session.view';
import { CloseSessionBody, OpenSessionBody, RecordSaleBody, SessionId } from './sessions.dto';

@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly openSession: OpenSession,
    private readonly recordSale: RecordSale,
    private readonly closeSession: CloseSession,
    private readonly getSession: GetSession,
  ) {}

  @Post()
  open(@ZodBody(OpenSessionBody) body: z.infer<typeof OpenSessionBody>): Promise<SessionView> {
    return this.openSession.execute(body);
  }

  @Post(':id/sales')
  sale(
    @ZodParam('id', SessionId) sessionId: string,
    @ZodBody(RecordSaleBody) body: z.infer<typeof RecordSaleBody>,
  ): Promise<SaleView> {
    return this.recordSale.execute({ sessionId, ...body });
  }

  @Post(':id/close')
  @HttpCode(200)
  close(
    @ZodParam('id', SessionId) sessionId: string,
    @ZodBody(CloseSessionBody) body: z.infer<typeof CloseSessionBody>,
  ): Promise<SessionView> {
    return this.closeSession.execute({ sessionId, ...body });
  }

  @Get(':id')
  get(@ZodParam('id', SessionId) sessionId: string): Promise<SessionView> {
    return this.getSession.execute(sessionId);
  }
}
