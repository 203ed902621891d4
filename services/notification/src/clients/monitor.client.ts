import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';

/** One probed service as the monitor's `GET /targets` lists it. */
export interface TargetView {
  name: string;
  up: boolean | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  failingSince: string | null;
}

/** The monitor's view of every service (MONITOR_URL). */
@Injectable()
export class MonitorClient {
  private readonly base: string;

  constructor(@Inject(NOTIFICATION_CONFIG) config: NotificationConfig) {
    this.base = config.MONITOR_URL;
  }

  async targets(): Promise<TargetView[]> {
    const res = await fetch(`${this.base}/targets`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`monitor answered HTTP ${res.status}`);
    const body = (await res.json()) as { items?: TargetView[] };
    if (!Array.isArray(body.items)) throw new Error('monitor answered without items');
    return body.items;
  }
}
