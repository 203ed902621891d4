import { z } from 'zod';
import { DepositCategory, IsoDateTime, Token } from '@vigie/contracts';

export const MAX_DESCRIPTION = 2000;

const Photo = z
  .object({
    width: z.number().int().positive().max(100_000),
    height: z.number().int().positive().max(100_000),
    mimeType: z.string().regex(/^image\/[a-z0-9.+-]{1,64}$/, 'must be an image MIME type, e.g. image/jpeg'),
    sizeBytes: z.number().int().positive().max(100 * 1024 * 1024),
  })
  .strict();

/** When it happened, if not now (ISO 8601 with offset); checked against the server clock by the use case. */
const At = IsoDateTime.transform((s) => new Date(s)).optional();

export const ClassifyBody = z
  .object({
    depositId: Token,
    siteId: Token,
    description: z
      .string()
      .max(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`)
      .refine((s) => s.trim().length > 0, 'must not be empty'),
    photo: Photo.optional(),
    at: At,
  })
  .strict();

export const CorrectionBody = z.object({ category: DepositCategory, at: At }).strict();

export const ClassificationId = Token;
