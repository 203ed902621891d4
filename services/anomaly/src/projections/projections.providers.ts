import type { Provider } from '@nestjs/common';
import { checkProjections, KPI_PROJECTIONS } from './index';
import { KpiDailySchema } from './kpi-daily.entity';
import { KPI_PROJECTION_LIST, KpiProjectionsConsumer } from './kpi-projections.consumer';
import { KpisController } from './kpis.controller';
import { ProjectKpis } from './project-kpis.usecase';
import { ProjectionCheckpointSchema } from './projection-checkpoint.entity';
import { ProjectionInstanceSchema } from './projection-instance.entity';

/** What the KPI projection adds to the anomaly service: its tables, its consumers, its read API. */
export const PROJECTION_ENTITIES = [KpiDailySchema, ProjectionCheckpointSchema, ProjectionInstanceSchema];
export const PROJECTION_CONTROLLERS = [KpisController];
export const PROJECTION_PROVIDERS: Provider[] = [
  { provide: KPI_PROJECTION_LIST, useValue: checkProjections(KPI_PROJECTIONS) },
  ProjectKpis,
  KpiProjectionsConsumer,
];
