import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type AnyEvent } from '@vigie/contracts';
import type { Detector, EventPosition } from '../../detectors/detector';
import { decide } from '../../domain/anomaly';
import { AnomalyRow } from '../../entities/anomaly.entity';
import { CheckpointRow } from '../../entities/checkpoint.entity';
import { OutboxRow } from '../../entities/outbox.entity';
import { RulesService } from '../../rules/rules.service';

export const DETECTOR_LIST = Symbol('DETECTOR_LIST');

export interface DetectionResult {
  /** False when the event was at or below the checkpoint: already applied, nothing done. */
  applied: boolean;
  transitions: number;
}

/**
 * Runs every detector that reads the event's type and records the resulting anomaly transitions,
 * the outbox rows that announce them and the stream checkpoint in ONE transaction.
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
      const checkpoint = await em.findOne(CheckpointRow, { stream: position.stream }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (checkpoint && checkpoint.seq >= position.seq) return { applied: false, transitions: 0 };
      let transitions = 0;
      for (const detector of this.detectors) {
        if (!detector.eventTypes.includes(event.type)) continue;
        const rule = this.rules.forRule(detector.ruleId, event.siteId);
        if (!rule) continue;
        for (const signal of detector.evaluate(event, position, rule)) {
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
          em.persist(Object.assign(new OutboxRow(), { eventId: envelope.id, envelope }));
          transitions += 1;
          // Flush per transition so a later signal of the same event sees this one's row.
          await em.flush();
        }
      }
      if (checkpoint) checkpoint.seq = position.seq;
      else em.persist(Object.assign(new CheckpointRow(), { stream: position.stream, seq: position.seq }));
      return { applied: true, transitions };
    });
  }
}
