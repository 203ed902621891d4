import { type Detector, evidenceOf, type DetectorEvent } from './detector';
import { streamIdOf } from './dead-letter-event';

const REASON_SHOWN = 300;

function keyOf(event: DetectorEvent): string {
  if (event.type !== 'deadletter.message.recorded') throw new Error(`pipeline.dead-letter does not read ${event.type}`);
  return `${streamIdOf(event.data.stream)}_${event.data.durable}`;
}

/** Reasons are parser and handler messages; an address that slipped into one is not repeated in an alert. */
function shown(reason: string): string {
  const scrubbed = reason.replace(/[^\s@]+@[^\s@]+/g, '[…]');
  return scrubbed.length > REASON_SHOWN ? `${scrubbed.slice(0, REASON_SHOWN - 1)}…` : scrubbed;
}

/**
 * A message given up on by a consumer. One anomaly per (source stream, durable consumer), not per
 * message: every further dead letter updates it (its `count` is the number of messages, a storm of 1000
 * bad events is one anomaly counted 1000, announced once); there is no condition that makes it go away,
 * so an admin's acknowledgement resolves it and the next dead letter raises a new one. Stateless.
 */
export const pipelineDeadLetterDetector: Detector = {
  ruleId: 'pipeline.dead-letter',
  eventTypes: ['deadletter.message.recorded'],
  resolvedByAcknowledgement: true,
  subjectOf: keyOf,
  evaluate(_state, event, position, rule) {
    if (event.type !== 'deadletter.message.recorded') return { signals: [] };
    const { durable, subject, seq, deliveryCount, kind, reason, eventType, payloadTruncated } = event.data;
    const stream = streamIdOf(event.data.stream);
    return {
      signals: [
        {
          kind: 'raise',
          key: keyOf(event),
          severity: rule.severity,
          title: `Message mis en lettre morte : ${durable} sur ${stream}`,
          summary:
            `${durable} a renoncé au message n° ${seq} de ${stream}${eventType ? ` (${eventType})` : ''} ` +
            `après ${deliveryCount} livraison(s) : ${shown(reason)}`,
          details: {
            stream,
            durable,
            subject,
            seq,
            kind,
            deliveryCount,
            eventType: eventType ?? null,
            reason: shown(reason),
            payloadTruncated,
            deadLetteredAt: event.occurredAt,
          },
          evidence: [evidenceOf(event, position)],
        },
      ],
    };
  },
};
