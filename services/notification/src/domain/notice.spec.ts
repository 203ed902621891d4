import { decideNotice } from './notice';

describe('decideNotice', () => {
  it('announces every raise and resolution', () => {
    expect(decideNotice('anomaly.alert.raised', 'info', undefined)).toEqual({ notify: true, transition: 'raised' });
    expect(decideNotice('anomaly.alert.resolved', 'critical', 'critical')).toEqual({ notify: true, transition: 'resolved' });
  });

  it('announces an update only when the severity rises', () => {
    expect(decideNotice('anomaly.alert.updated', 'critical', 'warning')).toEqual({
      notify: true,
      transition: 'escalated',
      previousSeverity: 'warning',
    });
    expect(decideNotice('anomaly.alert.updated', 'warning', 'info')).toMatchObject({ notify: true });
    expect(decideNotice('anomaly.alert.updated', 'warning', 'warning')).toEqual({ notify: false, reason: 'no-escalation' });
    expect(decideNotice('anomaly.alert.updated', 'info', 'critical')).toEqual({ notify: false, reason: 'no-escalation' });
    expect(decideNotice('anomaly.alert.updated', 'critical', undefined)).toEqual({ notify: false, reason: 'no-escalation' });
  });

  it('keeps acknowledgements and silences off Telegram', () => {
    expect(decideNotice('anomaly.alert.acknowledged', 'warning', 'warning')).toEqual({ notify: false, reason: 'not-announced' });
    expect(decideNotice('anomaly.alert.silenced', 'warning', 'warning')).toEqual({ notify: false, reason: 'not-announced' });
  });
});

describe('decideNotice while silenced', () => {
  it('keeps an escalation quiet until the silence ends (by event time), and still announces the resolution', () => {
    const silencedUntil = '2026-11-30T10:00:00.000Z';
    expect(decideNotice('anomaly.alert.updated', 'critical', 'warning', { silencedUntil, occurredAt: '2026-11-30T09:59:00.000Z' })).toEqual({
      notify: false,
      reason: 'silenced',
    });
    expect(decideNotice('anomaly.alert.updated', 'critical', 'warning', { silencedUntil, occurredAt: '2026-11-30T10:00:00.000Z' })).toMatchObject({
      notify: true,
      transition: 'escalated',
    });
    expect(decideNotice('anomaly.alert.resolved', 'critical', 'critical', { silencedUntil, occurredAt: '2026-11-30T09:00:00.000Z' })).toMatchObject({
      notify: true,
    });
  });
});
