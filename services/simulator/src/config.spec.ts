import { ConfigError, parseEnv } from '@vigie/config';
import { SimulatorEnv } from './config';

describe('simulator configuration', () => {
  it('defaults to a day per minute over the last week, variance-streak, the local services', () => {
    expect(parseEnv('simulator', SimulatorEnv, {})).toMatchObject({
      CASH_URL: 'http://127.0.0.1:3101',
      AI_URL: 'http://127.0.0.1:3103',
      SYNC_URL: 'http://127.0.0.1:3102',
      GATEWAY_URL: 'http://127.0.0.1:3000',
      SIMULATOR_SPEED: 1440,
      SIMULATOR_HISTORY_DAYS: 7,
      SIMULATOR_DAYS: 0,
      SIMULATOR_SCENARIOS: 'variance-streak',
      SIMULATOR_MODEL_PORT: 3191,
      SIMULATOR_PARTNER_PORT: 3192,
      SIMULATOR_PARTNER_TARGET: 'compta-simulee',
      SIMULATOR_CRASH_SECONDS: 60,
    });
    expect(parseEnv('simulator', SimulatorEnv, {}).INGEST_TOKEN).toBeUndefined();
  });

  it('names every bad key at once: unknown scenario, short token, speed below real time', () => {
    let error: unknown;
    try {
      parseEnv('simulator', SimulatorEnv, { SIMULATOR_SCENARIOS: 'variance-streak,meteor', INGEST_TOKEN: 'short', SIMULATOR_SPEED: '0.5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.key).sort()).toEqual(['INGEST_TOKEN', 'SIMULATOR_SCENARIOS', 'SIMULATOR_SPEED']);
    expect(problems.find((p) => p.key === 'SIMULATOR_SCENARIOS')?.message).toContain('unknown scenario meteor');
  });

  it('accepts all, none and a list of scenarios', () => {
    for (const value of ['all', 'none', 'sync-outage,brute-force']) {
      expect(parseEnv('simulator', SimulatorEnv, { SIMULATOR_SCENARIOS: value }).SIMULATOR_SCENARIOS).toBe(value);
    }
  });
});
