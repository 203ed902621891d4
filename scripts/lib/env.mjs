import { existsSync, readFileSync } from 'node:fs';

/** process.env over the values of a .env file (process.env wins), without printing any of them. */
export function loadEnv(file) {
  const env = {};
  if (existsSync(file)) {
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      let value = line.slice(eq + 1).trim();
      if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
      env[key] = value;
    }
  }
  return { ...env, ...process.env };
}
