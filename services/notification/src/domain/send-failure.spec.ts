import { GrammyError, HttpError } from 'grammy';
import { classifySendFailure } from './send-failure';

const telegram = (error_code: number, description: string, parameters?: { retry_after?: number }) =>
  new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('classifySendFailure', () => {
  it('waits exactly retry_after on a 429', () => {
    expect(classifySendFailure(telegram(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({
      kind: 'rate-limited',
      code: 'telegram.429',
      message: 'Too Many Requests: retry after 7',
      retryAfterMs: 7000,
    });
  });

  it.each([400, 403])('gives up on a %d: the chat cannot receive', (status) => {
    expect(classifySendFailure(telegram(status, 'Forbidden: bot was blocked by the user'))).toMatchObject({
      kind: 'permanent',
      code: `telegram.${status}`,
    });
  });

  it.each([500, 502, 401, 404])('retries a %d', (status) => {
    expect(classifySendFailure(telegram(status, 'x'))).toMatchObject({ kind: 'transient', code: `telegram.${status}` });
  });

  it('retries network failures and leaves other errors to the caller', () => {
    expect(classifySendFailure(new HttpError("Network request for 'sendMessage' failed!", new Error('ECONNRESET')))).toEqual({
      kind: 'transient',
      code: 'telegram.network',
      message: "Network request for 'sendMessage' failed!",
    });
    expect(classifySendFailure(new TypeError('bug'))).toBeUndefined();
  });
});
