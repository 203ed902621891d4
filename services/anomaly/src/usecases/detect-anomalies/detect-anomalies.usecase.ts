import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import type { Detector, DetectorEvent, EventPosition, Signal, TickEvent } from '../../detectors/detector';
import type { Transition } from '../../domain/anomaly';
import { decideFolding, endFlapping, flapPolicyOf, type FlapPolicy } from '../../domain/flapping';
import type { RuleConfig } from '../../rules/rule-config';
import { RulesService } from '../../rules/rules.service';
import { DetectionBatch } from './detection-batch';

export const DETECTOR_LIST = Symbol('DETECTOR_LIST');

export interface DetectionItem {
  event: DetectorEvent;
  position: EventPosition;
}

export interface DetectionResult {
  /** False when the event was at or below the checkpoint: already applied, nothing done. */
  applied: boolean;
  transitions: number;
}

export interface BatchDetectionResult {
  /** Events applied; the others were at or below their stream's checkpoint (already applied). */
  applied: number;
  skipped: number;
  transitions: number;
}

interface Planned {
  detector: Detector;
  rule: RuleConfig;
  key?: string;
}

type Signalled =
  | { rule: RuleConfig; event: DetectorEvent; signals: Signal[] }
  /** After a tick's own signals: the moment flapping anomalies that went quiet stop flapping. */
  | { tick: DetectorEvent };

/** The lifecycle rule that folds flapping anomalies (rules/defaults.ts), configurable like the others. */
export const FLAPPING_RULE = 'anomaly.flapping';

/**
 * Runs every detector concerned by each event, in order, and records detector states, the resulting
 * anomaly transitions, the outbox rows that announce them and the stream checkpoints in ONE transaction
 * per batch. States and open anomalies are read once per batch and carried in memory from one event to
 * the next exactly as a transaction per event would have read them back, so a batch gives the same
 * anomalies, announcements and states as the same events one by one, however they are cut into batches.
 */
@Injectable()
export class DetectAnomalies {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RulesService,
    @Inject(DETECTOR_LIST) private readonly detectors: readonly Detector[],
  ) {}

  async execute(event: DetectorEvent, position: EventPosition): Promise<DetectionResult> {
    const result = await this.executeBatch([{ event, position }]);
    return { applied: result.applied === 1, transitions: result.transitions };
  }

  /** Items of one stream must come in stream order; a merged history, in the order to apply it. */
  async executeBatch(items: readonly DetectionItem[]): Promise<BatchDetectionResult> {
    if (items.length === 0) return { applied: 0, skipped: 0, transitions: 0 };
    return this.em.fork().transactional(async (em) => {
      const batch = new DetectionBatch(em);
      await batch.lockCheckpoints([...new Set(items.map((i) => i.position.stream))].sort());
      const fresh = items.filter((i) => batch.claim(i.position));
      const plans = fresh.map((i) => this.plan(i.event));
      const ticking = fresh.some((i) => i.event.type === 'ops.tick.emitted');
      await batch.loadStates(
        plans.flat().flatMap((p) => (p?.key === undefined ? [] : [{ ruleId: p.rule.ruleId, key: p.key }])),
        ticking ? this.detectors.filter((d) => d.onTick).map((d) => d.ruleId) : [],
      );
      // Detectors never see anomalies: evaluate everything first, then read the open anomalies of every
      // (rule, key) signalled at once, then decide in the same order as event by event.
      const signalled: Signalled[] = [];
      for (let i = 0; i < fresh.length; i++) this.evaluate(batch, fresh[i], plans[i], signalled);
      const pairs = signalled.flatMap((s) => ('tick' in s ? [] : s.signals.map((signal) => ({ ruleId: s.rule.ruleId, key: signal.key }))));
      await batch.loadOpenAnomalies(pairs);
      await batch.loadFlaps(pairs, ticking);
      let transitions = 0;
      for (const s of signalled) transitions += this.apply(batch, s);
      await batch.save();
      return { applied: fresh.length, skipped: items.length - fresh.length, transitions };
    });
  }

  /** The detectors reading this event, with the rule as it applies to it (disabled ones left out). */
  private plan(event: DetectorEvent): (Planned | undefined)[] {
    return this.detectors.map((detector) => {
      if (!detector.eventTypes.includes(event.type)) return undefined;
      const key = detector.stateKey?.(event);
      const rule = this.rules.forRule(detector.ruleId, event.siteId, detector.subjectOf?.(event) ?? key);
      return rule ? { detector, rule, key } : undefined;
    });
  }

  /** Runs the detectors on one event, keeping their states, and collects their signals in order. */
  private evaluate(
    batch: DetectionBatch,
    { event, position }: DetectionItem,
    plan: (Planned | undefined)[],
    out: Signalled[],
  ): void {
    for (let d = 0; d < this.detectors.length; d++) {
      const detector = this.detectors[d];
      const planned = plan[d];
      if (detector.eventTypes.includes(event.type)) {
        if (!planned) continue;
        const { rule, key } = planned;
        const state = key === undefined ? undefined : batch.state(rule.ruleId, key);
        const evaluation = detector.evaluate(state, event, position, rule);
        if (key !== undefined) batch.keep(rule.ruleId, key, evaluation.state);
        if (evaluation.signals.length > 0) out.push({ rule, event, signals: evaluation.signals });
      }
      if (event.type === 'ops.tick.emitted' && detector.onTick) {
        for (const key of batch.keysOf(detector.ruleId)) {
          const rule = this.rules.forRule(detector.ruleId, event.siteId, key);
          if (!rule) continue;
          const evaluation = detector.onTick(key, batch.state(detector.ruleId, key), event as TickEvent, position, rule);
          batch.keep(rule.ruleId, key, evaluation.state);
          if (evaluation.signals.length > 0) out.push({ rule, event, signals: evaluation.signals });
        }
      }
    }
    if (event.type === 'ops.tick.emitted') out.push({ tick: event });
  }

  private apply(batch: DetectionBatch, item: Signalled): number {
    let transitions = 0;
    if ('tick' in item) {
      for (const { ruleId, key } of batch.flapping()) {
        const open = batch.openAnomaly(ruleId, key);
        const decision = endFlapping(open, batch.flap(ruleId, key), item.tick, this.flapPolicy(ruleId, open?.siteId ?? item.tick.siteId));
        batch.keepFlap(ruleId, key, decision.flap);
        if (decision.transition) transitions += this.record(batch, decision.transition, item.tick);
      }
      return transitions;
    }
    const { rule, event, signals } = item;
    for (const signal of signals) {
      const open = batch.openAnomaly(rule.ruleId, signal.key);
      const siteId = open?.siteId ?? (signal.kind === 'raise' ? signal.siteId : undefined) ?? event.siteId;
      const decision = decideFolding(open, batch.flap(rule.ruleId, signal.key), signal, rule, event, this.flapPolicy(rule.ruleId, siteId));
      batch.keepFlap(rule.ruleId, signal.key, decision.flap);
      if (decision.transition) transitions += this.record(batch, decision.transition, event);
    }
    return transitions;
  }

  /** The flapping policy for one rule's anomalies (overridable per site, or per rule as the subject `sync_stale`). */
  private flapPolicy(ruleId: string, siteId: string): FlapPolicy | undefined {
    return flapPolicyOf(this.rules.forRule(FLAPPING_RULE, siteId, ruleId.replace(/\./g, '_')));
  }

  private record(batch: DetectionBatch, t: Transition, event: DetectorEvent): number {
    const envelope = createEvent(t.type, t.data, {
      id: t.eventId,
      source: 'anomaly',
      siteId: t.siteId,
      occurredAt: t.occurredAt,
      causationId: t.causationId,
      correlationId: event.correlationId ?? event.id,
    });
    batch.record(t.state, envelope);
    return 1;
  }
}
