import type { SendFailure } from './send-failure';

interface SmtpError {
  code?: string;
  responseCode?: number;
  message: string;
}

const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROTOCOL', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * How a failed SMTP send is handled: a 5xx reply (mailbox unknown, message refused) fails the same
 * way next time; 4xx replies, network trouble and authentication (an operator fixes it) are
 * retried. Errors that are not nodemailer's give undefined: the caller treats them as bugs.
 */
export function classifySmtpFailure(error: unknown): SendFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & SmtpError;
  const message = e.message.slice(0, 500);
  if (typeof e.responseCode === 'number') {
    const code = `smtp.${e.responseCode}`;
    return e.responseCode >= 500 ? { kind: 'permanent', code, message } : { kind: 'transient', code, message };
  }
  if (e.code === 'EAUTH') return { kind: 'transient', code: 'smtp.auth', message };
  if (e.code && NETWORK.has(e.code)) return { kind: 'transient', code: 'smtp.network', message };
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { kind: 'permanent', code: 'smtp.refused', message };
  return undefined;
}
