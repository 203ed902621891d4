import type { AnomalyListResponse } from '@vigie/contracts';

export const LIST_LIMIT = 200;

export async function fetchAnomalies(origin = '', fetchImpl: typeof fetch = fetch): Promise<AnomalyListResponse> {
  const res = await fetchImpl(`${origin}/api/anomalies?limit=${LIST_LIMIT}`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/anomalies: HTTP ${res.status}`);
  return (await res.json()) as AnomalyListResponse;
}
