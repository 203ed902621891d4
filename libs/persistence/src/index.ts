export * from './database-url';
export * from './orm-config';
export * from './prepare-database';
export * from './processed-event';
export * from './outbox';
