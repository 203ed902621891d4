import { Module, type DynamicModule } from '@nestjs/common';
import { AnomalyReplaysClient } from './anomaly-replays.client';
import { AuditLogRepository } from './audit-log.repository';
import { AuditController } from './audit.controller';
import { ReadAuditEvents } from './read-audit-events.usecase';

/** `/api/audit/*`: events by time range, one event, replays through the anomaly service, the audit log. */
@Module({})
export class AuditModule {
  static register(anomalyUrl: string): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [ReadAuditEvents, AuditLogRepository, { provide: AnomalyReplaysClient, useValue: new AnomalyReplaysClient(anomalyUrl) }],
    };
  }
}
