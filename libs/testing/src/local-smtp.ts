import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** One message the local SMTP server accepted. */
export interface ReceivedMail {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  from: string;
  to: string[];
  /** The login the client authenticated with, when it did. */
  user?: string;
  subject: string;
  /** The text/plain part, decoded; '' when there is none. */
  text: string;
  /** The text/html part, decoded; '' when there is none. */
  html: string;
  raw: string;
  receivedAt: Date;
}

export interface SmtpFault {
  /** SMTP reply code: 4xx (try again later) or 5xx (refused for good). */
  code: number;
  message?: string;
  /** The command that is refused: RCPT TO (default) or DATA. */
  at?: 'rcpt' | 'data';
}

export interface LocalSmtpOptions {
  /** When given, clients must log in (AUTH PLAIN/LOGIN) with one of these user → password pairs. */
  users?: Record<string, string>;
}

interface QueuedFault extends Required<Omit<SmtpFault, 'message'>> {
  message: string;
  remaining: number;
}

/**
 * A real SMTP server on 127.0.0.1 for tests and local runs (smtp-server): point `SMTP_URL` at `url`.
 * It records every accepted message (subject and text decoded), refuses on demand (4xx/5xx), and
 * answers 421 to every connection while down. Plain SMTP only: no STARTTLS to negotiate.
 */
export class LocalSmtpServer {
  private readonly received: ReceivedMail[] = [];
  private readonly faults: QueuedFault[] = [];
  private readonly waiters = new Set<() => void>();
  private down = false;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: LocalSmtpOptions = {}): Promise<LocalSmtpServer> {
    // The callbacks are wired before the instance exists; they reach it through this holder.
    const ref: { self?: LocalSmtpServer } = {};
    const users = options.users;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: users ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !users,
      allowInsecureAuth: true,
      logger: false,
      onConnect: (_session, callback) => {
        if (ref.self?.down) return callback(smtpError(421, 'Service not available, closing transmission channel'));
        callback();
      },
      onAuth: (auth, _session, callback) => {
        if (users && auth.username !== undefined && users[auth.username] === auth.password) return callback(null, { user: auth.username });
        callback(smtpError(535, 'Authentication credentials invalid'));
      },
      onRcptTo: (_address: SMTPServerAddress, _session: SMTPServerSession, callback) => {
        const fault = ref.self?.takeFault('rcpt');
        callback(fault ? smtpError(fault.code, fault.message) : undefined);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const fault = ref.self?.takeFault('data');
          if (fault) return callback(smtpError(fault.code, fault.message));
          ref.self?.record(Buffer.concat(chunks).toString('utf8'), session);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    ref.self = new LocalSmtpServer(server, (server.server.address() as AddressInfo).port);
    return ref.self;
  }

  /** `smtp://127.0.0.1:<port>`, with `user:password@` when given. */
  url(credentials?: { user: string; password: string }): string {
    const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  /** Every accepted message, oldest first. */
  messages(): ReceivedMail[] {
    return [...this.received];
  }

  /** Resolves with the messages once there are at least `n`. */
  waitForMessages(n: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.received.length < n) return false;
        cleanup();
        resolve(this.messages());
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`expected ${n} e-mail(s) within ${timeoutMs} ms, got ${this.received.length}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** The next `n` messages are refused with this reply. */
  rejectNext(n: number, fault: SmtpFault): void {
    this.faults.push({ code: fault.code, message: fault.message ?? defaultMessage(fault.code), at: fault.at ?? 'rcpt', remaining: n });
  }

  /** While down, every new connection is answered `421` and closed. */
  setDown(down: boolean): void {
    this.down = down;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(at: 'rcpt' | 'data'): QueuedFault | undefined {
    const index = this.faults.findIndex((f) => f.at === at);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (--fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private record(raw: string, session: SMTPServerSession): void {
    const mail = parseMail(raw);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    this.received.push({
      from,
      to: session.envelope.rcptTo.map((r) => r.address),
      ...(typeof session.user === 'string' ? { user: session.user } : {}),
      ...mail,
      raw,
      receivedAt: new Date(),
    });
    for (const waiter of [...this.waiters]) waiter();
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function defaultMessage(code: number): string {
  return code >= 500 ? 'Requested action not taken: mailbox unavailable' : 'Requested action aborted: try again later';
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Subject, text and html of a message as nodemailer writes them (multipart, QP or base64, UTF-8). */
function parseMail(raw: string): { subject: string; text: string; html: string } {
  const top = splitPart(raw);
  const out = { subject: decodeWords(top.headers.get('subject') ?? ''), text: '', html: '' };
  const visit = (part: Part) => {
    const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '');
    if (type.startsWith('multipart/') && boundary) {
      for (const chunk of part.body.split(`--${boundary[1]}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
        visit(splitPart(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
      }
      return;
    }
    const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit').replace(/\r\n/g, '\n');
    if (type.startsWith('text/plain') && !out.text) out.text = decoded;
    if (type.startsWith('text/html') && !out.html) out.html = decoded;
  };
  visit(top);
  return out;
}

function decodeBody(body: string, encoding: string): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return quotedPrintable(body.replace(/=\r?\n/g, ''), false);
  return body;
}

function quotedPrintable(text: string, underscoreIsSpace: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (underscoreIsSpace && text[i] === '_') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      return quotedPrintable(text, true);
    });
}
