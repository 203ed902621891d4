/** Daily quiet hours in the chat's local time, minutes after midnight; `start > end` spans midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

export interface MuteSettings {
  timeZone: string;
  quietHours: QuietHours | null;
  /** A one-off mute (`/mute 2h`). */
  mutedUntil: Date | null;
}

/** Minutes after local midnight in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

export function inQuietHours(quiet: QuietHours, minutes: number): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end ? minutes >= quiet.start && minutes < quiet.end : minutes >= quiet.start || minutes < quiet.end;
}

/** Whether non-critical messages wait: inside the quiet hours or before the end of a one-off mute. */
export function isMuted(settings: MuteSettings, at: Date): boolean {
  if (settings.mutedUntil && settings.mutedUntil.getTime() > at.getTime()) return true;
  return settings.quietHours !== null && inQuietHours(settings.quietHours, localMinutes(at, settings.timeZone));
}

/** `22:00-07:00` or `22h-7h` → quiet hours; undefined when not a range of two times. */
export function parseQuietHours(text: string): QuietHours | undefined {
  const m = /^\s*(\d{1,2})(?:[:h](\d{2})?)?\s*-\s*(\d{1,2})(?:[:h](\d{2})?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const start = toMinutes(m[1], m[2]);
  const end = toMinutes(m[3], m[4]);
  if (start === undefined || end === undefined || start === end) return undefined;
  return { start, end };
}

function toMinutes(h: string, m: string | undefined): number | undefined {
  const hours = Number(h);
  const minutes = m === undefined ? 0 : Number(m);
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
