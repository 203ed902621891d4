import { errors } from '@nats-io/nats-core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { jserrors } from '@nats-io/jetstream/internal';
import { isConsumerNotFound, isStreamNotFound, isTransientNatsError } from './nats-errors';

describe('NATS error classification', () => {
  it('treats timeouts, missing responders and unavailable JetStream as transient', () => {
    expect(isTransientNatsError(new errors.TimeoutError())).toBe(true);
    expect(isTransientNatsError(new errors.NoRespondersError('$JS.API.x'))).toBe(true);
    expect(isTransientNatsError(new errors.RequestError('failed', { cause: new errors.TimeoutError() }))).toBe(true);
    expect(isTransientNatsError(new JetStreamApiError({ code: 503, err_code: 10008, description: 'JetStream system temporarily unavailable' }))).toBe(true);
  });

  it('treats "JetStream not enabled" as transient only when nobody answered (an election, a restart)', () => {
    const noResponders = new errors.RequestError('no responders', { cause: new errors.NoRespondersError('$JS.API.INFO') });
    expect(isTransientNatsError(new jserrors.JetStreamNotEnabled('jetstream is not enabled', { cause: noResponders }))).toBe(true);
    const disabled = new JetStreamApiError({ code: 503, err_code: 10039, description: 'jetstream not enabled for account' });
    expect(isTransientNatsError(new jserrors.JetStreamNotEnabled('jetstream not enabled for account', { cause: disabled }))).toBe(false);
    expect(isTransientNatsError(new jserrors.JetStreamNotEnabled('jetstream is not enabled'))).toBe(false);
  });

  it('does not retry what a retry cannot fix', () => {
    expect(isTransientNatsError(new JetStreamApiError({ code: 400, err_code: 10060, description: 'expected stream does not match' }))).toBe(false);
    expect(isTransientNatsError(new errors.PermissionViolationError('Permissions Violation for Publish to "x"', 'publish', 'x'))).toBe(false);
    expect(isTransientNatsError(new TypeError('bad argument'))).toBe(false);
  });

  it('recognises missing streams and consumers by their API codes', () => {
    const stream = new JetStreamApiError({ code: 404, err_code: 10059, description: 'stream not found' });
    const consumer = new JetStreamApiError({ code: 404, err_code: 10014, description: 'consumer not found' });
    expect([isStreamNotFound(stream), isConsumerNotFound(stream)]).toEqual([true, false]);
    expect([isStreamNotFound(consumer), isConsumerNotFound(consumer)]).toEqual([false, true]);
  });
});
