// `npm run redetect -- [--from ISO-DATE] [--out file.json]`: re-runs every detector over the history of
// the streams into a separate database (REDETECT_DATABASE_URL), publishing nothing, and prints what
// Vigie would have raised. For audits ("what would the new thresholds have caught last month?").
import { writeFileSync } from 'node:fs';
import { ConfigError, parseEnv } from '@vigie/config';
import { Bus } from '@vigie/messaging';
import { z } from 'zod';
import { persistenceOptions } from '../src/app.module';
import { AnomalyEnv } from '../src/config';
import { redetect } from '../src/replay/redetect';

const Env = AnomalyEnv.extend({ REDETECT_DATABASE_URL: z.string().url() });

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const env = parseEnv('redetect', Env);
  if (env.REDETECT_DATABASE_URL === env.DATABASE_URL) {
    throw new Error('REDETECT_DATABASE_URL must not be the live database: re-detection writes a whole projection');
  }
  const from = arg('from') ? new Date(arg('from')!) : undefined;
  if (from && Number.isNaN(from.getTime())) throw new Error(`--from: not a date: ${arg('from')}`);
  const bus = await Bus.connect({ url: env.NATS_URL, namespace: env.VIGIE_NAMESPACE, name: 'redetect' });
  try {
    const result = await redetect({
      bus,
      persistence: persistenceOptions({ ...env, DATABASE_URL: env.REDETECT_DATABASE_URL }),
      from,
    });
    const byRule = new Map<string, number>();
    for (const a of result.anomalies) byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? 0) + 1);
    console.log(`${result.events} events read (${result.invalid} invalid skipped), ${result.transitions} transitions`);
    for (const [rule, n] of [...byRule].sort()) console.log(`  ${rule.padEnd(28)} ${n}`);
    const out = arg('out');
    if (out) {
      writeFileSync(out, JSON.stringify(result.anomalies, null, 2));
      console.log(`anomalies written to ${out}`);
    }
  } finally {
    await bus.close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : (e as Error).message);
  process.exit(1);
});
