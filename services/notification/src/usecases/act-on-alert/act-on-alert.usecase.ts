import { Injectable } from '@nestjs/common';
import { RULE_ID_PATTERN } from '@vigie/contracts';
import { AnomalyClient, AnomalyServiceError } from '../../clients/anomaly.client';
import { DeliveryRepository } from '../../delivery/delivery.repository';
import type { ChatRow } from '../../entities/chat.entity';

export type AlertCommand = { kind: 'ack'; target: string } | { kind: 'silence'; target: string; minutes: number };

export type ActOutcome =
  | { ok: true; kind: 'ack' | 'silence'; anomalyIds: string[]; ruleId?: string }
  | { ok: false; code: 'not-found' | 'ambiguous' | 'unavailable' | 'refused' | 'none-open'; message: string; candidates?: string[] };

const FULL_ID = /^[A-Za-z0-9_-]{13,128}$/;
const SHORT_ID = /^[A-Za-z0-9_-]{4,12}$/;

/**
 * Acknowledge or silence from Telegram, through the anomaly service's commands (which publish
 * `anomaly.alert.acknowledged|silenced`), acting as the chat's opaque principal. The target is an
 * anomaly id, the short id the messages show, or — for a silence — a rule id (every open anomaly of it).
 */
@Injectable()
export class ActOnAlert {
  constructor(
    private readonly anomalies: AnomalyClient,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async execute(chat: ChatRow, command: AlertCommand): Promise<ActOutcome> {
    try {
      if (command.kind === 'silence' && RULE_ID_PATTERN.test(command.target) && !command.target.startsWith('anm-')) {
        return await this.silenceRule(chat, command.target, command.minutes);
      }
      const resolved = await this.resolveId(chat, command.target);
      if (!resolved.ok) return resolved;
      const id = resolved.anomalyId;
      if (command.kind === 'ack') await this.anomalies.acknowledge(id, chat.principal);
      else await this.anomalies.silence(id, chat.principal, command.minutes);
      return { ok: true, kind: command.kind, anomalyIds: [id] };
    } catch (e) {
      if (!(e instanceof AnomalyServiceError)) throw e;
      if (e.code === 'anomaly-service.unreachable') return { ok: false, code: 'unavailable', message: e.message };
      if (e.status === 404) return { ok: false, code: 'not-found', message: e.message };
      return { ok: false, code: 'refused', message: e.message };
    }
  }

  private async silenceRule(chat: ChatRow, ruleId: string, minutes: number): Promise<ActOutcome> {
    const { items } = await this.anomalies.list({ status: 'open', ruleId, limit: 500 });
    if (items.length === 0) return { ok: false, code: 'none-open', message: ruleId };
    for (const a of items) await this.anomalies.silence(a.anomalyId, chat.principal, minutes);
    return { ok: true, kind: 'silence', anomalyIds: items.map((a) => a.anomalyId), ruleId };
  }

  /** A full id as is; a short one from the anomalies this chat was told about, else from the open ones. */
  private async resolveId(chat: ChatRow, target: string): Promise<{ ok: true; anomalyId: string } | Extract<ActOutcome, { ok: false }>> {
    if (FULL_ID.test(target)) return { ok: true, anomalyId: target };
    if (!SHORT_ID.test(target)) return { ok: false, code: 'not-found', message: target };
    let matches = await this.deliveries.anomalyIdsByPrefix(chat.chatId, target);
    if (matches.length === 0) {
      const { items } = await this.anomalies.list({ status: 'open', limit: 500 });
      matches = items.map((a) => a.anomalyId).filter((id) => id.startsWith(target));
    }
    if (matches.length === 0) return { ok: false, code: 'not-found', message: target };
    if (matches.length > 1) return { ok: false, code: 'ambiguous', message: target, candidates: matches.slice(0, 5) };
    return { ok: true, anomalyId: matches[0] };
  }
}
