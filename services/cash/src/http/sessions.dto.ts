import { z } from 'zod';
import { IsoDateTime, NonNegativeEuros, PaymentMethod, Token } from '@vigie/contracts';

/** A sanity bound: no drawer holds a million euros, and cents stay far from any integer limit. */
export const MAX_EUROS = 1_000_000;
const Amount = NonNegativeEuros.refine((v) => v <= MAX_EUROS, `must be at most ${MAX_EUROS}`);
/**
 * When it happened, if not now: a register that was offline sends its sessions later, with their own
 * times (ISO 8601 with offset). Checked against the server clock by the use case.
 */
const At = IsoDateTime.transform((s) => new Date(s)).optional();

export const OpenSessionBody = z
  .object({ siteId: Token, registerId: Token, operatorId: Token, openingAmount: Amount, at: At })
  .strict();

export const RecordSaleBody = z
  .object({ amount: Amount, paymentMethod: PaymentMethod, itemCount: z.number().int().min(0).max(10_000), at: At })
  .strict();

export const CloseSessionBody = z
  .object({ countedCash: Amount, comment: z.string().max(2000).optional(), at: At })
  .strict();

export const SessionId = Token;
