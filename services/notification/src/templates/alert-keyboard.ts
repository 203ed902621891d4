import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from './i18n';

/** Telegram limits callback data to 64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
export const CALLBACK_DATA_MAX_BYTES = 64;

export const SILENCE_BUTTON_MINUTES = [60, 1440] as const;

const LABELS = {
  fr: { ack: '✅ Acquitter', silence: (h: number) => `🔕 Sourdine ${h} h` },
  en: { ack: '✅ Acknowledge', silence: (h: number) => `🔕 Silence ${h} h` },
} as const;

export type AlertAction = { kind: 'ack'; anomalyId: string } | { kind: 'silence'; anomalyId: string; minutes: number };

export function alertActionData(action: AlertAction): string {
  return action.kind === 'ack' ? `ack:${action.anomalyId}` : `sil:${action.minutes}:${action.anomalyId}`;
}

/** The callback data of an alert button back into its action; undefined for anything else. */
export function parseAlertAction(data: string): AlertAction | undefined {
  const ack = /^ack:([A-Za-z0-9_-]{1,128})$/.exec(data);
  if (ack) return { kind: 'ack', anomalyId: ack[1] };
  const sil = /^sil:(\d{1,5}):([A-Za-z0-9_-]{1,128})$/.exec(data);
  if (sil && (SILENCE_BUTTON_MINUTES as readonly number[]).includes(Number(sil[1]))) {
    return { kind: 'silence', anomalyId: sil[2], minutes: Number(sil[1]) };
  }
  return undefined;
}

/** Acknowledge / Silence 1 h / Silence 24 h under an alert; none when the id is too long for callback data. */
export function alertKeyboard(anomalyId: string, locale: Locale): InlineKeyboardMarkup | undefined {
  const l = LABELS[locale];
  const buttons = [
    { text: l.ack, callback_data: alertActionData({ kind: 'ack', anomalyId }) },
    ...SILENCE_BUTTON_MINUTES.map((minutes) => ({
      text: l.silence(minutes / 60),
      callback_data: alertActionData({ kind: 'silence', anomalyId, minutes }),
    })),
  ];
  if (buttons.some((b) => Buffer.byteLength(b.callback_data) > CALLBACK_DATA_MAX_BYTES)) return undefined;
  return { inline_keyboard: [buttons] };
}

/** What replaces the buttons once someone acted: one inert button saying what was done. */
export function actedKeyboard(label: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: label, callback_data: 'noop' }]] };
}
