import type { AnyEvent } from '@vigie/contracts';
import { Heartbeats } from './heartbeats';

describe('Heartbeats', () => {
  it('beats at once and on its interval, then a crash silences it and a new instance beats', async () => {
    const sent: { at: number; event: AnyEvent }[] = [];
    const heartbeats = new Heartbeats(async (event) => void sent.push({ at: Date.now(), event }), {
      service: 'caisse-connectee',
      siteId: 'site-1',
      intervalMs: 30,
      log: () => undefined,
    });
    heartbeats.start();
    await new Promise((r) => setTimeout(r, 130));
    const before = sent.length;
    expect(before).toBeGreaterThanOrEqual(2);
    const first = heartbeats.instance;
    await heartbeats.crash(200, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 50));
    heartbeats.stop();

    const data = sent.map((s) => s.event.data as { service: string; instanceId: string; version: string });
    expect(sent.every((s) => s.event.type === 'ops.heartbeat.emitted' && s.event.siteId === 'site-1' && s.event.source === 'caisse-connectee')).toBe(true);
    expect(new Set(data.map((d) => d.instanceId))).toEqual(new Set([first, heartbeats.instance]));
    expect(heartbeats.instance).not.toBe(first);
    expect(sent[before].at - sent[before - 1].at).toBeGreaterThanOrEqual(190);
    const after = sent.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(sent.length).toBe(after);
  });

  it('logs a failed send once until one succeeds again', async () => {
    const lines: string[] = [];
    let fail = true;
    const heartbeats = new Heartbeats(
      async () => {
        if (fail) throw new Error('503 ingest.unavailable');
      },
      { service: 'caisse-connectee', siteId: 'site-1', intervalMs: 20, log: (l) => lines.push(l) },
    );
    heartbeats.start();
    await new Promise((r) => setTimeout(r, 90));
    fail = false;
    await new Promise((r) => setTimeout(r, 40));
    heartbeats.stop();
    expect(lines).toEqual(['heartbeat of caisse-connectee not sent: 503 ingest.unavailable']);
  });
});
