import { Injectable } from '@nestjs/common';
import type { Severity } from '@vigie/contracts';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { AnomalyClient } from '../clients/anomaly.client';
import { MonitorClient } from '../clients/monitor.client';
import { renderStatus, type StatusInput } from '../templates/bot-texts';

/** `/status`: health of every service (the monitor's probes) and open anomalies by severity. */
@Injectable()
export class StatusCommand implements ChatCommand {
  readonly name = 'status';
  readonly description = { fr: 'État des services et anomalies ouvertes', en: 'Service health and open anomalies' };

  constructor(
    private readonly monitor: MonitorClient,
    private readonly anomalies: AnomalyClient,
  ) {}

  async run(req: CommandRequest): Promise<void> {
    const [targets, open] = await Promise.all([this.monitor.targets().catch(() => undefined), this.openBySeverity().catch(() => undefined)]);
    const input: StatusInput = { targets, open };
    await req.reply(renderStatus(input, req.render));
  }

  private async openBySeverity(): Promise<Record<Severity, number>> {
    const count = async (severity: Severity) => (await this.anomalies.list({ status: 'open', severity, limit: 1 })).total;
    const [info, warning, critical] = await Promise.all([count('info'), count('warning'), count('critical')]);
    return { info, warning, critical };
  }
}
