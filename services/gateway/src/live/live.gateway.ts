import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type HealthChange,
  type PipelineMetrics,
  type ServerToClientEvents,
} from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { Authenticator } from '../auth/authenticator';
import { SessionRevocations } from '../auth/session-revocations';
import { LiveFeed, type LiveClient } from './live-feed';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveData>;
interface LiveData {
  sinceSeq?: number;
  accountId?: string;
  expiresAtMs?: number;
  expiry?: NodeJS.Timeout;
}
type ResumeReply = Parameters<Parameters<ClientToServerEvents['anomalies:resume']>[1]>[0];

const SinceSeq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Handshake = z.object({ sinceSeq: SinceSeq.optional() });
const HandshakeToken = z.object({ token: z.string().max(4096).optional() });
const ResumeRequest = z.object({ sinceSeq: SinceSeq });

/** A refused handshake: the client's `connect_error` carries the code as `message` prefix and `data.code`. */
function refusal(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { data: { code } });
}

function asClient(socket: LiveSocket): LiveClient {
  return {
    id: socket.id,
    get connected() {
      return socket.connected;
    },
    send: (push) => socket.emit('anomaly', push),
  };
}

/**
 * Live feed on `LIVE_NAMESPACE`, for admins only: anomaly views, health changes and JetStream samples.
 * The handshake's `auth.token` is checked like a bearer token (connect_error `auth.unauthorized`
 * otherwise) and the connection is closed when that token expires or the account's sessions are
 * revoked; the client reconnects with a fresh token and resumes. A handshake `auth.sinceSeq` (or
 * `anomalies:resume`) first replays every anomaly view after it, then live pushes follow.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private stopListening?: () => void;
  private namespace?: LiveNamespace;

  constructor(
    private readonly feed: LiveFeed,
    private readonly authenticator: Authenticator,
    private readonly revocations: SessionRevocations,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const auth: unknown = socket.handshake.auth ?? {};
      const token = HandshakeToken.safeParse(auth);
      this.authenticator.authenticate(token.success ? token.data.token : undefined).then(
        (account) => {
          const parsed = Handshake.safeParse(auth);
          if (!parsed.success) {
            next(refusal('validation.failed', 'auth.sinceSeq must be a non-negative integer'));
            return;
          }
          Object.assign(socket.data, {
            sinceSeq: parsed.data.sinceSeq,
            accountId: account.accountId,
            expiresAtMs: account.expiresAtMs,
          });
          next();
        },
        (e: unknown) => {
          if (e instanceof DomainError) {
            next(refusal(e.code, e.message));
            return;
          }
          this.logger.warn(`live handshake failed: ${(e as Error).message}`);
          next(refusal('unavailable', 'could not check the token, retry later'));
        },
      );
    });
    this.stopListening = this.revocations.onRevoked((accountId) => {
      for (const socket of namespace.sockets.values()) {
        if (socket.data.accountId === accountId) socket.disconnect(true);
      }
    });
  }

  /** To every connected dashboard (each was authenticated at its handshake). */
  broadcastHealth(change: HealthChange): void {
    this.namespace?.emit('health', change);
  }

  broadcastMetrics(snapshot: PipelineMetrics): void {
    this.namespace?.emit('metrics', snapshot);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const { expiresAtMs } = socket.data;
    if (expiresAtMs !== undefined) {
      socket.data.expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAtMs - Date.now()));
    }
    try {
      await this.feed.resume(asClient(socket), socket.data.sinceSeq);
    } catch (e) {
      this.logger.warn(`live replay failed, disconnecting ${socket.id}: ${(e as Error).message}`);
      socket.disconnect(true);
    }
  }

  handleDisconnect(socket: LiveSocket): void {
    clearTimeout(socket.data.expiry);
    this.feed.leave(socket.id);
  }

  @SubscribeMessage('anomalies:resume')
  async resume(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<ResumeReply> {
    const parsed = ResumeRequest.safeParse(body);
    if (!parsed.success) {
      return { ok: false, code: 'validation.failed', message: 'sinceSeq must be a non-negative integer' };
    }
    try {
      const { replayed, lastSeq } = await this.feed.resume(asClient(socket), parsed.data.sinceSeq);
      return { ok: true, replayed, lastSeq };
    } catch (e) {
      this.logger.warn(`live resume failed for ${socket.id}: ${(e as Error).message}`);
      return { ok: false, code: 'unavailable', message: 'replay failed, retry later' };
    }
  }
}
