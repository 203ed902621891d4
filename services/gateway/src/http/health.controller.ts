import { Controller, Get } from '@nestjs/common';
import type { HealthOverview } from '@vigie/contracts';
import { GetHealthOverview } from '../usecases/get-health-overview.usecase';

/** Every service's health for the dashboard (admins; the probes `/health/*` stay the gateway's own). */
@Controller('api/health')
export class HealthOverviewController {
  constructor(private readonly overview: GetHealthOverview) {}

  @Get()
  get(): Promise<HealthOverview> {
    return this.overview.execute();
  }
}
