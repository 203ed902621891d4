import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { TelegramFallbackChannel } from './channels/telegram-fallback.channel';
import { Clock } from './clock';
import { MONITOR_CONFIG, SERVICE, type MonitorConfig } from './config';
import { FallbackAlerter } from './fallback/fallback-alerter';
import { TargetsController } from './http/targets.controller';
import { ProbeLoop } from './loops/probe.loop';
import { SampleLoop } from './loops/sample.loop';
import { TickLoop } from './loops/tick.loop';
import { TargetStatusStore } from './targets/target-status.store';
import { EmitTick } from './usecases/emit-tick/emit-tick.usecase';
import { RunProbeRound } from './usecases/run-probe-round/run-probe-round.usecase';
import { SampleJetStream } from './usecases/sample-jetstream/sample-jetstream.usecase';

/** No database: everything the monitor knows is in memory or on the OPS stream. */
@Module({})
export class AppModule {
  static register(config: MonitorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE, streams: ['OPS'] }),
        HealthModule.forRoot({ service: SERVICE, postgres: false }),
        HeartbeatModule.forRoot({ service: SERVICE }),
      ],
      controllers: [TargetsController],
      providers: [
        { provide: MONITOR_CONFIG, useValue: config },
        Clock,
        TargetStatusStore,
        TelegramFallbackChannel,
        FallbackAlerter,
        RunProbeRound,
        EmitTick,
        ProbeLoop,
        TickLoop,
        SampleJetStream,
        SampleLoop,
      ],
    };
  }
}
