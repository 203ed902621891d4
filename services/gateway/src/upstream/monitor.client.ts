import { MonitorTargetsReply, type MonitorTarget } from '@vigie/contracts';
import { UpstreamHttp } from './upstream-http';

/** HTTP client of the monitor: the latest probe of every target (`GET /targets`). */
export class MonitorClient {
  private readonly http: UpstreamHttp;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = new UpstreamHttp('monitor', baseUrl, timeoutMs);
  }

  async targets(): Promise<MonitorTarget[]> {
    return (await this.http.json({ path: '/targets' }, MonitorTargetsReply)).items;
  }
}
