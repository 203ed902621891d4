export * from './outbox.entity';
export * from './outbox';
export * from './outbox-relay';
export * from './outbox.module';
export * from './outbox.migration';
