import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLEAR, VAGUE } from '../plan/catalog';
import type { ModelReply } from '../plan/day-plan';

const CATALOG = new Map([...CLEAR, ...VAGUE].map((e) => [e.description, e.category]));

/**
 * The AI model the ai service calls when it runs with `AI_PROVIDER=http` and `AI_PROVIDER_URL` set to
 * `url`: it answers `POST /v1/classify` as the http provider expects (`{ category, confidence,
 * alternatives }`), or fails, as the plan says. The simulator arms the reply just before it asks the
 * ai service to classify a deposit, so the ai service's breaker, timeout and fallback run for real.
 */
export class SimulatedModel {
  /** Requests received: 0 means the ai service does not use this model. */
  calls = 0;
  private armed?: ModelReply;
  private readonly pending = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly latencyScale: number,
  ) {}

  static async start(opts: { host: string; port: number; latencyScale?: number }): Promise<SimulatedModel> {
    const server = createServer();
    await listen(server, opts.host, opts.port);
    const { port } = server.address() as AddressInfo;
    const model = new SimulatedModel(server, `http://${urlHost(opts.host)}:${port}/v1/classify`, opts.latencyScale ?? 1);
    server.on('request', (req, res) => model.handle(req, res));
    return model;
  }

  /** The reply to the next classification request. */
  arm(reply: ModelReply): void {
    this.armed = reply;
  }

  /** Forgets an unused reply (the ai service's breaker was open and did not call). */
  disarm(): void {
    this.armed = undefined;
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || req.url !== '/v1/classify') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      this.calls++;
      const reply = this.armed ?? this.unplanned(raw);
      this.armed = undefined;
      const send = () => {
        if (reply.kind === 'error') {
          res.writeHead(reply.status, { 'content-type': 'application/json' }).end('{"error":"model overloaded"}');
        } else {
          const { category, confidence, alternatives } = reply;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ category, confidence, alternatives }));
        }
      };
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        send();
      }, Math.round(reply.latencyMs * this.latencyScale));
      this.pending.add(timer);
      // The ai service gave up (its timeout): nothing left to answer.
      res.on('close', () => {
        clearTimeout(timer);
        this.pending.delete(timer);
      });
    });
  }

  /** A request the simulator did not plan (another client of the ai service): a plausible answer. */
  private unplanned(raw: string): ModelReply {
    let description = '';
    try {
      description = String((JSON.parse(raw) as { description?: unknown }).description ?? '');
    } catch {
      // answered as unknown
    }
    const category = CATALOG.get(description);
    if (category) return { kind: 'answer', category, confidence: 0.9, alternatives: [], latencyMs: 150 };
    return { kind: 'answer', category: 'other', confidence: 0.3, alternatives: [{ category: 'small_appliance', confidence: 0.2 }], latencyMs: 150 };
  }
}

export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A host as it goes in a URL: `0.0.0.0` and `::` listen everywhere, and are reached on the loopback. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
