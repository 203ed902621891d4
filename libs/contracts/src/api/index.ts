/**
 * The dashboard's API on the gateway beyond anomalies and accounts (`/api/health`, `/api/kpis`,
 * `/api/metrics/*`, `/api/recommendations`, `/api/rules`, `/api/reports`, `/api/jobs`, `/api/chats`).
 * The gateway parses each upstream answer with these schemas (unknown fields are dropped), so what it
 * serves is what is described here, and `/api/docs` is generated from them.
 */
export * from './common';
export * from './health';
export * from './metrics';
export * from './recommendations';
export * from './rules';
export * from './reports';
export * from './chats';
export * from './audit';
