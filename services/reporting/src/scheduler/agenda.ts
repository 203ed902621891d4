import type { ReportingConfig } from '../config';

// Agenda 6 and its backends are ESM-only. This CommonJS build require()s them (Node ≥ 20.19 loads
// ESM that way; jest transforms them, see jest.preset.js); types come through `resolution-mode`.
type AgendaModule = typeof import('agenda', { with: { 'resolution-mode': 'import' } });
type PostgresModule = typeof import('@agendajs/postgres-backend', { with: { 'resolution-mode': 'import' } });
type MongoModule = typeof import('@agendajs/mongo-backend', { with: { 'resolution-mode': 'import' } });
export type Agenda = InstanceType<AgendaModule['Agenda']>;
export type AgendaBackend = ConstructorParameters<AgendaModule['Agenda']>[0]['backend'];
export type { Job as AgendaJob } from 'agenda' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const agendaModule = (): AgendaModule => require('agenda');

/** The schema Agenda's table lives in (created by our migration: `ensureSchema: false`). */
export const AGENDA_SCHEMA = 'reporting';

/** Postgres by default (LISTEN/NOTIFY wakes the instances at once); MongoDB with AGENDA_BACKEND=mongo. */
export function agendaBackend(config: ReportingConfig): AgendaBackend {
  if (config.AGENDA_BACKEND === 'mongo') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MongoBackend } = require('@agendajs/mongo-backend') as MongoModule;
    if (!config.MONGODB_URL) throw new Error('MONGODB_URL is required when AGENDA_BACKEND=mongo');
    return new MongoBackend({ address: config.MONGODB_URL, collection: 'agendaJobs' });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PostgresBackend } = require('@agendajs/postgres-backend') as PostgresModule;
  return new PostgresBackend({
    poolConfig: { connectionString: config.DATABASE_URL, options: `-c search_path=${AGENDA_SCHEMA}`, max: 4 },
    ensureSchema: false,
    channelName: 'vigie_reporting_jobs',
  });
}
