import { EVENT_CATALOG, type EventType } from './catalog';
import { decodeEvent, type AnyEvent, type Envelope } from './envelope';
import { ContractError } from './errors';
import { RULE_ID_PATTERN } from './ids';
import { STREAM_DOMAIN, type StreamId } from './streams';
import { assertToken, type Topology } from './topology';

/**
 * The only place subject strings are built.
 * Shape: `<root>.<domain>.<entity>.<action>.<siteId>.<key>`; ANOMALY keys are `<family>.<name>`.
 */
export function eventSubject(topo: Topology, event: Envelope): string {
  const entry = EVENT_CATALOG[event.type];
  const key = (entry.key as (d: unknown, source: string) => string)(event.data, event.source);
  return `${topo.root}.${event.type}.${assertToken(event.siteId, 'siteId')}.${keyTokens(event.type, key)}`;
}

/**
 * Decodes an event read from `subject` and checks that the subject is the one its type, siteId and key
 * give. Consumers filter and partition by subject, so an event published on another one (by mistake,
 * or to reach a consumer it is not meant for) breaks the contract like a bad field does.
 */
export function decodeEventAt(topo: Topology, subject: string, data: Uint8Array | string): AnyEvent {
  const event = decodeEvent(data);
  let expected: string;
  try {
    expected = eventSubject(topo, event);
  } catch (e) {
    throw new ContractError(`invalid event ${event.type}`, [{ path: 'subject', message: (e as Error).message }]);
  }
  if (expected !== subject) {
    const message = `published on ${subject.slice(0, 300)}; its type, siteId and key give ${expected}`;
    throw new ContractError(`invalid event ${event.type}`, [{ path: 'subject', message }]);
  }
  return event;
}

function keyTokens(type: EventType, key: string): string {
  if (EVENT_CATALOG[type].stream === 'ANOMALY') {
    if (!RULE_ID_PATTERN.test(key)) throw new Error(`ruleId "${key}" must be <family>.<name>`);
    return key;
  }
  return assertToken(key, 'subject key');
}

export function streamOfType(type: EventType): StreamId {
  return EVENT_CATALOG[type].stream;
}

/** Every subject of one stream: `<root>.<domain>.>`. */
export function streamFilter(topo: Topology, stream: StreamId): string {
  return `${topo.root}.${STREAM_DOMAIN[stream]}.>`;
}

/** One event type, optionally one site: `<root>.cash.session.closed.<site|*>.>`. */
export function typeFilter(topo: Topology, type: EventType, siteId = '*'): string {
  return `${topo.root}.${type}.${siteId === '*' ? '*' : assertToken(siteId, 'siteId')}.>`;
}

/** Anomaly lifecycle events of one rule family (or all): `<root>.anomaly.alert.<action|*>.<site|*>.<family|*>.*`. */
export function anomalyFilter(
  topo: Topology,
  opts: { action?: string; siteId?: string; family?: string } = {},
): string {
  return `${topo.root}.anomaly.alert.${opts.action ?? '*'}.${opts.siteId ?? '*'}.${opts.family ?? '*'}.*`;
}

/** Dead letters of one durable consumer: `<root>.deadletter.<stream>.<durable>`. */
export function deadLetterSubject(topo: Topology, stream: string, durable: string): string {
  return `${topo.root}.deadletter.${assertToken(stream, 'stream')}.${assertToken(durable, 'durable')}`;
}
