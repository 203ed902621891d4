import { columnsOf, toCsv, type Row } from '../../domain/csv';
import type { ExportBatch } from '../../targets/target';

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/** The CSV a run sends, built once so that every attempt sends the same bytes under the same name. */
export function exportBatch(runId: string, target: string, startedAt: Date, rows: readonly Row[]): ExportBatch {
  return {
    runId,
    target,
    fileName: `${target}-${stamp(startedAt)}-${runId}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: new TextEncoder().encode(toCsv(columnsOf(rows), rows)),
    itemCount: rows.length,
  };
}
