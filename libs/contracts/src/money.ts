import { z } from 'zod';

/** Euros with at most 2 decimals, as they travel in events. Internally services keep integer cents. */
export const Euros = z
  .number()
  .finite()
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must have at most 2 decimals');
export const NonNegativeEuros = Euros.refine((v) => v >= 0, 'must not be negative');

export function eurosToCents(euros: number): number {
  return Math.round(euros * 100);
}

export function centsToEuros(cents: number): number {
  return Math.round(cents) / 100;
}

/** `12,50 €` as the French UI and messages write amounts. */
export function formatEuros(euros: number): string {
  const cents = eurosToCents(euros);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')} €`;
}
