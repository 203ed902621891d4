import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * One dispatcher (and one Telegram poller) per database: the holder of a session-level advisory
 * lock on a connection of its own. The lock goes with the connection, so a killed process frees it
 * at once, and whatever the new holder finds half-done was left by a process that is gone.
 */
export class Leadership {
  private readonly logger = new Logger(Leadership.name);
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private held = false;
  private tried = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly lockName: string,
    private readonly events: { acquired(): Promise<void> | void; lost(): Promise<void> | void },
    private readonly retryMs = 2000,
  ) {}

  get isLeader(): boolean {
    return this.held;
  }

  /** Whether one attempt at the lock has finished (won or lost): before that the role is unknown. */
  get decided(): boolean {
    return this.tried;
  }

  start(): void {
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'vigie-notification-leader' });
      client.on('error', (e) => void this.lose(client, e.message));
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [this.lockName]);
      if (this.stopped || !rows[0]?.locked) {
        this.tried = true;
        await client.end().catch(() => undefined);
      } else {
        this.client = client;
        this.held = true;
        client.on('end', () => void this.lose(client, 'connection ended'));
        try {
          await this.events.acquired();
          return;
        } catch (e) {
          // Not ready to lead (the database hiccuped): let go, so this or another instance tries again.
          this.logger.warn(`could not take over dispatching: ${(e as Error).message}`);
          this.client = undefined;
          this.held = false;
          await client.end().catch(() => undefined);
        }
      }
    } catch (e) {
      this.logger.warn(`leadership not acquired: ${(e as Error).message}`);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.retryMs);
  }

  private async lose(client: Client, why: string): Promise<void> {
    if (client !== this.client || this.stopped) return;
    this.logger.warn(`dispatcher leadership lost (${why}); trying again`);
    this.client = undefined;
    this.held = false;
    await client.end().catch(() => undefined);
    await this.events.lost();
    this.timer = setTimeout(() => void this.attempt(), this.retryMs);
  }
}
