import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startGateway } from './app';

startGateway(process.env)
  .then((service) => console.log(`gateway listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
