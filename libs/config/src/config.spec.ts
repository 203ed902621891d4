import { z } from 'zod';
import { CommonEnv, ConfigError, bool, list, parseEnv, port } from './config';

const Schema = CommonEnv.extend({
  CASH_PORT: port(3101),
  TELEGRAM_ADMIN_CHAT_IDS: list(z.string().regex(/^-?\d+$/, 'must be a numeric chat id')),
  TELEGRAM_ENABLED: bool(true),
  SECRET: z.string().min(16),
});

describe('parseEnv', () => {
  it('applies defaults and parses typed values', () => {
    const env = parseEnv('cash', Schema, { SECRET: 'x'.repeat(16), TELEGRAM_ADMIN_CHAT_IDS: ' 1, -2 ,', CASH_PORT: '' });
    expect(env.CASH_PORT).toBe(3101);
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.TELEGRAM_ADMIN_CHAT_IDS).toEqual(['1', '-2']);
    expect(env.TELEGRAM_ENABLED).toBe(true);
  });

  it('takes a comma-separated list of NATS servers and the replicas of the streams', () => {
    const env = parseEnv('cash', Schema, {
      SECRET: 'x'.repeat(16),
      NATS_URL: 'nats://10.0.0.1:4222, nats://10.0.0.2:4222,nats://10.0.0.3:4222',
      NATS_STREAM_REPLICAS: '3',
    });
    expect(env.NATS_URL).toBe('nats://10.0.0.1:4222, nats://10.0.0.2:4222,nats://10.0.0.3:4222');
    expect(env.NATS_STREAM_REPLICAS).toBe(3);
    expect(parseEnv('cash', Schema, { SECRET: 'x'.repeat(16) }).NATS_STREAM_REPLICAS).toBe(1);
    const bad = () => parseEnv('cash', Schema, { SECRET: 'x'.repeat(16), NATS_URL: 'nats://a:4222,http://b', NATS_STREAM_REPLICAS: '0' });
    expect(bad).toThrow(/NATS_URL: must be a URL .*\n.*NATS_STREAM_REPLICAS/s);
  });

  it('names every bad key in one error', () => {
    let error: ConfigError | undefined;
    try {
      parseEnv('cash', Schema, { NATS_URL: 'http://x', CASH_PORT: 'abc', TELEGRAM_ADMIN_CHAT_IDS: 'bob' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.key).sort()).toEqual(['CASH_PORT', 'NATS_URL', 'SECRET', 'TELEGRAM_ADMIN_CHAT_IDS']);
    expect(error!.message).toContain('SECRET: is required');
    expect(error!.message).toMatch(/^cash: invalid configuration \(4 problems\)/);
  });
});
