import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';

/** Paths the dashboard never answers: APIs, probes and the Socket.IO transport. */
const NOT_DASHBOARD = ['/api', '/health', '/metrics', '/socket.io'];

/**
 * Sent with the dashboard page. The access token lives in sessionStorage, so scripts are limited to
 * the built bundle (no inline script, no other origin) and the page cannot be framed.
 */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export const NOT_BUILT_TEXT = "Le tableau de bord n'est pas construit : lancez `npm run build:web`, puis rechargez cette page.\n";

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function pathnameOf(req: Request): string | undefined {
  try {
    return decodeURIComponent(new URL(req.originalUrl, 'http://dashboard').pathname);
  } catch {
    return undefined;
  }
}

/**
 * Serves the built dashboard from `dist` with an SPA fallback to index.html for extension-less paths.
 * Checked on each request, so building the dashboard needs no restart. Reads `originalUrl` because Nest
 * mounts middleware with `app.use(path)`, which rewrites `req.url`.
 */
export function dashboardMiddleware(dist: string): RequestHandler {
  const root = path.resolve(dist);
  const index = path.join(root, 'index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    const pathname = pathnameOf(req);
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      pathname === undefined ||
      pathname.includes('\0') ||
      NOT_DASHBOARD.some((p) => pathname === p || pathname.startsWith(`${p}/`))
    ) {
      next();
      return;
    }
    void (async () => {
      const file = path.join(root, pathname);
      const inside = file === root || file.startsWith(root + path.sep);
      if (inside && file !== root && (await isFile(file))) {
        const immutable = pathname.startsWith('/assets/');
        res.sendFile(file, { maxAge: immutable ? '1y' : 0, immutable, dotfiles: 'deny' }, (e) => e && !res.headersSent && next(e));
        return;
      }
      if (path.extname(pathname) !== '') {
        next();
        return;
      }
      if (await isFile(index)) {
        res.setHeader('cache-control', 'no-cache');
        for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) res.setHeader(name, value);
        res.sendFile(index, (e) => e && !res.headersSent && next(e));
        return;
      }
      if (pathname === '/') {
        res.status(200).type('text/plain; charset=utf-8').send(NOT_BUILT_TEXT);
        return;
      }
      next();
    })().catch(next);
  };
}
