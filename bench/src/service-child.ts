// One real Vigie service in a process of its own, as it is deployed: `service-child.ts <name>` starts it
// from the environment like its main.ts, prints its URL, and stops when its stdin closes, then exits by
// itself so `node --cpu-prof` writes its profile (Nest's shutdown hooks re-raise signals, which would kill
// the process before that).
import 'reflect-metadata';
import type { Env } from '@vigie/config';
import type { RunningService } from '@vigie/health';

const STARTERS: Record<string, () => Promise<(env: Env) => Promise<RunningService>>> = {
  anomaly: async () => (await import('@vigie/anomaly')).startAnomaly,
  gateway: async () => (await import('@vigie/gateway')).startGateway,
  notification: async () => (await import('@vigie/notification')).startNotification,
};

const name = process.argv[2];
const starter = STARTERS[name];
if (!starter) {
  console.error(`usage: service-child.ts ${Object.keys(STARTERS).join('|')}`);
  process.exit(2);
}

starter()
  .then((start) => start(process.env))
  .then((service) => {
    process.stdout.write(`${name} listening on ${service.url}\n`);
    process.stdin.resume();
    process.stdin.once('end', () => {
      service.stop().finally(() => process.exit(0));
    });
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
