import {
  cycleSeverity,
  defaultSubscriptions,
  isTopic,
  normalizeTopic,
  subscriptionFor,
  wantsAlert,
  wantsRecommendation,
  wantsWeeklyReport,
  withDefaults,
  type Subscription,
} from './subscriptions';

const sub = (topic: string, minSeverity: Subscription['minSeverity'], resolved = true, enabled = true): Subscription => ({ topic, enabled, minSeverity, resolved });

describe('subscriptions', () => {
  it('gives a new chat every family from warning up with resolutions, the weekly report and recommendations', () => {
    expect(defaultSubscriptions()).toEqual([
      sub('cash.*', 'warning'),
      sub('sync.*', 'warning'),
      sub('ai.*', 'warning'),
      sub('auth.*', 'warning'),
      sub('service.*', 'warning'),
      sub('pipeline.*', 'warning'),
      sub('job.*', 'warning'),
      sub('report.weekly', 'info', false),
      sub('report.recommendation', 'warning', false),
    ]);
  });

  it('filters by severity: a default chat hears warnings and criticals, not infos', () => {
    const subs = defaultSubscriptions();
    expect(wantsAlert(subs, { ruleId: 'cash.variance', severity: 'info', transition: 'raised' })).toBe(false);
    expect(wantsAlert(subs, { ruleId: 'cash.variance', severity: 'warning', transition: 'raised' })).toBe(true);
    expect(wantsAlert(subs, { ruleId: 'service.down', severity: 'critical', transition: 'resolved' })).toBe(true);
  });

  it('lets a rule override its family, and a family apply to all its rules', () => {
    const subs = [sub('sync.*', 'critical'), sub('sync.stale', 'info'), sub('ai.*', 'warning', true, false)];
    expect(wantsAlert(subs, { ruleId: 'sync.consecutive-failures', severity: 'warning', transition: 'raised' })).toBe(false);
    expect(wantsAlert(subs, { ruleId: 'sync.consecutive-failures', severity: 'critical', transition: 'escalated' })).toBe(true);
    expect(wantsAlert(subs, { ruleId: 'sync.stale', severity: 'info', transition: 'raised' })).toBe(true);
    expect(wantsAlert(subs, { ruleId: 'ai.slow', severity: 'critical', transition: 'raised' })).toBe(false);
    expect(subscriptionFor(subs, 'sync.stale').topic).toBe('sync.stale');
  });

  it('sends resolutions only to chats that want them', () => {
    const subs = [sub('cash.*', 'warning', false)];
    expect(wantsAlert(subs, { ruleId: 'cash.variance', severity: 'warning', transition: 'raised' })).toBe(true);
    expect(wantsAlert(subs, { ruleId: 'cash.variance', severity: 'warning', transition: 'resolved' })).toBe(false);
  });

  it('falls back to warning-and-up for a family the chat has no subscription for', () => {
    expect(wantsAlert([], { ruleId: 'pipeline.dead-letter', severity: 'warning', transition: 'raised' })).toBe(true);
    expect(wantsAlert([], { ruleId: 'pipeline.dead-letter', severity: 'info', transition: 'raised' })).toBe(false);
  });

  it('decides reports and recommendations', () => {
    expect(wantsWeeklyReport([sub('report.weekly', 'info', false, false)])).toBe(false);
    expect(wantsWeeklyReport([])).toBe(true);
    const recos = [sub('report.recommendation', 'critical', false)];
    expect(wantsRecommendation(recos, 'warning', false)).toBe(false);
    expect(wantsRecommendation(recos, 'critical', false)).toBe(true);
    expect(wantsRecommendation(recos, 'critical', true)).toBe(false);
  });

  it('knows its topics and reads what users type', () => {
    expect(['cash.*', 'cash.variance', 'report.weekly', 'report.recommendation', 'pipeline.consumer-lag'].every(isTopic)).toBe(true);
    expect(['cash', 'foo.*', 'foo.bar', 'report.monthly', 'cash.*.x', '*'].some(isTopic)).toBe(false);
    expect(normalizeTopic('CASH')).toBe('cash.*');
    expect(normalizeTopic(' Sync.Stale ')).toBe('sync.stale');
    expect(normalizeTopic('weekly')).toBe('report.weekly');
    expect(normalizeTopic('nope')).toBeUndefined();
  });

  it('shows every standard topic, stored or default, then rule overrides', () => {
    const view = withDefaults([sub('sync.stale', 'info'), sub('cash.*', 'critical')]);
    expect(view.map((s) => s.topic)).toEqual([
      'cash.*',
      'sync.*',
      'ai.*',
      'auth.*',
      'service.*',
      'pipeline.*',
      'job.*',
      'report.weekly',
      'report.recommendation',
      'sync.stale',
    ]);
    expect(view[0].minSeverity).toBe('critical');
  });

  it('cycles the severity button info → warning → critical → off → info', () => {
    let s = sub('cash.*', 'info');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      s = cycleSeverity(s);
      seen.push(s.enabled ? s.minSeverity : 'off');
    }
    expect(seen).toEqual(['warning', 'critical', 'off', 'info']);
  });
});
