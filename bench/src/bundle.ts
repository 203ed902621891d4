import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './pipeline';

/** Builds the dashboard (vite, production) into a temporary directory: every JS asset, raw and gzipped (level 9), bytes. */
export function dashboardBundle(): { js: number; gzip: number; files: number } {
  const out = mkdtempSync(path.join(tmpdir(), 'vigie-bench-web-'));
  try {
    const r = spawnSync('npx', ['vite', 'build', 'web', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
    let js = 0;
    let gzip = 0;
    const files = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
    for (const f of files) {
      const buf = readFileSync(path.join(out, 'assets', f));
      js += buf.length;
      gzip += gzipSync(buf, { level: 9 }).length;
    }
    return { js, gzip, files: files.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
