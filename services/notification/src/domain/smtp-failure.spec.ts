import { classifySmtpFailure } from './smtp-failure';

const err = (props: Record<string, unknown>) => Object.assign(new Error('smtp said no'), props);

describe('classifySmtpFailure', () => {
  it('gives up on a 5xx reply and retries a 4xx', () => {
    expect(classifySmtpFailure(err({ code: 'EENVELOPE', responseCode: 550 }))).toEqual({ kind: 'permanent', code: 'smtp.550', message: 'smtp said no' });
    expect(classifySmtpFailure(err({ code: 'EMESSAGE', responseCode: 451 }))).toMatchObject({ kind: 'transient', code: 'smtp.451' });
    expect(classifySmtpFailure(err({ code: 'ECONNECTION', responseCode: 421 }))).toMatchObject({ kind: 'transient', code: 'smtp.421' });
  });

  it('retries network and login problems (an operator fixes them)', () => {
    expect(classifySmtpFailure(err({ code: 'ECONNECTION' }))).toMatchObject({ kind: 'transient', code: 'smtp.network' });
    expect(classifySmtpFailure(err({ code: 'ETIMEDOUT' }))).toMatchObject({ kind: 'transient', code: 'smtp.network' });
    expect(classifySmtpFailure(err({ code: 'EAUTH' }))).toMatchObject({ kind: 'transient', code: 'smtp.auth' });
  });

  it('leaves other errors to the caller', () => {
    expect(classifySmtpFailure(new TypeError('bug'))).toBeUndefined();
    expect(classifySmtpFailure('nope')).toBeUndefined();
  });
});
