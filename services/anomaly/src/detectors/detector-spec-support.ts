import { type AnyEvent, createEvent, streamOfType } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import type { Detector, Evaluation, Signal, TickEvent } from './detector';

/**
 * Feeds `events` to one detector as detection does: event i sits at seq i + 1 of its own stream, the
 * state of each key is kept as JSON between events (as Postgres keeps it), and an `ops.tick.emitted`
 * is offered to every stored state in key order.
 */
export function runDetector<S>(detector: Detector<S>, events: readonly AnyEvent[], rule: RuleConfig) {
  const states = new Map<string, S>();
  const signals: Signal[] = [];
  events.forEach((event, i) => {
    const position = { stream: streamOfType(event.type), seq: i + 1 };
    const evaluations: (Evaluation<S> & { key: string })[] =
      event.type === 'ops.tick.emitted'
        ? [...states.keys()].sort().map((key) => ({ key, ...detector.onTick!(key, states.get(key)!, event as TickEvent, position, rule) }))
        : [{ key: detector.stateKey!(event), ...detector.evaluate(states.get(detector.stateKey!(event)), event, position, rule) }];
    for (const { key, state, signals: emitted } of evaluations) {
      if (state === undefined) states.delete(key);
      else states.set(key, JSON.parse(JSON.stringify(state)) as S);
      signals.push(...emitted);
    }
  });
  return { states, signals };
}

export const tickAt = (occurredAt: string): TickEvent => createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global', occurredAt });

/** `raise:<key>` / `resolve:<key>` per signal. */
export const kinds = (signals: Signal[]) => signals.map((s) => `${s.kind}:${s.key}`);

/** `kinds` on one line, `nothing` when there is no signal. */
export const kindsText = (signals: Signal[]) => kinds(signals).join(' ') || 'nothing';

/** The severity of each raise, `resolved` for each resolve. */
export const severities = (signals: Signal[]) => signals.map((s) => (s.kind === 'raise' ? s.severity : 'resolved'));
