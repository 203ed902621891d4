import { Injectable } from '@nestjs/common';
import { SEVERITY_RANK } from '@vigie/contracts';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { AnomalyClient, AnomalyServiceError } from '../clients/anomaly.client';
import { renderOpenAlerts } from '../templates/bot-texts';

const SHOWN = 10;

/** `/alerts`: open anomalies, most severe then most recent first. */
@Injectable()
export class AlertsCommand implements ChatCommand {
  readonly name = 'alerts';
  readonly description = { fr: 'Anomalies ouvertes', en: 'Open anomalies' };

  constructor(private readonly anomalies: AnomalyClient) {}

  async run(req: CommandRequest): Promise<void> {
    let list;
    try {
      list = await this.anomalies.list({ status: 'open', limit: 500 });
    } catch (e) {
      if (!(e instanceof AnomalyServiceError)) throw e;
      await req.reply(req.texts.anomalyServiceDown);
      return;
    }
    const items = [...list.items]
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.lastSeenAt.localeCompare(a.lastSeenAt))
      .slice(0, SHOWN);
    await req.reply(renderOpenAlerts({ items, total: list.total }, req.render));
  }
}
