import { runCli } from './vigie';

runCli(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`vigie: ${e.message}\n`);
    process.exitCode = 1;
  },
);
