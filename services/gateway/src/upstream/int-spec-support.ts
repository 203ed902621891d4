import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** For the gateway's integration tests: what a stand-in upstream service received. */
export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  body: unknown;
}

export type Reply = (req: Received, res: ServerResponse) => void | Promise<void>;

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A local HTTP server standing in for an upstream Vigie service (the outside world of the gateway's
 * own tests): records every request and answers with the reply registered for `METHOD /path`
 * (query excluded), else with `fallback`.
 */
export class UpstreamStub {
  readonly received: Received[] = [];
  readonly replies = new Map<string, Reply>();
  fallback: Reply = (_req, res) => json(res, 500, { error: { code: 'internal', message: 'internal error' } });
  private server!: Server;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined };
        this.received.push(received);
        const key = `${received.method} ${received.url.split('?')[0]}`;
        void (this.replies.get(key) ?? this.fallback)(received, res);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Answers `METHOD /path` with this status and JSON body. */
  on(route: string, status: number, body: unknown): void {
    this.replies.set(route, (_req, res) => json(res, status, body));
  }

  reset(): void {
    this.received.length = 0;
    this.replies.clear();
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
