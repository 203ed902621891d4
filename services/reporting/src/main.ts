import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startReporting } from './app';

startReporting(process.env)
  .then((service) => console.log(`reporting listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
