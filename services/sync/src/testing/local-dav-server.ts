import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers a PUT: a status code, or never (the request hangs until the client gives up). */
export type DavAnswer = number | 'hang';

export interface DavRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A stand-in WebDAV server on 127.0.0.1 for tests: stores the bodies of the PUTs it accepts, and
 * answers what the test scripts (401, 503, 507, a hang...). With `authorization` set, any request
 * without exactly that header gets 401, whatever the script says.
 */
export class LocalDavServer {
  readonly requests: DavRequest[] = [];
  readonly files = new Map<string, string>();
  /** The answer once the scripted ones are used up. */
  answer: DavAnswer = 201;
  private readonly scripted: DavAnswer[] = [];
  private readonly unanswered = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly authorization?: string,
  ) {}

  static async start(opts: { authorization?: string } = {}): Promise<LocalDavServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dav = new LocalDavServer(server, `http://127.0.0.1:${port}`, opts.authorization);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => dav.handle(req.method ?? '', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    return dav;
  }

  /** The answers to the next requests, in order. */
  script(...answers: DavAnswer[]): void {
    this.scripted.push(...answers);
  }

  /** Requests left unanswered whose client has not given up yet. */
  get hanging(): number {
    return this.unanswered.size;
  }

  /** Requests that got an answer or are hanging, for one path prefix. */
  requestsTo(prefix: string): DavRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  async close(): Promise<void> {
    for (const res of this.unanswered) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    this.requests.push({ method, path, headers, body });
    if (this.authorization !== undefined && headers.authorization !== this.authorization) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="dav"' }).end();
      return;
    }
    const answer = this.scripted.shift() ?? this.answer;
    if (answer === 'hang') {
      this.unanswered.add(res);
      res.on('close', () => this.unanswered.delete(res));
      return;
    }
    if (method === 'PUT' && answer >= 200 && answer < 300) this.files.set(decodeURIComponent(path), body);
    res.writeHead(answer, answer >= 300 && answer < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end();
  }
}
