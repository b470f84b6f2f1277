/** A cell a spreadsheet would run as a formula (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * One CSV cell per RFC 4180 (always quoted, quotes doubled); text that a
 * spreadsheet would read as a formula gets a leading `'`.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '""';
  const text = String(value);
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV record, CRLF-terminated as RFC 4180 has it. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
