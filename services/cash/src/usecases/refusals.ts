import { DomainError } from '@vigie/health';
import { CashRefusal } from '../domain/cash-session';

const STATUS: Record<CashRefusal['code'], number> = {
  'cash.session-not-open': 409,
  'cash.comment-required': 422,
};

export const sessionNotFound = (): DomainError => new DomainError('cash.session-not-found', 'no such cash session', 404);

export const registerBusy = (): DomainError =>
  new DomainError('cash.register-busy', 'this register already has an open session', 409);

/** Gives a domain refusal its HTTP status; anything else passes through unchanged. */
export function asDomainError(e: unknown): unknown {
  return e instanceof CashRefusal ? new DomainError(e.code, e.message, STATUS[e.code]) : e;
}

export const beforeOpening = (): DomainError =>
  new DomainError('cash.before-opening', 'a sale or a closing cannot happen before its session was opened', 422);
