/** Export of an audit trail as CSV, safe to open in a spreadsheet. */

import { stringify } from "csv-stringify/sync";
import type { AuditEntry } from "./store.ts";
import { type AuditNames, describeAudit } from "./audit_words.ts";

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV
 * injection"); tab and carriage return count too in some spreadsheets.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a would-be formula with a quote so the spreadsheet shows it as text. */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * The entries as CSV with a header row: time (ISO 8601 UTC; the first time of
 * collapsed repeats), last_time and count (how often it happened, 1 unless
 * repeats were collapsed), who and what in plain words (audit_words.ts), and the
 * machine codes each in a column of its own: actor, action, detail.
 */
export function auditToCsv(entries: readonly AuditEntry[], names: AuditNames): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = entries.map((e) => {
    const { who, what } = describeAudit(e, names);
    return [iso(e.at), iso(e.lastAt), String(e.count), who, what, e.actor, e.action, e.detail ?? ""]
      .map(neutralizeFormula);
  });
  return stringify(rows, {
    header: true,
    columns: ["time", "last_time", "count", "who", "what", "actor", "action", "detail"],
    // RFC 4180 line ends; a bare CR or LF inside a cell still gets the cell quoted.
    record_delimiter: "windows",
    quoted_match: /[\r\n]/,
  });
}
