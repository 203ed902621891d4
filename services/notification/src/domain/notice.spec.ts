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
