import { SimulatedModel } from './simulated-model.server';

describe('SimulatedModel', () => {
  let model: SimulatedModel;

  beforeEach(async () => {
    model = await SimulatedModel.start({ host: '127.0.0.1', port: 0, latencyScale: 0.1 });
  });

  afterEach(async () => {
    await model.close();
  });

  const classify = (description: string) =>
    fetch(model.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', description }) });

  it('answers the armed reply once, as the http provider of the ai service expects it', async () => {
    model.arm({ kind: 'answer', category: 'tools', confidence: 0.55, alternatives: [{ category: 'toys', confidence: 0.2 }], latencyMs: 100 });
    const res = await classify('tondeuse');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ category: 'tools', confidence: 0.55, alternatives: [{ category: 'toys', confidence: 0.2 }] });
    // unarmed: a plausible answer from the catalogue
    expect(await (await classify('Lave-linge Bosch 7 kg')).json()).toEqual({ category: 'large_appliance', confidence: 0.9, alternatives: [] });
    expect(await (await classify('objet inconnu')).json()).toMatchObject({ category: 'other', confidence: 0.3 });
    expect(model.calls).toBe(3);
  });

  it('fails with the armed status after its (scaled) latency', async () => {
    model.arm({ kind: 'error', status: 503, latencyMs: 1000 });
    const started = Date.now();
    const res = await classify('frigo');
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('forgets a reply disarmed before any call, and answers 404 elsewhere', async () => {
    model.arm({ kind: 'error', status: 500, latencyMs: 0 });
    model.disarm();
    expect((await classify('Lampe de chevet')).status).toBe(200);
    expect((await fetch(model.url.replace('/v1/classify', '/other'))).status).toBe(404);
  });
});
