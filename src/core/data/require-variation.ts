/**
 * A mechanism learns nothing about a parent that never changes: `requireVariation` rejects a
 * constant column (one value, or one level, in every row) with a message naming the file and
 * the column. It changes nothing; it throws a CausalError or returns.
 */
import { CausalError, error } from "../errors/diagnostic";
import { tableColumn, type Table } from "./table";

export function requireVariation(table: Table, name: string, why = "a mechanism that uses it needs it to vary"): void {
  const column = tableColumn(table, name);
  const v = column.values;
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return;
  const value = v.length === 0 ? "" : column.kind === "categorical" ? ` "${column.levels[v[0]]}"` : ` ${v[0]}`;
  const where = table.source ? `${table.source}: ` : "";
  const rows = v.length === 1 ? "its only row" : `all ${v.length} rows`;
  throw new CausalError(error("constant-column", `${where}column "${name}" is constant (${v.length === 0 ? "no rows" : `${rows} hold${value}`}); ${why}.`));
}
