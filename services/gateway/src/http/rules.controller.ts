import { Controller, Delete, Get, Put } from '@nestjs/common';
import { RuleId, RuleScope, UpdateRuleRequest, type RuleListResponse, type RuleView } from '@vigie/contracts';
import { ZodBody, ZodParam, ZodQuery } from '@vigie/health';
import { CurrentAccount, RequireRoles } from '../auth/api-auth.guard';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';
import { OverrideRule } from '../usecases/override-rule.usecase';

/** Rules and their thresholds: every admin reads them, super-admins change them (DOMAIN.md). */
@Controller('api/rules')
export class RulesController {
  constructor(
    private readonly anomaly: AnomalyServiceClient,
    private readonly overrideRule: OverrideRule,
  ) {}

  @Get()
  list(): Promise<RuleListResponse> {
    return this.anomaly.rules();
  }

  @Get(':ruleId')
  get(@ZodParam('ruleId', RuleId) ruleId: string): Promise<RuleView> {
    return this.anomaly.rule(ruleId);
  }

  @Put(':ruleId')
  @RequireRoles('super-admin')
  put(
    @ZodParam('ruleId', RuleId) ruleId: string,
    @ZodBody(UpdateRuleRequest) body: UpdateRuleRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<RuleView> {
    return this.overrideRule.execute(ruleId, body, caller);
  }

  @Delete(':ruleId/overrides')
  @RequireRoles('super-admin')
  removeOverride(@ZodParam('ruleId', RuleId) ruleId: string, @ZodQuery(RuleScope) scope: RuleScope): Promise<RuleView> {
    return this.anomaly.removeRuleOverride(ruleId, scope);
  }
}
