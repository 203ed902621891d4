import { int, rngFor } from './rng';

export interface Register {
  siteId: string;
  registerId: string;
}

export interface Site {
  siteId: string;
  registers: Register[];
  /** Opaque ids of the site's cashiers (volunteers): never a name. */
  operators: string[];
  /** Opaque principal of the site's Administrateur (what auth events carry, never a login name). */
  admin: string;
}

export interface Shop {
  sites: Site[];
  registers: Register[];
  /** The organisation's Super Admin. */
  superAdmin: string;
}

const hex = (seed: number, ...parts: (string | number)[]) => {
  const rng = rngFor(seed, 'principal', ...parts);
  return Array.from({ length: 8 }, () => int(rng, 0, 15).toString(16)).join('');
};

/** The organisation: `sites` sites of `registersPerSite` registers each (ids `site-1`, `site1-caisse-1`...). */
export function layShop(opts: { sites: number; registersPerSite: number; seed: number }): Shop {
  const sites = Array.from({ length: opts.sites }, (_, s): Site => {
    const siteId = `site-${s + 1}`;
    return {
      siteId,
      registers: Array.from({ length: opts.registersPerSite }, (_, r) => ({ siteId, registerId: `site${s + 1}-caisse-${r + 1}` })),
      operators: Array.from({ length: 4 }, (_, o) => `op-s${s + 1}-${String(o + 1).padStart(2, '0')}`),
      admin: `adm-${hex(opts.seed, siteId)}`,
    };
  });
  return { sites, registers: sites.flatMap((s) => s.registers), superAdmin: `sadm-${hex(opts.seed, 'super')}` };
}
