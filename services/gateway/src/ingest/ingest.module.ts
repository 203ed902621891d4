import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application } from 'express';
import { BatchPublisher } from './batch-publisher';
import { IngestAuth } from './ingest-auth';
import { securityHeaders } from '../http/security-headers.middleware';
import { ingestBody } from './ingest-body.middleware';
import { IngestController } from './ingest.controller';
import { IngestEvents } from './ingest-events.usecase';
import { IngestedEventRepository } from './ingested-event.repository';
import { INGEST_PATH } from './ingest-request';
import { IngestTokenGuard } from './ingest-token.guard';

/** `POST /api/events` with its tokens, its body parser and its `ingested_event` table. */
@Module({})
export class IngestModule {
  static register(tokens: readonly string[]): DynamicModule {
    return {
      module: IngestModule,
      controllers: [IngestController],
      providers: [
        { provide: IngestAuth, useValue: new IngestAuth(tokens) },
        IngestTokenGuard,
        IngestedEventRepository,
        BatchPublisher,
        IngestEvents,
      ],
    };
  }

  // Not a Nest middleware: those are mounted at app.init(), after the app-wide 256 kB parser that
  // startNestService installs as soon as NestFactory.create returns. Module constructors run inside
  // NestFactory.create, so a route registered here on express comes first (before the app-wide
  // security headers too: it sets them itself, also on its early 401/413 answers).
  constructor(adapterHost: HttpAdapterHost, auth: IngestAuth) {
    adapterHost.httpAdapter.getInstance<Application>().post(INGEST_PATH, securityHeaders(), ingestBody(auth));
    new Logger(IngestModule.name).log(`POST ${INGEST_PATH} ${auth.enabled ? 'enabled' : 'disabled: no INGEST_TOKENS'}`);
  }
}
