import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { RuleOverrideRow, RuleRevisionRow } from '../entities/rule-override.entity';
import { DEFAULT_RULES } from './defaults';
import type { RuleConfig } from './rule-config';
import { effectiveRule, validateOverride, type RuleOverride, type RuleScope } from './rule-overrides';

export interface RuleView extends RuleConfig {
  overrides: RuleOverride[];
}

export interface OverrideChange {
  scope: RuleScope;
  enabled?: boolean;
  severity?: RuleConfig['severity'];
  params?: Record<string, number>;
  by: string;
}

/**
 * The effective rules: versioned defaults (defaults.ts) with overrides from Postgres. Held in memory
 * (detectors ask per event) and reloaded after every change through this service.
 */
@Injectable()
export class RulesService implements OnModuleInit {
  private readonly defaults = new Map(DEFAULT_RULES.map((r) => [r.ruleId, r]));
  private overrides: RuleOverride[] = [];
  private revisions = new Map<string, number>();

  constructor(private readonly em: EntityManager) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  /** The rule as it applies to one site and subject (register, target...), or undefined when off. */
  forRule(ruleId: string, siteId: string, subject?: string): RuleConfig | undefined {
    const base = this.defaults.get(ruleId);
    if (!base) return undefined;
    const rule = effectiveRule(base, this.revisions.get(ruleId) ?? 0, this.overrides, siteId, subject);
    return rule.enabled ? rule : undefined;
  }

  list(): RuleView[] {
    return [...this.defaults.values()].map((base) => ({
      ...base,
      version: base.version + (this.revisions.get(base.ruleId) ?? 0),
      overrides: this.overrides.filter((o) => o.ruleId === base.ruleId),
    }));
  }

  get(ruleId: string): RuleView {
    const view = this.list().find((r) => r.ruleId === ruleId);
    if (!view) throw new DomainError('rule.not-found', `no rule ${ruleId}`, 404);
    return view;
  }

  async setOverride(ruleId: string, change: OverrideChange): Promise<RuleView> {
    const base = this.defaults.get(ruleId);
    if (!base) throw new DomainError('rule.not-found', `no rule ${ruleId}`, 404);
    const problems = validateOverride(base, change.params);
    if (problems.length) throw new DomainError('validation.failed', problems.join('; '), 400);
    await this.em.fork().transactional(async (em) => {
      const key = { ruleId, siteId: change.scope.siteId ?? '', subject: change.scope.subject ?? '' };
      const row = (await em.findOne(RuleOverrideRow, key)) ?? em.create(RuleOverrideRow, { ...key, params: {}, updatedBy: change.by, updatedAt: new Date() });
      Object.assign(row, {
        enabled: change.enabled ?? row.enabled ?? null,
        severity: change.severity ?? row.severity ?? null,
        params: { ...row.params, ...(change.params ?? {}) },
        updatedBy: change.by,
        updatedAt: new Date(),
      });
      await this.bumpRevision(em, ruleId);
    });
    await this.reload();
    return this.get(ruleId);
  }

  async removeOverride(ruleId: string, scope: RuleScope): Promise<RuleView> {
    if (!this.defaults.has(ruleId)) throw new DomainError('rule.not-found', `no rule ${ruleId}`, 404);
    await this.em.fork().transactional(async (em) => {
      const removed = await em.nativeDelete(RuleOverrideRow, { ruleId, siteId: scope.siteId ?? '', subject: scope.subject ?? '' });
      if (removed === 0) throw new DomainError('rule.override-not-found', `no override of ${ruleId} for this scope`, 404);
      await this.bumpRevision(em, ruleId);
    });
    await this.reload();
    return this.get(ruleId);
  }

  private async bumpRevision(em: EntityManager, ruleId: string): Promise<void> {
    await em.execute(
      `insert into "rule_revision" ("rule_id", "revision") values (?, 1)
       on conflict ("rule_id") do update set "revision" = "rule_revision"."revision" + 1`,
      [ruleId],
    );
  }

  private async reload(): Promise<void> {
    const em = this.em.fork();
    const rows = await em.find(RuleOverrideRow, {}, { orderBy: { ruleId: 'asc', siteId: 'asc', subject: 'asc' } });
    this.overrides = rows.map((r) => ({
      ruleId: r.ruleId,
      scope: { ...(r.siteId ? { siteId: r.siteId } : {}), ...(r.subject ? { subject: r.subject } : {}) },
      ...(r.enabled != null ? { enabled: r.enabled } : {}),
      ...(r.severity ? { severity: r.severity } : {}),
      ...(Object.keys(r.params).length ? { params: r.params } : {}),
    }));
    this.revisions = new Map((await em.find(RuleRevisionRow, {})).map((r) => [r.ruleId, r.revision]));
  }
}
