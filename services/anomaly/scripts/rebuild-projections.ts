// `npm run rebuild:projections`: truncates the anomaly service's KPI projection and replays every
// projected stream from sequence 1; the service may be running or stopped.
import 'reflect-metadata';
import { ConfigError } from '@vigie/config';
import { describeRebuild, runRebuild } from '../src/projections/rebuild-command';

runRebuild(process.env)
  .then((result) => console.log(describeRebuild(result)))
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
