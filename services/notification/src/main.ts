import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startNotification } from './app';

startNotification(process.env)
  .then((service) => console.log(`notification listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
