export * from './domain-error';
export * from './http-error.filter';
export * from './zod-body';
export * from './start-nest-service';
export * from './health.module';
export * from './health.options';
export * from './consumer-registry';
export * from './metrics.service';
