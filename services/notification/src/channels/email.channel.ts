import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { ChannelBreaker } from '../delivery/channel-breaker';
import type { DeliveryPayload } from '../delivery/delivery.repository';
import { GlobalRate } from '../delivery/global-rate';
import type { LanePolicy } from '../domain/dispatch-plan';
import type { SendFailure } from '../domain/send-failure';
import { classifySmtpFailure } from '../domain/smtp-failure';
import type { DeliveryRow } from '../entities/delivery.entity';
import type { AlertMessageInput } from '../templates/alert-message';
import { alertEmail, testEmail, weeklyReportEmail, type EmailMessage } from '../templates/email-message';
import type { WeeklyReportInput } from '../templates/report-message';
import type { Channel, Outgoing, RecipientProfile } from './channel';

/** E-mail recipients travel in events and rows as this opaque id, never as the address. */
export function emailRecipientId(address: string): string {
  return `eml-${createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 20)}`;
}

const EMAILS_PER_SECOND = 5;

/**
 * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start);
 * `?requireTLS=true` / `?ignoreTLS=true` as in nodemailer. Timeouts keep a stuck server from
 * holding a delivery for minutes.
 */
export function smtpOptions(smtpUrl: string) {
  const u = new URL(smtpUrl);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    requireTLS: u.searchParams.get('requireTLS') === 'true',
    ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

/** E-mail through SMTP (`SMTP_URL`, nodemailer): the weekly report and, when asked, critical alerts. */
@Injectable()
export class EmailChannel implements Channel<EmailMessage>, OnModuleInit, OnApplicationShutdown {
  readonly id = 'email' as const;
  readonly breaker: ChannelBreaker;
  private readonly logger = new Logger(EmailChannel.name);
  private readonly transport?: Transporter;
  private readonly addresses: Map<string, string>;
  private readonly rate = new GlobalRate(EMAILS_PER_SECOND);

  constructor(@Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig) {
    this.addresses = new Map(config.EMAIL_TO.map((a) => [emailRecipientId(a), a]));
    this.breaker = new ChannelBreaker('smtp', {
      resetMs: config.TELEGRAM_BREAKER_RESET_MS,
      isOutage: (e) => classifySmtpFailure(e)?.kind === 'transient',
    });
    if (config.SMTP_URL) {
      this.transport = nodemailer.createTransport(smtpOptions(config.SMTP_URL));
    }
  }

  onModuleInit(): void {
    if (!this.transport) this.logger.log('e-mail is off (no SMTP_URL)');
    else if (this.addresses.size === 0) this.logger.warn('SMTP_URL is set but EMAIL_TO is empty: no e-mail will be sent');
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
    this.transport?.close();
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Opaque ids of the configured recipients. */
  get recipients(): string[] {
    return this.transport ? [...this.addresses.keys()] : [];
  }

  policy(): LanePolicy {
    return { groupWindowMs: 0, minIntervalMs: 0, maxBatch: 1 };
  }

  async profile(recipient: string): Promise<RecipientProfile | undefined> {
    if (!this.addresses.has(recipient)) return undefined;
    return { render: { locale: this.config.NOTIFY_DEFAULT_LOCALE, timeZone: this.config.NOTIFY_DEFAULT_TIMEZONE } };
  }

  compose(rows: DeliveryRow[], profile: RecipientProfile): Outgoing<EmailMessage>[] {
    return rows.map((row) => {
      const message = (row.payload as unknown as DeliveryPayload).message;
      const body =
        row.kind === 'report'
          ? weeklyReportEmail(message as WeeklyReportInput, profile.render)
          : row.kind === 'alert'
            ? alertEmail(message as AlertMessageInput, profile.render)
            : testEmail(profile.render);
      return { rows: [row], body };
    });
  }

  async send(recipient: string, body: EmailMessage): Promise<{ messageId?: number }> {
    const transport = this.transport;
    const to = this.addresses.get(recipient);
    if (!transport) throw new Error('e-mail is off');
    if (!to) throw Object.assign(new Error('recipient no longer configured'), { code: 'EENVELOPE' });
    await this.rate.acquire();
    await this.breaker.run(() => transport.sendMail({ from: this.config.EMAIL_FROM, to, subject: body.subject, text: body.text, html: body.html }));
    return {};
  }

  classify(error: unknown): SendFailure | undefined {
    return classifySmtpFailure(error);
  }
}
