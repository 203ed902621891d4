import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startSync } from './app';

startSync(process.env)
  .then((service) => console.log(`sync listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
