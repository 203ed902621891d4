import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startCash } from './app';

startCash(process.env)
  .then((service) => console.log(`cash listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
