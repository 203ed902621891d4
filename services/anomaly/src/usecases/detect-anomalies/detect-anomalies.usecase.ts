import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type AnyEvent } from '@vigie/contracts';
import { enqueue } from '@vigie/persistence';
import type { Detector, Evaluation, EventPosition, TickEvent } from '../../detectors/detector';
import { decide } from '../../domain/anomaly';
import { AnomalyRow } from '../../entities/anomaly.entity';
import { CheckpointRow } from '../../entities/checkpoint.entity';
import { DetectorStateRow } from '../../entities/detector-state.entity';
import type { RuleConfig } from '../../rules/rule-config';
import { RulesService } from '../../rules/rules.service';

export const DETECTOR_LIST = Symbol('DETECTOR_LIST');

export interface DetectionResult {
  /** False when the event was at or below the checkpoint: already applied, nothing done. */
  applied: boolean;
  transitions: number;
}

type Em = EntityManager;

/**
 * Runs every detector concerned by the event, and records detector states, the resulting anomaly
 * transitions, the outbox rows that announce them and the stream checkpoint in ONE transaction.
 */
@Injectable()
export class DetectAnomalies {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RulesService,
    @Inject(DETECTOR_LIST) private readonly detectors: readonly Detector[],
  ) {}

  async execute(event: AnyEvent, position: EventPosition): Promise<DetectionResult> {
    return this.em.fork().transactional(async (em) => {
      const checkpoint = await em.findOne(
        CheckpointRow,
        { stream: position.stream },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (checkpoint && checkpoint.seq >= position.seq) return { applied: false, transitions: 0 };
      let transitions = 0;
      for (const detector of this.detectors) {
        if (detector.eventTypes.includes(event.type)) {
          const key = detector.stateKey?.(event);
          const rule = this.rules.forRule(detector.ruleId, event.siteId, detector.subjectOf?.(event) ?? key);
          if (!rule) continue;
          const row = key === undefined ? undefined : ((await em.findOne(DetectorStateRow, { ruleId: rule.ruleId, key })) ?? undefined);
          const evaluation = detector.evaluate(row?.state, event, position, rule);
          if (key !== undefined) this.keepState(em, rule, key, row, evaluation);
          transitions += await this.apply(em, evaluation, rule, event);
        }
        if (event.type === 'ops.tick.emitted' && detector.onTick) {
          const rows = await em.find(DetectorStateRow, { ruleId: detector.ruleId }, { orderBy: { key: 'asc' } });
          for (const row of rows) {
            const rule = this.rules.forRule(detector.ruleId, event.siteId, row.key);
            if (!rule) continue;
            const evaluation = detector.onTick(row.key, row.state, event as TickEvent, position, rule);
            this.keepState(em, rule, row.key, row, evaluation);
            transitions += await this.apply(em, evaluation, rule, event);
          }
        }
      }
      if (checkpoint) checkpoint.seq = position.seq;
      else em.persist(Object.assign(new CheckpointRow(), { stream: position.stream, seq: position.seq }));
      return { applied: true, transitions };
    });
  }

  private keepState(em: Em, rule: RuleConfig, key: string, row: DetectorStateRow | undefined, evaluation: Evaluation<unknown>) {
    if (evaluation.state === undefined) {
      if (row) em.remove(row);
    } else if (row) row.state = evaluation.state;
    else em.persist(Object.assign(new DetectorStateRow(), { ruleId: rule.ruleId, key, state: evaluation.state }));
  }

  private async apply(em: Em, evaluation: Evaluation<unknown>, rule: RuleConfig, event: AnyEvent): Promise<number> {
    let transitions = 0;
    for (const signal of evaluation.signals) {
      const open = await em.findOne(AnomalyRow, { ruleId: rule.ruleId, key: signal.key, status: { $ne: 'resolved' } });
      const t = decide(open?.toState(), signal, rule, event);
      if (!t) continue;
      if (open) Object.assign(open, AnomalyRow.fieldsOf(t.state));
      else em.persist(Object.assign(new AnomalyRow(), AnomalyRow.fieldsOf(t.state)));
      const envelope = createEvent(t.type, t.data, {
        id: t.eventId,
        source: 'anomaly',
        siteId: t.siteId,
        occurredAt: t.occurredAt,
        causationId: t.causationId,
        correlationId: event.correlationId ?? event.id,
      });
      enqueue(em, envelope);
      transitions += 1;
      // Flush per transition so the next signal of the same event sees this one's row.
      await em.flush();
    }
    return transitions;
  }
}
