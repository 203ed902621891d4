import { RULE_ID_PATTERN, SEVERITY_RANK, type Severity } from '@vigie/contracts';

/** Rule families of ARCHITECTURE.md; a subscription names a family (`cash.*`) or one rule (`cash.variance`). */
export const RULE_FAMILIES = ['cash', 'sync', 'ai', 'auth', 'service', 'pipeline', 'job'] as const;
export const REPORT_TOPICS = ['report.weekly', 'report.recommendation'] as const;
export type ReportTopic = (typeof REPORT_TOPICS)[number];

/** What a chat receives for one topic. `minSeverity` is the least severe alert still sent. */
export interface Subscription {
  topic: string;
  enabled: boolean;
  minSeverity: Severity;
  /** Whether the chat also wants to hear when an anomaly (or a recommendation) is over. */
  resolved: boolean;
}

export const FAMILY_TOPICS: readonly string[] = RULE_FAMILIES.map((f) => `${f}.*`);
/** The topics a chat's subscription list always shows, in this order. */
export const STANDARD_TOPICS: readonly string[] = [...FAMILY_TOPICS, ...REPORT_TOPICS];

/**
 * A new chat: every alert from `warning` up with its resolution (the walking skeleton's behaviour:
 * admins hear about each anomaly that matters), the weekly report, and maintenance recommendations
 * from `warning` up without their clearing.
 */
export function defaultSubscriptions(): Subscription[] {
  return [
    ...FAMILY_TOPICS.map((topic) => ({ topic, enabled: true, minSeverity: 'warning' as Severity, resolved: true })),
    { topic: 'report.weekly', enabled: true, minSeverity: 'info', resolved: false },
    { topic: 'report.recommendation', enabled: true, minSeverity: 'warning', resolved: false },
  ];
}

/** A rule of a family nobody subscribed to explicitly (a family added after the chat was linked). */
const FALLBACK: Omit<Subscription, 'topic'> = { enabled: true, minSeverity: 'warning', resolved: true };

export function isTopic(topic: string): boolean {
  if ((REPORT_TOPICS as readonly string[]).includes(topic)) return true;
  if (FAMILY_TOPICS.includes(topic)) return true;
  return RULE_ID_PATTERN.test(topic) && (RULE_FAMILIES as readonly string[]).includes(topic.split('.')[0]) && topic.length <= 64;
}

/** What a user may type: `cash`, `cash.*`, `CASH.variance`, `report.weekly`, `weekly`. Undefined when it names nothing. */
export function normalizeTopic(input: string): string | undefined {
  const t = input.trim().toLowerCase();
  if ((RULE_FAMILIES as readonly string[]).includes(t)) return `${t}.*`;
  if (t === 'weekly' || t === 'report') return 'report.weekly';
  if (t === 'recommendation' || t === 'recommendations') return 'report.recommendation';
  return isTopic(t) ? t : undefined;
}

export function familyOf(ruleId: string): string {
  return `${ruleId.split('.')[0]}.*`;
}

/** The subscription that decides for one rule: the rule's own, else its family's, else the fallback. */
export function subscriptionFor(subs: readonly Subscription[], ruleId: string): Subscription {
  return (
    subs.find((s) => s.topic === ruleId) ??
    subs.find((s) => s.topic === familyOf(ruleId)) ?? { topic: familyOf(ruleId), ...FALLBACK }
  );
}

export interface AlertNotice {
  ruleId: string;
  severity: Severity;
  transition: 'raised' | 'escalated' | 'resolved';
}

/** Whether a chat with these subscriptions is told about one anomaly transition. */
export function wantsAlert(subs: readonly Subscription[], notice: AlertNotice): boolean {
  const sub = subscriptionFor(subs, notice.ruleId);
  if (!sub.enabled || SEVERITY_RANK[notice.severity] < SEVERITY_RANK[sub.minSeverity]) return false;
  return notice.transition !== 'resolved' || sub.resolved;
}

export function wantsWeeklyReport(subs: readonly Subscription[]): boolean {
  return subs.find((s) => s.topic === 'report.weekly')?.enabled ?? true;
}

export function wantsRecommendation(subs: readonly Subscription[], severity: Severity, cleared: boolean): boolean {
  const sub = subs.find((s) => s.topic === 'report.recommendation') ?? { enabled: true, minSeverity: 'warning', resolved: false };
  if (!sub.enabled || SEVERITY_RANK[severity] < SEVERITY_RANK[sub.minSeverity]) return false;
  return !cleared || sub.resolved;
}

/** The standard topics first (each with its stored value or its default), then rule-level overrides. */
export function withDefaults(stored: readonly Subscription[]): Subscription[] {
  const defaults = defaultSubscriptions();
  const standard = STANDARD_TOPICS.map((topic) => stored.find((s) => s.topic === topic) ?? defaults.find((d) => d.topic === topic)!);
  const overrides = stored.filter((s) => !STANDARD_TOPICS.includes(s.topic)).sort((a, b) => a.topic.localeCompare(b.topic));
  return [...standard, ...overrides];
}

const CYCLE: readonly (Severity | 'off')[] = ['info', 'warning', 'critical', 'off'];

/** The bot's severity button: info → warning → critical → off → info. */
export function cycleSeverity(sub: Subscription): Subscription {
  const current = sub.enabled ? sub.minSeverity : 'off';
  const next = CYCLE[(CYCLE.indexOf(current) + 1) % CYCLE.length];
  return next === 'off' ? { ...sub, enabled: false } : { ...sub, enabled: true, minSeverity: next };
}
