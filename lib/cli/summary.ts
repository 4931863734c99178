/** A plain text table for the end-of-run summaries. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((row) => row.map((c) => (c === null ? "--" : typeof c === "number" ? fmt(c) : c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  const line = (row: string[]) => row.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(1) : x.toPrecision(4);
}
