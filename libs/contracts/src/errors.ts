import type { z } from 'zod';

export interface ContractIssue {
  path: string;
  message: string;
}

/** An event, DTO or subject that breaks its contract. `issues` lists every problem, not just the first. */
export class ContractError extends Error {
  readonly code = 'contract.invalid';

  constructor(
    readonly what: string,
    readonly issues: ContractIssue[],
  ) {
    super(`${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'ContractError';
  }

  static fromZod(what: string, error: z.ZodError, prefix: (string | number)[] = []): ContractError {
    return new ContractError(
      what,
      error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.'), message: i.message })),
    );
  }
}
