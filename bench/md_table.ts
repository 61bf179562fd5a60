/** A markdown table with padded columns (readable on a terminal too); the first row is the head. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`]
    .concat(rows.slice(1).map(line)).join("\n");
}

/** A figure, or "–" where there is none. */
export const fmt = (
  x: number | null | undefined,
) => (x === null || x === undefined ? "–" : String(x));
