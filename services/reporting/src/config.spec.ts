import { ConfigError, parseEnv } from '@vigie/config';
import { ReportingEnv, SERVICE } from './config';

const parse = (env: Record<string, string>) => parseEnv(SERVICE, ReportingEnv, env);

describe('reporting config', () => {
  it('defaults: Postgres backend, Monday 08:00 Europe/Paris, anomaly on 3110, no e-mail', () => {
    expect(parse({})).toMatchObject({
      REPORTING_PORT: 3130,
      ANOMALY_URL: 'http://127.0.0.1:3110',
      AGENDA_BACKEND: 'postgres',
      REPORT_CRON: '0 8 * * 1',
      REPORT_TIMEZONE: 'Europe/Paris',
      REPORT_CATCH_UP_WEEKS: 8,
      REPORT_EMAIL_TO: [],
    });
  });

  it('selects MongoDB by env, and then requires its URL', () => {
    expect(parse({ AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://127.0.0.1:27017/vigie' })).toMatchObject({ AGENDA_BACKEND: 'mongo' });
    expect(() => parse({ AGENDA_BACKEND: 'mongo' })).toThrow(ConfigError);
    expect(() => parse({ AGENDA_BACKEND: 'mongo' })).toThrow('MONGODB_URL: is required when AGENDA_BACKEND=mongo');
  });

  it('refuses a bad cron, time zone or address, naming each key', () => {
    try {
      parse({ REPORT_CRON: 'lundi 8h', REPORT_TIMEZONE: 'Paris', REPORT_EMAIL_TO: 'admin', ANOMALY_URL: 'ftp://x' });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.key).sort()).toEqual(['ANOMALY_URL', 'REPORT_CRON', 'REPORT_EMAIL_TO', 'REPORT_TIMEZONE']);
    }
  });
});
