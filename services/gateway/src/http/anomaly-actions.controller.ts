import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  AcknowledgeAnomalyRequest,
  ResolveAnomalyRequest,
  SilenceAnomalyRequest,
  type AnomalyActionResponse,
} from '@vigie/contracts';
import { ZodBody, ZodParam } from '@vigie/health';
import { z } from 'zod';
import { CurrentAccount } from '../auth/api-auth.guard';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { ActOnAnomaly } from '../usecases/act-on-anomaly.usecase';

/** Anomaly ids are subject-safe tokens (`anm-…`); anything else never reaches the upstream URL. */
export const AnomalyId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an anomaly id');

@Controller('api/anomalies')
export class AnomalyActionsController {
  constructor(private readonly act: ActOnAnomaly) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @ZodParam('id', AnomalyId) id: string,
    @ZodBody(AcknowledgeAnomalyRequest) body: AcknowledgeAnomalyRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AnomalyActionResponse> {
    return this.act.execute(id, { action: 'acknowledge', body }, caller);
  }

  @Post(':id/silence')
  @HttpCode(200)
  silence(
    @ZodParam('id', AnomalyId) id: string,
    @ZodBody(SilenceAnomalyRequest) body: SilenceAnomalyRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AnomalyActionResponse> {
    return this.act.execute(id, { action: 'silence', body }, caller);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @ZodParam('id', AnomalyId) id: string,
    @ZodBody(ResolveAnomalyRequest) body: ResolveAnomalyRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<AnomalyActionResponse> {
    return this.act.execute(id, { action: 'resolve', body }, caller);
  }
}
