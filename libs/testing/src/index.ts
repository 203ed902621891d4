export * from './namespace';
export * from './database';
export * from './streams';
export * from './events';
export * from './factories';
export * from './sweep';
export * from './local-bot-api';
export * from './local-smtp';
