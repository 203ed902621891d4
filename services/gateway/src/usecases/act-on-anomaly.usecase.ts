import { Injectable } from '@nestjs/common';
import type {
  AcknowledgeAnomalyRequest,
  AnomalyAction,
  AnomalyActionResponse,
  SilenceAnomalyRequest,
} from '@vigie/contracts';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';

export type AnomalyActionRequest =
  | { action: 'acknowledge' | 'resolve'; body: AcknowledgeAnomalyRequest }
  | { action: 'silence'; body: SilenceAnomalyRequest };

/**
 * An admin acknowledges, silences or resolves an anomaly. The anomaly service owns the lifecycle and
 * records the admin's principal as `by`; the resulting ANOMALY event reaches the dashboards through
 * the projection and the live feed, like any other transition.
 */
@Injectable()
export class ActOnAnomaly {
  constructor(private readonly anomalies: AnomalyServiceClient) {}

  execute(anomalyId: string, request: AnomalyActionRequest, caller: AuthenticatedAccount): Promise<AnomalyActionResponse> {
    const action: AnomalyAction = request.action;
    return this.anomalies.act(anomalyId, action, { ...request.body, by: caller.principal });
  }
}
