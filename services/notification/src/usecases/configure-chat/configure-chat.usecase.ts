import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import type { QuietHours } from '../../domain/quiet-hours';
import { ChatRow } from '../../entities/chat.entity';
import { isLocale } from '../../templates/i18n';

export interface ChatSettingsPatch {
  locale?: string;
  timeZone?: string;
  /** null clears them. */
  quietHours?: QuietHours | null;
  /** null clears a one-off mute. */
  mutedUntil?: Date | null;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length <= 64;
  } catch {
    return false;
  }
}

/** A chat's language, time zone, quiet hours and one-off mute (from the bot or the dashboard). */
@Injectable()
export class ConfigureChat {
  constructor(private readonly em: EntityManager) {}

  async execute(chatId: string, patch: ChatSettingsPatch): Promise<ChatRow> {
    const em = this.em.fork();
    const chat = await em.findOne(ChatRow, { chatId, active: true });
    if (!chat) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
    if (patch.locale !== undefined) {
      if (!isLocale(patch.locale)) throw new DomainError('chat.bad-locale', 'locale must be fr or en', 400);
      chat.locale = patch.locale;
    }
    if (patch.timeZone !== undefined) {
      if (!isTimeZone(patch.timeZone)) throw new DomainError('chat.bad-timezone', 'timeZone must be an IANA time zone such as Europe/Paris', 400);
      // The usual spelling when the user typed it in another case (europe/paris → Europe/Paris); a valid
      // alias ICU would rewrite (America/Montreal → America/Toronto) is kept as the user wrote it.
      const tz = patch.timeZone;
      chat.timeZone = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === tz.toLowerCase()) ?? tz;
    }
    if (patch.quietHours !== undefined) {
      chat.quietStart = patch.quietHours?.start ?? null;
      chat.quietEnd = patch.quietHours?.end ?? null;
    }
    if (patch.mutedUntil !== undefined) chat.mutedUntil = patch.mutedUntil;
    await em.flush();
    return chat;
  }
}
