/** Ressourceries live in Paris time: sessions open at 9:00 there, whatever the server's zone. */
export const ZONE = 'Europe/Paris';

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** The Paris wall-clock reading of an instant. */
export function parisWallTime(ms: number): WallTime {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS.indexOf(p.weekday),
  };
}

function offsetAt(ms: number): number {
  const w = parisWallTime(ms);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant Paris clocks show this date and time (the later one in the repeated hour of autumn). */
export function parisInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = asUtc - offsetAt(asUtc);
  const second_ = asUtc - offsetAt(first);
  return Math.max(first, second_);
}

/** A calendar day of the simulation, in Paris. */
export interface SimDay {
  /** 0 for the first day of the simulation. */
  index: number;
  /** `YYYY-MM-DD` in Paris. */
  date: string;
  /** 0 = Sunday. */
  weekday: number;
  /** Paris midnight that starts it. */
  startMs: number;
}

/** The instant of a Paris wall-clock time of `day`, minutes possibly fractional. */
export function dayAt(day: SimDay, hour: number, minute = 0): number {
  const [y, m, d] = day.date.split('-').map(Number);
  return parisInstant(y, m, d, hour) + Math.round(minute * MINUTE_MS);
}

/** The Paris day that contains `ms`, numbered `index`. */
export function parisDay(ms: number, index: number): SimDay {
  const w = parisWallTime(ms);
  const startMs = parisInstant(w.year, w.month, w.day);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    index,
    date: `${w.year}-${pad(w.month)}-${pad(w.day)}`,
    weekday: w.weekday,
    startMs,
  };
}

/** The `index`-th day after the day of `firstDayMs` (DST-proof: calendar days, not 24 h steps). */
export function nthDay(firstDayMs: number, index: number): SimDay {
  const w = parisWallTime(firstDayMs);
  const noon = parisInstant(w.year, w.month, w.day, 12) + index * DAY_MS;
  return parisDay(noon, index);
}

/** Paris midnight `days` days before the day of `nowMs`. */
export function parisMidnightDaysBefore(nowMs: number, days: number): number {
  return nthDay(nowMs, -days).startMs;
}
