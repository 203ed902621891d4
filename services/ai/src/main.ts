import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { startAi } from './app';

startAi(process.env)
  .then((service) => console.log(`ai listening on ${service.url}`))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
