import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpProvider } from './http.provider';
import { ProviderError } from './provider';

interface Received {
  method?: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

describe('http provider (against a local HTTP server)', () => {
  let server: Server;
  let url: string;
  let reply: (res: ServerResponse) => void;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/classify`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  const json = (status: number, body: unknown) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  const provider = (token?: string) => new HttpProvider({ url, model: 'vision-2', ...(token ? { token } : {}) });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

  it('POSTs the model, description and photo as JSON with the bearer token, and reads the answer', async () => {
    reply = json(200, { category: 'tools', confidence: 0.91, explanation: 'ignored' });
    const photo = { width: 1024, height: 768, mimeType: 'image/jpeg', sizeBytes: 240_000 };
    const answer = await provider('s3cret').classify({ description: 'perceuse Bosch', photo });
    expect(answer).toEqual({ category: 'tools', confidence: 0.91, alternatives: [], model: 'vision-2' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: { model: 'vision-2', description: 'perceuse Bosch', photo },
    });
  });

  it('sends no authorization header without a token, nor a photo when there is none', async () => {
    reply = json(200, { category: 'toys', confidence: 0.8 });
    await provider().classify({ description: 'poupée' });
    expect(received[0].headers.authorization).toBeUndefined();
    expect(received[0].body).toEqual({ model: 'vision-2', description: 'poupée' });
  });

  it("keeps at most three distinct alternatives, never the answer's own category, most likely first", async () => {
    reply = json(200, {
      category: 'lighting',
      confidence: 0.4,
      alternatives: [
        { category: 'other', confidence: 0.1 },
        { category: 'lighting', confidence: 0.4 },
        { category: 'tools', confidence: 0.3 },
        { category: 'tools', confidence: 0.2 },
        { category: 'toys', confidence: 0.05 },
        { category: 'it_equipment', confidence: 0.15 },
      ],
    });
    const answer = await provider().classify({ description: 'lampe' });
    expect(answer.alternatives).toEqual([
      { category: 'tools', confidence: 0.3 },
      { category: 'it_equipment', confidence: 0.15 },
      { category: 'other', confidence: 0.1 },
    ]);
  });

  it.each([
    ['an HTTP error', json(500, { error: 'boom' }), 'provider answered HTTP 500'],
    ['a body that is not JSON', json(200, '<html>gateway</html>'), 'provider answer is not valid JSON'],
    ['an unknown category', json(200, { category: 'furniture', confidence: 0.9 }), 'provider answer is invalid: category'],
    ['a confidence above 1', json(200, { category: 'tools', confidence: 1.5 }), 'provider answer is invalid: confidence'],
    ['no category', json(200, { confidence: 0.5 }), 'provider answer is invalid: category'],
  ])('fails with a ProviderError on %s, without quoting the request', async (_what, respond, message) => {
    reply = respond;
    const error = await failure(provider().classify({ description: 'Mme Dupont, 12 rue des Lilas' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('Dupont');
  });

  it('fails with a ProviderError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(new HttpProvider({ url: `http://127.0.0.1:${port}/`, model: 'm' }).classify({ description: 'x' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe('provider unreachable (ECONNREFUSED)');
  });

  it('refuses to follow a redirect (the token must not travel elsewhere)', async () => {
    reply = (res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    const error = await failure(provider('s3cret').classify({ description: 'x' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(received).toHaveLength(1);
  });

  it('stops waiting when its signal aborts', async () => {
    reply = (res) => {
      const late = setTimeout(() => json(200, { category: 'tools', confidence: 0.9 })(res), 2000);
      res.on('close', () => clearTimeout(late));
    };
    const controller = new AbortController();
    const started = Date.now();
    const pending = failure(provider().classify({ description: 'x' }, controller.signal));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(ProviderError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
