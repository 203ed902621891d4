import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `ready`: 200 with a terminus body; `unready`: 503 with a terminus body whose failed check carries
 *   a message the monitor must not repeat; `fail-once`: one 503, then `ready`; `hang`: never answers.
 */
export type FakeMode = 'ready' | 'unready' | 'fail-once' | 'hang';

export const SECRET_IN_CHECK_MESSAGE = 'password=hunter2';

/** A real HTTP server standing in for a Vigie service's /health routes in the monitor's tests. */
export class FakeService {
  mode: FakeMode = 'ready';
  readonly requests: { path: string; at: number }[] = [];
  private server?: Server;

  private constructor(readonly port: number) {}

  static async start(mode: FakeMode = 'ready'): Promise<FakeService> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const fake = new FakeService(port);
    fake.mode = mode;
    await fake.open();
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again) on its port. */
  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and cuts every connection: the port refuses connections until `open`. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ path: req.url ?? '', at: Date.now() });
    if (req.url !== '/health/ready') return void reply(res, 404, { error: { code: 'not-found', message: 'no route' } });
    switch (this.mode) {
      case 'hang':
        return;
      case 'fail-once':
        this.mode = 'ready';
        return void reply(res, 503, unready());
      case 'unready':
        return void reply(res, 503, unready());
      default:
        return void reply(res, 200, { status: 'ok', info: { nats: { status: 'up' } }, error: {}, details: { nats: { status: 'up' } } });
    }
  }
}

function unready() {
  const down = { status: 'down', message: `connect failed (${SECRET_IN_CHECK_MESSAGE})` };
  return { status: 'error', info: { nats: { status: 'up' } }, error: { postgres: down }, details: { nats: { status: 'up' }, postgres: down } };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
