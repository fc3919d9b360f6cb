/**
 * The entrants export as CSV: a header row, then one row per entrant, quoted by csv-stringify (RFC 4180:
 * fields with commas, quotes or line breaks are quoted, quotes doubled; CRLF between records), with a
 * byte-order mark so spreadsheet programs read the names as UTF-8.
 *
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula, and a
 * name is whatever someone typed: every such value gets a leading apostrophe (OWASP's advice for CSV
 * injection). One shape is let through as it is: a phone in E.164, exactly "+" and 1 to 15 digits, which
 * every stored phone is. A spreadsheet reads it as a number at most (it may drop the "+"; import the
 * column as text to keep it), never as a formula that refers to or calls anything. Anything more after a
 * "+" ("+1+2", "+44-1", "+SUM(A1)", a space, a letter) could be evaluated, and is neutralised.
 */
import { stringify, type Stringifier } from 'csv-stringify';
import type { EntrantView } from '../../model/api';

export const CSV_COLUMNS = [
  { key: 'email', header: 'email' },
  { key: 'name', header: 'name' },
  { key: 'phone', header: 'phone' },
  { key: 'enteredAt', header: 'entered_at' },
  { key: 'won', header: 'won' },
  { key: 'wonDrawId', header: 'won_draw_id' },
  { key: 'wonAt', header: 'won_at' },
  { key: 'voidedAt', header: 'voided_at' },
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A phone in E.164: "+" and 1 to 15 ASCII digits, nothing else (no line break either: `$` is the end here). */
const E164 = /^\+[0-9]{1,15}$/;

/** The value as a spreadsheet will show it, never run it. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !E164.test(value) ? `'${value}` : value;
}

export function csvStringifier(): Stringifier {
  return stringify({
    header: true,
    columns: CSV_COLUMNS.map((c) => ({ key: c.key, header: c.header })),
    record_delimiter: 'windows',
    bom: true,
    cast: { string: neutralise, boolean: (value) => (value ? 'true' : 'false') },
  });
}

/** One CSV record's values, in CSV_COLUMNS order. */
export function csvRecord(entrant: EntrantView): Record<(typeof CSV_COLUMNS)[number]['key'], string | boolean> {
  return {
    email: entrant.email,
    name: entrant.name,
    phone: entrant.phone,
    enteredAt: entrant.enteredAt,
    won: entrant.won,
    wonDrawId: entrant.wonDrawId ?? '',
    wonAt: entrant.wonAt ?? '',
    voidedAt: entrant.voidedAt ?? '',
  };
}
