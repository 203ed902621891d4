import { Injectable } from '@nestjs/common';

type Listener = (accountId: string) => void;

/**
 * Tells this process's live connections that an account's sessions were revoked (disabled, password
 * or role changed). HTTP requests see it through the session version on their next request.
 */
@Injectable()
export class SessionRevocations {
  private readonly listeners = new Set<Listener>();

  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  revoke(accountId: string): void {
    for (const listener of this.listeners) listener(accountId);
  }
}
