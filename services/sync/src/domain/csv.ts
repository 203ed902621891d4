export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

const NUMERIC_TEXT = /^[+-]?\d+([.,]\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The columns of `rows`: every key, in the order it first appears, so rows with different keys
 * still share one header (missing cells stay empty).
 */
export function columnsOf(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/**
 * RFC 4180 CSV: a header line, comma separators, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break.
 */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => quote(c)), ...rows.map((row) => columns.map((c) => quote(cellText(row[c]))))];
  return lines.map((fields) => fields.join(',') + '\r\n').join('');
}

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  // Exports are opened in spreadsheets, which run a cell starting with = + - @ as a formula
  // (https://owasp.org/www-community/attacks/CSV_Injection); numbers written as text stay as they are.
  return FORMULA_START.test(cell) && !NUMERIC_TEXT.test(cell) ? `'${cell}` : cell;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
