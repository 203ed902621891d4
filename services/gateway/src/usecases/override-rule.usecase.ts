import { Injectable } from '@nestjs/common';
import type { RuleView, UpdateRuleRequest } from '@vigie/contracts';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';

/**
 * A super-admin changes a rule for one scope (everywhere, a site, a subject). The anomaly service
 * validates the parameters against the rule, records the admin's principal as `by` and bumps the
 * rule's version; its refusals (unknown parameter, unknown rule) are relayed.
 */
@Injectable()
export class OverrideRule {
  constructor(private readonly anomaly: AnomalyServiceClient) {}

  execute(ruleId: string, change: UpdateRuleRequest, caller: AuthenticatedAccount): Promise<RuleView> {
    return this.anomaly.setRuleOverride(ruleId, { ...change, scope: change.scope ?? {}, by: caller.principal });
  }
}
