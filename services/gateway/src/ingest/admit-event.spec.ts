import { makeEvent } from '@vigie/testing';
import { admitEvent } from './admit-event';

const closed = () => JSON.parse(JSON.stringify(makeEvent('cash.session.closed'))) as Record<string, any>;

describe('admitEvent', () => {
  it('admits a valid domain event as decoded', () => {
    const raw = closed();
    expect(admitEvent(raw)).toEqual({ ok: true, event: raw });
  });

  it('rejects a contract breach with the ContractError text naming each bad field, and keeps the id', () => {
    const raw = closed();
    raw.data.salesCount = -1;
    delete raw.data.registerId;
    const result = admitEvent(raw);
    expect(result).toEqual({ ok: false, id: raw.id, error: { code: 'contract.invalid', message: expect.any(String) } });
    const { message } = (result as { error: { message: string } }).error;
    expect(message).toMatch(/^invalid event cash\.session\.closed v1: /);
    expect(message).toContain('data.salesCount');
    expect(message).toContain('data.registerId');
  });

  it('rejects data breaking the cash arithmetic, naming the field', () => {
    const raw = closed();
    raw.data.variance = 99;
    expect(admitEvent(raw)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('data.variance: must equal countedCash - expectedCash') },
    });
  });

  it('names envelope problems too, without an id when the id is not a string', () => {
    const result = admitEvent({ ...closed(), id: 42, siteId: 'site 1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'contract.invalid' } });
    expect(result).not.toHaveProperty('id');
    expect((result as { error: { message: string } }).error.message).toMatch(/id: .*siteId: /);
  });

  it.each(['anomaly.alert.raised', 'notify.delivery.sent', 'report.weekly.generated', 'anomaly.made.up', 'ops.tick.emitted'])(
    'refuses %s: events of Vigie-owned streams are not ingested',
    (type) => {
      expect(admitEvent({ ...closed(), type })).toEqual({
        ok: false,
        id: expect.any(String),
        error: { code: 'ingest.forbidden-type', message: expect.stringContaining(type) },
      });
    },
  );

  it('refuses an event more than 5 min ahead of the server clock, and admits clock drift and the past', () => {
    const now = new Date('2026-11-30T08:00:00.000Z');
    const at = (ms: number): Record<string, any> => ({ ...closed(), occurredAt: new Date(now.getTime() + ms).toISOString() });
    const future = at(5 * 60_000 + 1);
    expect(admitEvent(future, now)).toEqual({
      ok: false,
      id: future.id,
      error: { code: 'ingest.future-event', message: expect.stringContaining('ahead of the server clock') },
    });
    expect(admitEvent(at(5 * 60_000), now)).toMatchObject({ ok: true });
    expect(admitEvent(at(-400 * 86_400_000), now)).toMatchObject({ ok: true });
  });
});
