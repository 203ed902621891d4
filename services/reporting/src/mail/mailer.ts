import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import type { ReportEmail } from '../templates/weekly-report.email';

/**
 * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; `?requireTLS=true` /
 * `?ignoreTLS=true` as in nodemailer. Timeouts keep a stuck server from holding a run for minutes.
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

/** Sends the weekly report e-mail through SMTP_URL to REPORT_EMAIL_TO; disabled unless both are set. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport?: Transporter;

  constructor(@Inject(REPORTING_CONFIG) private readonly config: ReportingConfig) {
    if (config.SMTP_URL && config.REPORT_EMAIL_TO.length > 0) this.transport = nodemailer.createTransport(smtpOptions(config.SMTP_URL));
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  get recipients(): readonly string[] {
    return this.config.REPORT_EMAIL_TO;
  }

  /** `messageId` is fixed per report, so a mail sent again after a crash can be recognised as the same. */
  async send(email: ReportEmail, messageId: string): Promise<void> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_URL and REPORT_EMAIL_TO)');
    await this.transport.sendMail({
      from: this.config.EMAIL_FROM,
      to: [...this.config.REPORT_EMAIL_TO],
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
      attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
