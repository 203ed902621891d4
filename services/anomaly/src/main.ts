import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startAnomaly } from './app';

startAnomaly(process.env)
  .then((service) => console.log(`anomaly listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
