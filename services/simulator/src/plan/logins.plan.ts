import { dayAt, type SimDay } from './calendar';
import type { PlannedLogin } from './day-plan';
import { chance, int, rngFor, type Rng } from './rng';
import type { Shop } from './shop';

/** A login, sometimes after one mistyped password (one failure never worries anyone). */
function login(rng: Rng, at: number, principal: string, channel: PlannedLogin['channel']): PlannedLogin[] {
  const ok: PlannedLogin = { at, principal, channel, outcome: 'succeeded' };
  if (!chance(rng, 0.06)) return [ok];
  return [{ at: at - int(rng, 10, 40) * 1000, principal, channel, outcome: 'failed', reason: 'invalid-password' }, ok];
}

/** Each site's admin looks at the dashboard in the morning of an open day; the Super Admin on weekdays and some evenings. */
export function planLogins(seed: number, shop: Shop, day: SimDay, open: boolean): PlannedLogin[] {
  const rng = rngFor(seed, 'logins', day.date);
  const out: PlannedLogin[] = [];
  if (open) {
    for (const site of shop.sites) {
      out.push(...login(rng, dayAt(day, 9, int(rng, 5, 90) + rng()), site.admin, chance(rng, 0.8) ? 'web' : 'telegram'));
      if (chance(rng, 0.3)) out.push(...login(rng, dayAt(day, 14, int(rng, 0, 180) + rng()), site.admin, 'web'));
    }
  }
  if (day.weekday >= 1 && day.weekday <= 5) out.push(...login(rng, dayAt(day, 8, int(rng, 30, 90) + rng()), shop.superAdmin, 'web'));
  if (chance(rng, 0.4)) out.push(...login(rng, dayAt(day, 20, int(rng, 0, 120) + rng()), shop.superAdmin, 'telegram'));
  return out.sort((a, b) => a.at - b.at);
}
