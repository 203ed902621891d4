import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `<service>-<12 hex>`: tells two runs (or two replicas) of one service apart in heartbeats. */
export function newInstanceId(service: string): string {
  // Sliced so the id stays a valid token (≤ 128 chars) whatever the service name.
  return `${service.slice(0, 100)}-${randomBytes(6).toString('hex')}`;
}

/**
 * The version of the nearest package.json above `from` that declares one: the workspace's, since
 * services ship as one image with the repository layout (deploy/Dockerfile).
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
        if (typeof version === 'string' && version.length > 0 && version.length <= 64) return version;
      } catch {
        // An unreadable package.json says nothing about our version: keep looking above it.
      }
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
