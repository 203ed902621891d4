import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MetricsService } from '@vigie/health';
import type { Counter } from 'prom-client';
import { TelegramFallbackChannel } from '../channels/telegram-fallback.channel';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';
import {
  afterDeliveries,
  formatDuration,
  NO_OUTAGE,
  outageText,
  planFallback,
  RECOVERY_TEXT,
  type FallbackState,
} from '../domain/fallback';
import type { TargetStatus } from '../domain/target-status';

/**
 * Watching the watcher: when the notification service has failed its probes for longer than
 * MONITOR_FALLBACK_AFTER_MS, alerts no longer go out, so the monitor tells the admins itself, once
 * per outage, and once more when it answers again. Without a token the log is the only alert.
 */
@Injectable()
export class FallbackAlerter implements OnModuleInit {
  private readonly logger = new Logger('Fallback');
  private readonly messages: Counter<'kind' | 'result'>;
  private state: FallbackState = NO_OUTAGE;

  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly channel: TelegramFallbackChannel,
    metrics: MetricsService,
  ) {
    this.messages = metrics.counter('vigie_monitor_fallback_messages_total', 'Fallback Telegram messages', ['kind', 'result']);
  }

  get watched(): string {
    return this.config.MONITOR_FALLBACK_TARGET;
  }

  onModuleInit(): void {
    if (!this.config.MONITOR_TARGETS.some((t) => t.name === this.watched)) {
      this.logger.warn(`no target named "${this.watched}" in MONITOR_TARGETS: nobody watches the notification service`);
    } else if (!this.channel.enabled) {
      this.logger.log(`Telegram is off (no TELEGRAM_BOT_TOKEN): an outage of "${this.watched}" will only be logged`);
    } else if (this.channel.recipients.length === 0) {
      this.logger.warn('TELEGRAM_ADMIN_CHAT_IDS is empty: an outage of the notification service will only be logged');
    }
  }

  async check(status: TargetStatus | undefined, now: Date): Promise<void> {
    const plan = planFallback(this.state, status, this.channel.recipients, now, this.config.MONITOR_FALLBACK_AFTER_MS);
    const alertText = outageText(plan.outageMs, status?.lastError ?? null);
    if (plan.transition === 'declared') {
      const how =
        plan.alert.length > 0
          ? `alerting ${plan.alert.length} admin chat(s) on Telegram directly`
          : 'no chat to alert, this log is the alert';
      const since = formatDuration(plan.outageMs);
      this.logger.error(`${this.watched} has failed its probes for ${since}; ${how}: ${alertText.replace('\n', ' | ')}`);
    } else if (plan.transition === 'over') {
      this.logger.log(`${this.watched} answers again; telling ${plan.recover.length} admin chat(s)`);
    }
    const done = { alerted: [] as string[], recovered: [] as string[], refused: [] as string[] };
    const send = async (chat: string, kind: 'alert' | 'recovery') => {
      const result = await this.channel.send(chat, kind === 'alert' ? alertText : RECOVERY_TEXT);
      this.messages.inc({ kind, result: result.ok ? 'sent' : 'failed' });
      if (result.ok) {
        (kind === 'alert' ? done.alerted : done.recovered).push(chat);
        return;
      }
      if (result.permanent && kind === 'alert') done.refused.push(chat);
      const next = result.permanent ? 'not retried' : 'retried at the next probe round';
      this.logger.warn(`fallback ${kind} to chat ${chat} failed (${next}): ${result.reason}`);
    };
    await Promise.all([...plan.alert.map((c) => send(c, 'alert')), ...plan.recover.map((c) => send(c, 'recovery'))]);
    this.state = afterDeliveries(this.state, plan, done);
  }
}
