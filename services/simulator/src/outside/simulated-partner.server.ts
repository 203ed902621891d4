import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, urlHost } from './simulated-model.server';

/**
 * The outside system that receives the partner target's exports: a WebDAV collection at `url`
 * (`PUT <url><file>` → 201), as the sync service's `http-put` kind writes to. While `down`, it answers
 * 503 like an overloaded or broken server: the sync service's retries, breaker and events run for real.
 */
export class SimulatedPartner {
  down = false;
  /** Files accepted, by name. */
  readonly files = new Map<string, number>();
  /** PUTs refused while down. */
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(opts: { host: string; port: number }): Promise<SimulatedPartner> {
    const server = createServer();
    await listen(server, opts.host, opts.port);
    const { port } = server.address() as AddressInfo;
    const partner = new SimulatedPartner(server, `http://${urlHost(opts.host)}:${port}/exports/`);
    server.on('request', (req, res) => partner.handle(req, res));
    return partner;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      const name = (req.url ?? '').startsWith('/exports/') ? decodeURIComponent((req.url ?? '').slice('/exports/'.length)) : '';
      if (req.method !== 'PUT' || !name || name.includes('/')) {
        res.writeHead(405).end();
      } else if (this.down) {
        this.refused++;
        res.writeHead(503, { 'retry-after': '3600' }).end('service unavailable');
      } else {
        this.files.set(name, bytes);
        res.writeHead(201).end();
      }
    });
  }
}
