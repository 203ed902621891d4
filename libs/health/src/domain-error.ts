/**
 * A refusal of a use case, with a stable string code (`cash.session-not-open`) and the HTTP status
 * the HTTP edge answers with. Domain code throws it; only the edges know about HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 422,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** A request that breaks its schema: 400 `validation.failed`, naming every bad field. */
export class ValidationError extends DomainError {
  constructor(
    readonly issues: FieldIssue[],
    what = 'invalid request',
  ) {
    super('validation.failed', `${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, 400);
    this.name = 'ValidationError';
  }
}
