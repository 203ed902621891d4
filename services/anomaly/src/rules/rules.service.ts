import { Injectable } from '@nestjs/common';
import { DEFAULT_RULES } from './defaults';
import type { RuleConfig } from './rule-config';

/** The effective rules. Defaults only for now; per-site overrides from Postgres come with the rules API. */
@Injectable()
export class RulesService {
  private readonly rules = new Map(DEFAULT_RULES.map((r) => [r.ruleId, r]));

  forRule(ruleId: string, _siteId: string): RuleConfig | undefined {
    const rule = this.rules.get(ruleId);
    return rule?.enabled ? rule : undefined;
  }

  all(): RuleConfig[] {
    return [...this.rules.values()];
  }
}
