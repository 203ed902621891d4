import { z } from 'zod';

export const ErrorInfo = z.object({ code: z.string().min(1).max(128), message: z.string().max(2000) }).strict();
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export const IsoDateTime = z.iso.datetime({ offset: true });
