import { JobListResponse, ReportListResponse, ReportView } from '@vigie/contracts';
import { UpstreamHttp, type TextReply } from './upstream-http';

/** HTTP client of the reporting service: stored weekly reports (JSON, CSV) and its jobs. */
export class ReportingClient {
  private readonly http: UpstreamHttp;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = new UpstreamHttp('reporting', baseUrl, timeoutMs);
  }

  reports(limit: number): Promise<ReportListResponse> {
    return this.http.json({ path: '/reports', query: { limit } }, ReportListResponse);
  }

  report(isoWeek: string): Promise<ReportView> {
    return this.http.json({ path: `/reports/${encodeURIComponent(isoWeek)}` }, ReportView);
  }

  reportCsv(isoWeek: string): Promise<TextReply> {
    return this.http.text({ path: `/reports/${encodeURIComponent(isoWeek)}.csv` }, 'text/csv');
  }

  jobs(): Promise<JobListResponse> {
    return this.http.json({ path: '/jobs' }, JobListResponse);
  }
}
