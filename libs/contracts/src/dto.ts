import { z } from 'zod';
import { EvidenceRef } from './events/anomaly';
import { Severity } from './events/common';

/** Errors returned by every HTTP API of Vigie. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export const AnomalyStatus = z.enum(['open', 'acknowledged', 'silenced', 'resolved']);
export type AnomalyStatus = z.infer<typeof AnomalyStatus>;

/** One anomaly as the dashboard and the REST API show it. */
export interface AnomalyView {
  anomalyId: string;
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  status: AnomalyStatus;
  siteId: string;
  key: string;
  title: string;
  summary: string;
  evidence: EvidenceRef[];
  details: Record<string, unknown>;
  count: number;
  raisedAt: string;
  updatedAt: string;
  /** ANOMALY stream sequence of the last event applied to this view. */
  seq: number;
}

export interface AnomalyListResponse {
  items: AnomalyView[];
  total: number;
  /** Highest ANOMALY sequence this list reflects; a Socket.IO client resumes from it. */
  lastSeq: number;
}

export const AnomalyListQuery = z
  .object({
    status: AnomalyStatus.optional(),
    severity: Severity.optional(),
    ruleId: z.string().max(64).optional(),
    siteId: z.string().max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type AnomalyListQuery = z.infer<typeof AnomalyListQuery>;

export type { EvidenceRef };

/** `by` is the acting admin's opaque principal (never a name); the anomaly service records it. */
export const AcknowledgeAnomalyCommand = z
  .object({ by: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/), reason: z.string().max(500).optional() })
  .strict();
export type AcknowledgeAnomalyCommand = z.infer<typeof AcknowledgeAnomalyCommand>;

export const ResolveAnomalyCommand = AcknowledgeAnomalyCommand;
export type ResolveAnomalyCommand = AcknowledgeAnomalyCommand;

/** Silence for `durationMinutes` (1 min .. 30 days) from now. */
export const SilenceAnomalyCommand = AcknowledgeAnomalyCommand.extend({
  durationMinutes: z.number().int().min(1).max(30 * 24 * 60),
}).strict();
export type SilenceAnomalyCommand = z.infer<typeof SilenceAnomalyCommand>;

/** What the dashboard sends to act on an anomaly; the gateway adds `by` (the admin's principal). */
export const AcknowledgeAnomalyRequest = z.object({ reason: z.string().max(500).optional() }).strict();
export type AcknowledgeAnomalyRequest = z.infer<typeof AcknowledgeAnomalyRequest>;

export const ResolveAnomalyRequest = AcknowledgeAnomalyRequest;
export type ResolveAnomalyRequest = AcknowledgeAnomalyRequest;

export const SilenceAnomalyRequest = AcknowledgeAnomalyRequest.extend({
  durationMinutes: z.number().int().min(1).max(30 * 24 * 60),
}).strict();
export type SilenceAnomalyRequest = z.infer<typeof SilenceAnomalyRequest>;

export type AnomalyAction = 'acknowledge' | 'silence' | 'resolve';

/**
 * The anomaly service's answer to an action, as the gateway relays it. The dashboard's list changes
 * when the resulting ANOMALY event is pushed live, not from this answer.
 */
export interface AnomalyActionResponse {
  anomalyId: string;
  status: AnomalyStatus;
}

export const AccountRole = z.enum(['super-admin', 'admin']);
export type AccountRole = z.infer<typeof AccountRole>;

/** Login names: lowercase, 3–64 characters, letters, digits and `.`, `_`, `@`, `-`. */
export const LOGIN_NAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{2,63}$/;
export const LoginName = z
  .string()
  .transform((s) => s.normalize('NFKC').trim().toLowerCase())
  .pipe(z.string().regex(LOGIN_NAME_PATTERN, 'must be 3-64 characters: a-z, 0-9, and . _ @ - (not first)'));

export const PASSWORD_MIN_LENGTH = 12;
export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, 'must be at most 256 characters');

/** Deliberately loose: a malformed name is answered like an unknown one (401), never described. */
export const LoginRequest = z
  .object({ login: z.string().min(1).max(256), password: z.string().min(1).max(1024) })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface AccountSummary {
  id: string;
  login: string;
  role: AccountRole;
}

/** `POST /api/auth/login` and `POST /api/auth/refresh`. Send `token` as `Authorization: Bearer …`. */
export interface LoginResponse {
  token: string;
  /** When `token` stops being accepted (ISO 8601); refresh before. */
  expiresAt: string;
  account: AccountSummary;
}

/** `GET /api/auth/me`. */
export interface MeResponse {
  account: AccountSummary;
  expiresAt: string;
}

export interface AccountView extends AccountSummary {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AccountListResponse {
  items: AccountView[];
}

/** Without `password`, the gateway generates one and answers it once, as `generatedPassword`. */
export const CreateAccountRequest = z
  .object({ login: LoginName, password: Password.optional(), role: AccountRole })
  .strict();
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

export const UpdateAccountRequest = z
  .object({ role: AccountRole.optional(), disabled: z.boolean().optional(), password: Password.optional() })
  .strict()
  .refine((u) => u.role !== undefined || u.disabled !== undefined || u.password !== undefined, {
    message: 'give at least one of role, disabled, password',
  });
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;

/**
 * `POST /api/accounts` and `POST /api/accounts/:id/password-reset`: the account, and the password the
 * gateway generated when none was given — shown once, never stored in clear.
 */
export interface AccountWithPassword extends AccountView {
  generatedPassword?: string;
}

/** `POST /api/accounts/:id/password-reset` (super-admin): a given password, or none to generate one. */
export const ResetPasswordRequest = z.object({ password: Password.optional() }).strict();
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

/** `POST /api/auth/password`: any admin changes their own password; the answer is a fresh token. */
export const ChangeOwnPasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: Password })
  .strict()
  .refine((r) => r.currentPassword !== r.newPassword, { path: ['newPassword'], message: 'must differ from the current password' });
export type ChangeOwnPasswordRequest = z.infer<typeof ChangeOwnPasswordRequest>;

export const AccountChangeAction = z.enum(['created', 'role-changed', 'disabled', 'enabled', 'password-reset', 'password-changed']);
export type AccountChangeAction = z.infer<typeof AccountChangeAction>;

/** One line of the accounts audit trail: who (account id) did what to which account; never a password. */
export interface AccountChangeView {
  id: string;
  at: string;
  actorId: string;
  accountId: string;
  action: AccountChangeAction;
  /** For `created` and `role-changed`: the role given. */
  role?: AccountRole;
}

export interface AccountChangeListResponse {
  items: AccountChangeView[];
}
