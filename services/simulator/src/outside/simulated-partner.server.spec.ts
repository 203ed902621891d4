import { SimulatedPartner } from './simulated-partner.server';

describe('SimulatedPartner', () => {
  let partner: SimulatedPartner;

  beforeEach(async () => {
    partner = await SimulatedPartner.start({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await partner.close();
  });

  const put = (name: string, body = 'a,b\r\n1,2\r\n') => fetch(`${partner.url}${name}`, { method: 'PUT', body });

  it('accepts PUTs into its collection (201), and answers 503 while down', async () => {
    expect(partner.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exports\/$/);
    expect((await put('compta-20261130T010000Z-r1.csv')).status).toBe(201);
    partner.down = true;
    expect((await put('compta-20261201T010000Z-r2.csv')).status).toBe(503);
    partner.down = false;
    expect((await put('compta-20261201T010000Z-r2.csv')).status).toBe(201);
    expect([...partner.files.keys()]).toEqual(['compta-20261130T010000Z-r1.csv', 'compta-20261201T010000Z-r2.csv']);
    expect(partner.files.get('compta-20261130T010000Z-r1.csv')).toBe(10);
    expect(partner.refused).toBe(1);
  });

  it('refuses anything but a PUT of a file in the collection', async () => {
    expect((await fetch(`${partner.url}x.csv`)).status).toBe(405);
    expect((await fetch(partner.url.replace('/exports/', '/other/x.csv'), { method: 'PUT', body: 'x' })).status).toBe(405);
    expect((await put('')).status).toBe(405);
  });
});
