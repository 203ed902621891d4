import { createEvent } from '@vigie/contracts';
import type { DetectorEvent, Signal } from '../detectors/detector';
import { DEFAULT_RULES } from '../rules/defaults';
import type { AnomalyState, Transition } from './anomaly';
import { decideFolding, endFlapping, type FlapPolicy, type FlapRecord } from './flapping';
import { deterministicEventId } from './ids';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'service.unhealthy')!;
const policy: FlapPolicy = { raisesAbove: 5, windowMinutes: 60, quietMinutes: 60 };
const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const MIN = 60_000;
const event = (ms: number): DetectorEvent =>
  createEvent('ops.tick.emitted', {}, { id: deterministicEventId('t', String(ms)), source: 'monitor', siteId: 'global', occurredAt: new Date(T0 + ms).toISOString() });
const raise = (cause: DetectorEvent): Signal => ({
  kind: 'raise',
  key: 'cash',
  severity: 'critical',
  title: 't',
  summary: 's',
  details: {},
  evidence: [{ stream: 'OPS', seq: 1, eventId: cause.id }],
});
const resolve = (cause: DetectorEvent): Signal => ({ kind: 'resolve', key: 'cash', evidence: [{ stream: 'OPS', seq: 1, eventId: cause.id }] });

/**
 * Plays a script of `+` (the condition fires), `-` (it clears) and `.` (a tick), one every `stepMs`, through
 * the lifecycle as detection does, keeping the open anomaly and the flap record between steps.
 */
function play(script: string, stepMs = 4 * MIN, given: FlapPolicy | null = policy, startMs = 0) {
  const p = given ?? undefined;
  let open: AnomalyState | undefined;
  let flap: FlapRecord | undefined;
  const out: Transition[] = [];
  [...script].forEach((c, i) => {
    const cause = event(startMs + i * stepMs);
    const d = c === '.' ? endFlapping(open, flap, cause, p) : decideFolding(open, flap, c === '+' ? raise(cause) : resolve(cause), rule, cause, p);
    flap = d.flap;
    if (d.transition) {
      out.push(d.transition);
      open = d.transition.state.status === 'resolved' ? undefined : d.transition.state;
    }
  });
  const shown = out.map((t) => `${t.type.slice('anomaly.alert.'.length)}${t.data.flapping === true ? '*' : t.data.flapping === false ? '!' : ''}`);
  return { out, shown: shown.join(' '), open, flap };
}

describe('flapping', () => {
  it('5 raise/resolve cycles within an hour are 5 ordinary anomalies', () => {
    expect(play('+-+-+-+-+-').shown).toBe('raised resolved raised resolved raised resolved raised resolved raised resolved');
  });

  it('the 6th raise within an hour raises one anomaly marked flapping, which absorbs the next flaps without announcing resolutions', () => {
    const { shown, open, flap } = play('+-+-+-+-+-+-+-+');
    expect(shown).toBe(
      'raised resolved raised resolved raised resolved raised resolved raised resolved raised* updated* updated*',
    );
    expect(open).toMatchObject({ status: 'open', flapping: true, count: 3 });
    expect(flap).toMatchObject({ flappingAnomalyId: open!.anomalyId, cleared: false });
  });

  it('6 raises spread over more than an hour are not flapping', () => {
    // A raise every 13 min: the first has left the hour when the 6th comes.
    expect(play('+-+-+-+-+-+-', 6.5 * MIN).shown).not.toContain('*');
  });

  it('follows a configured threshold, and folds nothing when the lifecycle rule is off', () => {
    expect(play('+-+-+', 4 * MIN, { ...policy, raisesAbove: 2 }).shown).toBe('raised resolved raised resolved raised*');
    expect(play('+-+-+-+-+-+-+-+', 4 * MIN, null).shown).not.toContain('*');
  });

  it('after an hour with no flap, a flapping anomaly whose condition is cleared is resolved, saying it no longer flaps', () => {
    const flapping = '+-+-+-+-+-+-';
    // Ticks every 4 min after the last flap (a resolve at 44 min): the one at 104 min is the first an hour after it.
    const { out, shown, open, flap } = play(`${flapping}${'.'.repeat(16)}`);
    expect(shown).toBe('raised resolved raised resolved raised resolved raised resolved raised resolved raised* resolved!');
    expect(out.at(-1)!.occurredAt).toBe(new Date(T0 + 104 * MIN).toISOString());
    expect(open).toBeUndefined();
    expect(flap).toBeUndefined();
  });

  it('quiet exactly an hour ends flapping; a minute less does not', () => {
    const flapped = '+-+-+-+-+-+-'; // last flap (a resolve) at 44 min
    expect(play(`${flapped}.`, 4 * MIN).shown).not.toContain('!');
    const within = play(flapped + '.', 4 * MIN);
    expect(within.open?.flapping).toBe(true);
    // One step of 59 min then one of 60 min after the last flap.
    const at = (ms: number) => endFlapping(within.open, within.flap, event(44 * MIN + ms), policy);
    expect(at(59 * MIN).transition).toBeUndefined();
    expect(at(60 * MIN).transition).toMatchObject({ type: 'anomaly.alert.resolved', data: { flapping: false } });
  });

  it('a flapping anomaly whose condition stays on for an hour goes back to an ordinary open anomaly', () => {
    const { shown, open } = play(`+-+-+-+-+-+${'.'.repeat(16)}`);
    expect(shown).toBe('raised resolved raised resolved raised resolved raised resolved raised resolved raised* updated!');
    expect(open).toMatchObject({ status: 'open', flapping: false });
  });

  it('a flapping anomaly resolved by hand leaves nothing behind: the next tick forgets it was flapping', () => {
    const { open, flap } = play('+-+-+-+-+-+');
    expect(open?.flapping).toBe(true);
    const d = endFlapping(undefined, flap, event(50 * MIN), policy);
    expect(d.transition).toBeUndefined();
    expect(d.flap).toEqual({ raises: flap!.raises });
  });

  it('is deterministic', () => {
    expect(play('+-+-+-+-+-+-+-..........+-').out).toEqual(play('+-+-+-+-+-+-+-..........+-').out);
  });
});
