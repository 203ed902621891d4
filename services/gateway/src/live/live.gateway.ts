import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@vigie/contracts';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { LiveFeed, type LiveClient } from './live-feed';

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveData>;
interface LiveData {
  sinceSeq?: number;
}
type ResumeReply = Parameters<Parameters<ClientToServerEvents['anomalies:resume']>[1]>[0];

const SinceSeq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Handshake = z.object({ sinceSeq: SinceSeq.optional() });
const ResumeRequest = z.object({ sinceSeq: SinceSeq });

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
 * Live feed of anomaly views on `LIVE_NAMESPACE`. A handshake `auth.sinceSeq` (or `anomalies:resume`)
 * first replays every view after it, then live pushes follow. The handshake middleware is where the
 * account token of a later issue will be checked.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(private readonly feed: LiveFeed) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const parsed = Handshake.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) {
        next(new Error('validation.failed: auth.sinceSeq must be a non-negative integer'));
        return;
      }
      socket.data.sinceSeq = parsed.data.sinceSeq;
      next();
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    try {
      await this.feed.resume(asClient(socket), socket.data.sinceSeq);
    } catch (e) {
      this.logger.warn(`live replay failed, disconnecting ${socket.id}: ${(e as Error).message}`);
      socket.disconnect(true);
    }
  }

  handleDisconnect(socket: LiveSocket): void {
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
