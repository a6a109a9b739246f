/**
 * Plain-text tables for the terminal: a title, a header row, aligned columns (numbers to the right), and
 * optional notes under the table that say how its figures were computed.
 */

export type Cell = string | number | boolean | null | undefined;

export interface Table {
  title: string;
  headers: string[];
  rows: Cell[][];
  notes?: string[];
}

/** Milliseconds as a short readable figure: "850 ms", "12.3 s", "2 min 05 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatCell(cell: Cell): string {
  if (cell === null || cell === undefined) return "–";
  if (typeof cell === "boolean") return cell ? "✓" : "✗";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return "–";
    return Number.isInteger(cell) ? String(cell) : cell.toFixed(2);
  }
  return cell;
}

function isNumeric(text: string): boolean {
  return /^[-+]?[\d.]+([–-][\d.]+)?( ?(ms|s|MB|x|%|\/s))?$/.test(text);
}

export function renderTable(table: Table): string {
  const body = table.rows.map((row) => row.map(formatCell));
  const widths = table.headers.map((h, i) =>
    Math.max([...h].length, ...body.map((row) => [...(row[i] ?? "")].length)),
  );
  const pad = (text: string, i: number, right: boolean) => {
    const gap = " ".repeat(Math.max(0, widths[i]! - [...text].length));
    return right ? gap + text : text + gap;
  };
  const line = (cells: string[], header: boolean) =>
    cells.map((c, i) => pad(c, i, !header && i > 0 && isNumeric(c))).join("  ");
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const out = [table.title, rule, line(table.headers, true), rule, ...body.map((r) => line(r, false)), rule];
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.map((l) => l.trimEnd()).join("\n");
}
