import type { AnomalyState } from './anomaly';
import { applyCommand } from './commands';

const open: AnomalyState = {
  anomalyId: 'anm-1',
  ruleId: 'cash.variance',
  ruleVersion: 1,
  siteId: 'site-1',
  key: 'sess-1',
  severity: 'warning',
  status: 'open',
  title: 't',
  summary: 's',
  details: {},
  evidence: [{ stream: 'CASH', seq: 1, eventId: 'e1' }],
  count: 1,
  firstSeenAt: '2026-11-30T08:00:00.000Z',
  lastSeenAt: '2026-11-30T08:00:00.000Z',
  flapping: false,
};
const at = '2026-11-30T09:00:00.000Z';

describe('applyCommand', () => {
  it('acknowledges an open anomaly, recording who, and changes nothing the second time', () => {
    const first = applyCommand(open, { kind: 'acknowledge', by: 'p-1', reason: 'vu' }, at);
    expect(first).toMatchObject({ ok: true, type: 'anomaly.alert.acknowledged', state: { status: 'acknowledged' }, data: { by: 'p-1', reason: 'vu' } });
    const again = applyCommand({ ...open, status: 'acknowledged' }, { kind: 'acknowledge', by: 'p-2' }, at);
    expect(again).toEqual({ ok: true, unchanged: true, state: { ...open, status: 'acknowledged' } });
  });

  it('resolves a dead-letter anomaly when it is acknowledged: it has no condition of its own to clear', () => {
    const letters: AnomalyState = { ...open, ruleId: 'pipeline.dead-letter', key: 'CASH_anomaly-detectors', count: 1000 };
    expect(applyCommand(letters, { kind: 'acknowledge', by: 'p-1', reason: 'schéma corrigé' }, at)).toMatchObject({
      ok: true,
      type: 'anomaly.alert.resolved',
      state: { status: 'resolved', count: 1000 },
      data: { by: 'p-1', reason: 'schéma corrigé', resolvedAt: at, durationMs: 3_600_000, count: 1000 },
    });
    expect(applyCommand({ ...letters, status: 'silenced' }, { kind: 'acknowledge', by: 'p-1' }, at)).toMatchObject({ type: 'anomaly.alert.resolved' });
  });

  it('silences until a future time and refuses one in the past', () => {
    expect(applyCommand(open, { kind: 'silence', by: 'p-1', until: '2026-11-30T10:00:00.000Z' }, at)).toMatchObject({
      ok: true,
      type: 'anomaly.alert.silenced',
      data: { until: '2026-11-30T10:00:00.000Z' },
    });
    expect(applyCommand(open, { kind: 'silence', by: 'p-1', until: at }, at)).toMatchObject({ ok: false, code: 'anomaly.silence-in-past' });
  });

  it('resolves by hand with the duration since first seen', () => {
    expect(applyCommand(open, { kind: 'resolve', by: 'p-1' }, at)).toMatchObject({
      ok: true,
      type: 'anomaly.alert.resolved',
      data: { resolvedAt: at, durationMs: 3600_000, by: 'p-1' },
    });
  });

  it('refuses any action on a resolved anomaly', () => {
    for (const kind of ['acknowledge', 'resolve'] as const) {
      expect(applyCommand({ ...open, status: 'resolved' }, { kind, by: 'p-1' }, at)).toMatchObject({ ok: false, code: 'anomaly.already-resolved' });
    }
  });
});
