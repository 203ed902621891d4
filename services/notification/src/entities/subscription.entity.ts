import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';
import type { Subscription } from '../domain/subscriptions';

/** One topic (rule family, rule, or report kind) of one chat. */
export class SubscriptionRow {
  chatId!: string;
  topic!: string;
  enabled!: boolean;
  minSeverity!: Severity;
  resolved!: boolean;
  updatedAt: Date & Opt = new Date();

  toSubscription(): Subscription {
    return { topic: this.topic, enabled: this.enabled, minSeverity: this.minSeverity, resolved: this.resolved };
  }
}

export const SubscriptionSchema = new EntitySchema<SubscriptionRow>({
  class: SubscriptionRow,
  tableName: 'subscription',
  properties: {
    chatId: { type: 'string', primary: true },
    topic: { type: 'string', primary: true },
    enabled: { type: 'boolean' },
    minSeverity: { type: 'string' },
    resolved: { type: 'boolean' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
});
