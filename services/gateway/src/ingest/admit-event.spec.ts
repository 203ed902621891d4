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
});
