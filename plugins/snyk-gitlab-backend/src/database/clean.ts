// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\t\n\r]/g;

/**
 * Text fit for any column: well-formed UTF-16 (valid UTF-8 once encoded), no
 * NUL or other control characters (line breaks too unless `multiline`), at
 * most `max` characters. PostgreSQL refuses what SQLite would store.
 */
export function cleanText(
  value: string,
  max?: number,
  options: { multiline?: boolean } = {},
): string {
  let out = value.toWellFormed().replace(CONTROL, '');
  if (!options.multiline) out = out.replace(LINE_BREAKS, ' ');
  return max !== undefined && out.length > max ? out.slice(0, max) : out;
}

/** Whether a text would pass {@link cleanText} unchanged. */
export function isCleanText(value: string, max: number): boolean {
  return cleanText(value, max) === value;
}
