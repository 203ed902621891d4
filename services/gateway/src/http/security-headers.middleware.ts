import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Sent with every gateway answer (API, probes, errors, files); the dashboard page then replaces the
 * CSP with its own (DASHBOARD_SECURITY_HEADERS). No CORS header is ever set: the dashboard is served
 * from the same origin, so other origins' scripts cannot read the API.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

export function securityHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.removeHeader('x-powered-by');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // Answers carry tokens and personal settings: never kept by a shared cache or the browser's.
    if (req.originalUrl.startsWith('/api/')) res.setHeader('cache-control', 'no-store');
    next();
  };
}
