import { parseEnv } from '@vigie/config';
import { ReportingEnv, SERVICE } from '../config';
import { agendaBackend, agendaModule } from './agenda';

const config = (env: Record<string, string>) => parseEnv(SERVICE, ReportingEnv, env);

describe('Agenda backend (loaded through require: Agenda 6 is ESM-only)', () => {
  it('is Postgres by default, MongoDB with AGENDA_BACKEND=mongo (neither connects before start)', async () => {
    const postgres = agendaBackend(config({}));
    expect(postgres.name).toBe('PostgreSQL');
    expect(postgres.notificationChannel).toBeDefined();
    const mongo = agendaBackend(config({ AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://127.0.0.1:27017/vigie' }));
    expect(mongo.name).toBe('MongoDB');
    // Storage only: instances find due jobs by polling (AGENDA_PROCESS_EVERY_MS).
    expect(mongo.notificationChannel).toBeUndefined();
    await Promise.all([postgres.disconnect(), mongo.disconnect()]);
  });

  it('exposes Agenda and its backoff strategies', () => {
    const { Agenda, exponential } = agendaModule();
    expect(typeof Agenda).toBe('function');
    expect(exponential({ delay: 1000, maxRetries: 2 })({ attempt: 1, error: new Error('x'), jobName: 'j', jobData: {} })).toBe(1000);
  });
});
