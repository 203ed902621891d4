/** Injection token of the parsed `SyncConfig`. */
export const SYNC_CONFIG = Symbol('SYNC_CONFIG');
