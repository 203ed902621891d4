import { DomainError } from '@vigie/health';

export const targetUnknown = (name: string): DomainError =>
  new DomainError('sync.target-unknown', `no sync target named "${name}" is configured`, 404);

export const targetBusy = (name: string): DomainError =>
  new DomainError('sync.target-busy', `a run of target "${name}" is already in progress`, 409);

export const runNotFound = (): DomainError => new DomainError('sync.run-not-found', 'no such sync run', 404);

export const shuttingDown = (): DomainError => new DomainError('sync.shutting-down', 'the sync service is stopping', 503);
