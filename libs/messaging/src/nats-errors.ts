import { errors as coreErrors } from '@nats-io/nats-core';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';

/** JetStream API error codes we branch on (server/errors.json of nats-server). */
export const STREAM_NAME_IN_USE = 10058;

export function isStreamNotFound(e: unknown): boolean {
  return e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound;
}

export function isConsumerNotFound(e: unknown): boolean {
  return e instanceof JetStreamApiError && e.code === JetStreamApiCodes.ConsumerNotFound;
}

/**
 * NATS is unreachable for a moment: a timeout, no JetStream responder, or a reconnect in progress.
 * nats.js reports "no responders" on a JetStream API request as `JetStreamNotEnabled` (its cause is the
 * request error): during a cluster's leader election or a server restart that is transient, while the
 * same class caused by the account's JetStream being disabled (an API error) is not.
 */
export function isTransientNatsError(e: unknown): boolean {
  if (e instanceof Error && e.name === 'JetStreamNotEnabled') {
    return e.cause !== undefined && !(e.cause instanceof JetStreamApiError) && isTransientNatsError(e.cause);
  }
  if (e instanceof coreErrors.TimeoutError || e instanceof coreErrors.NoRespondersError) return true;
  if (e instanceof coreErrors.RequestError) return isTransientNatsError(e.cause) || e.isNoResponders();
  if (e instanceof coreErrors.ConnectionError) return true;
  if (e instanceof JetStreamApiError) return e.status === 503;
  const message = e instanceof Error ? e.message : '';
  return /timeout|no responders|disconnect|reconnect/i.test(message);
}
