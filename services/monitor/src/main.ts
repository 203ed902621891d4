import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startMonitor } from './app';

startMonitor(process.env)
  .then((service) => console.log(`monitor listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
