import { IsoDateTime, Token } from '@vigie/contracts';
import { z } from 'zod';

export const MAX_ROWS = 10_000;

const ColumnName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');
const Cell = z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]);

export const StartRunBody = z
  .object({
    target: Token,
    rows: z.array(z.record(ColumnName, Cell)).min(1).max(MAX_ROWS).optional(),
    /** When the run started, if not now (ISO 8601 with offset); checked against the server clock by the use case. */
    at: IsoDateTime.transform((s) => new Date(s)).optional(),
  })
  .strict();

export const RunId = Token;
