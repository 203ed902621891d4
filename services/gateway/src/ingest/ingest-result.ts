import type { IngestRefusal } from './admit-event';

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';

/** The outcome of one event of a request, at the position it had in the batch. */
export interface IngestItemResult {
  index: number;
  id?: string;
  status: IngestStatus;
  /** Where the event is stored (accepted and duplicate): JetStream stream name and sequence. */
  stream?: string;
  seq?: number;
  error?: IngestRefusal;
}

/** Body of every `POST /api/events` answer that got as far as looking at the events. */
export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: IngestItemResult[];
}

/**
 * 200 when every event is stored (new or already there), 400 when none is, 207 otherwise. A client
 * retrying a 207 batch as is gets 207 again: its stored events come back as duplicates.
 */
export function ingestResponse(results: IngestItemResult[]): { status: 200 | 207 | 400; body: IngestResponse } {
  const count = (status: IngestStatus) => results.filter((r) => r.status === status).length;
  const body = { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results };
  const stored = body.accepted + body.duplicates;
  const status = body.rejected === 0 ? 200 : stored === 0 ? 400 : 207;
  return { status, body };
}

export function rejectedResult(index: number, error: IngestRefusal, id?: string): IngestItemResult {
  return { index, ...(id ? { id } : {}), status: 'rejected', error };
}

export function storedResult(
  index: number,
  id: string,
  status: Exclude<IngestStatus, 'rejected'>,
  where: { stream: string; seq: number },
): IngestItemResult {
  return { index, id, status, stream: where.stream, seq: where.seq };
}
