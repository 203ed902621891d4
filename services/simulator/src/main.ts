import { ConfigError } from '@vigie/config';
import { startSimulator } from './app';

startSimulator(process.env)
  .then((simulator) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping: closing the open sessions');
      simulator.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    void simulator.done.then(stop);
  })
  .catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
