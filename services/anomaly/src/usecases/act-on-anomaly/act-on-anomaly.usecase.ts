import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import type { AnomalyState } from '../../domain/anomaly';
import { applyCommand, type AnomalyCommand } from '../../domain/commands';
import { AnomalyRow } from '../../entities/anomaly.entity';

/** An admin acknowledges, silences or resolves an anomaly (from the dashboard or the Telegram bot). */
@Injectable()
export class ActOnAnomaly {
  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(anomalyId: string, command: AnomalyCommand): Promise<AnomalyState> {
    const at = new Date().toISOString();
    const { state, changed } = await this.em.fork().transactional(async (em) => {
      const row = await em.findOne(AnomalyRow, { anomalyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new DomainError('anomaly.not-found', `no anomaly ${anomalyId}`, 404);
      const outcome = applyCommand(row.toState(), command, at);
      if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, 409);
      if ('unchanged' in outcome) return { state: outcome.state, changed: false };
      Object.assign(row, AnomalyRow.fieldsOf(outcome.state), { updatedAt: new Date(at) });
      enqueue(em, createEvent(outcome.type, outcome.data, { source: 'anomaly', siteId: row.siteId, occurredAt: at }));
      return { state: outcome.state, changed: true };
    });
    if (changed) this.relay.kick();
    return state;
  }
}
