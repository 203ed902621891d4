/** A failure that should heal by itself (database restarting, upstream busy): nak, retry later. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** A message that can never be handled: dead-letter it now instead of retrying. */
export class PoisonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonError';
  }
}
