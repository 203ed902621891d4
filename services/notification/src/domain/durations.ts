const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440, j: 1440 };

/**
 * A duration typed in the bot, in minutes: `90` (minutes), `30m`, `2h`, `1h30`, `1d`, `3j`.
 * Undefined when unreadable, zero, or longer than `maxMinutes`.
 */
export function parseDurationMinutes(text: string, maxMinutes = 30 * 24 * 60): number | undefined {
  const t = text.trim().toLowerCase();
  let minutes: number | undefined;
  if (/^\d+$/.test(t)) minutes = Number(t);
  const hm = /^(\d+)h([0-5]\d)$/.exec(t);
  if (hm) minutes = Number(hm[1]) * 60 + Number(hm[2]);
  const unit = /^(\d+)\s*(min|m|h|d|j)$/.exec(t);
  if (unit) minutes = Number(unit[1]) * UNIT_MINUTES[unit[2]];
  if (minutes === undefined || !Number.isSafeInteger(minutes) || minutes < 1 || minutes > maxMinutes) return undefined;
  return minutes;
}
