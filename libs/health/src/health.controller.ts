import { MikroORM } from '@mikro-orm/core';
import { Controller, Get, Inject, type OnModuleInit, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Bus } from '@vigie/messaging';
import type { Response } from 'express';
import { ConsumerRegistry } from './consumer-registry';
import { HEALTH_OPTIONS, type HealthModuleOptions } from './health.options';
import { checkConsumer } from './indicators/consumer.indicator';
import { checkNats } from './indicators/nats.indicator';
import { checkPostgres } from './indicators/postgres.indicator';

@Controller('health')
export class HealthController implements OnModuleInit {
  private bus?: Bus;
  private orm?: MikroORM;

  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions,
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly consumers: ConsumerRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    if (this.options.nats ?? true) this.bus = this.require(Bus, 'nats', 'MessagingModule');
    if (this.options.postgres ?? true) this.orm = this.require(MikroORM, 'postgres', 'MikroOrmModule');
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs ?? 2000;
    const checks: HealthIndicatorFunction[] = [];
    const { bus, orm } = this;
    if (bus) checks.push(() => checkNats(this.indicator, bus.nc, timeoutMs));
    if (orm) checks.push(() => checkPostgres(this.indicator, orm, timeoutMs));
    for (const [name, handle] of this.consumers.entries()) {
      checks.push(() => checkConsumer(this.indicator, name, handle, timeoutMs));
    }
    try {
      return await this.health.check(checks);
    } catch (e) {
      // Terminus reports "not ready" as a 503 exception carrying its own body; keep that format.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse();
    }
  }

  private require<T>(token: { prototype: T }, check: string, module: string): T {
    try {
      return this.moduleRef.get(token as never, { strict: false }) as T;
    } catch {
      throw new Error(`HealthModule: the ${check} check needs ${module} in the app (or pass ${check}: false)`);
    }
  }
}
