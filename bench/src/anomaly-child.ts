// The real anomaly service in a process of its own, for the pipeline and RSS figures: started like
// main.ts, stopped when its stdin closes, then exits by itself so `node --cpu-prof` writes its profile
// (Nest's shutdown hooks re-raise signals, which would kill the process before that).
import 'reflect-metadata';
import { startAnomaly } from '@vigie/anomaly';

startAnomaly(process.env)
  .then((service) => {
    process.stdout.write(`anomaly listening on ${service.url}\n`);
    process.stdin.resume();
    process.stdin.once('end', () => {
      service.stop().finally(() => process.exit(0));
    });
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
