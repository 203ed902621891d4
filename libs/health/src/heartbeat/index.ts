export * from './heartbeat.module';
export * from './heartbeat.options';
export * from './heartbeat.emitter';
