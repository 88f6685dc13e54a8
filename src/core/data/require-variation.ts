/**
 * A mechanism learns nothing about a parent that never changes: `requireVariation` rejects a
 * constant column (one value, or one level, in every row) with a message naming the file and
 * the column. It changes nothing; it throws a CausalError or returns. DataSource checks the same
 * in SQL and words it with `constantColumnError`.
 */
import { CausalError, error } from "../errors/diagnostic";
import { tableColumn, type Table } from "./table";

export function requireVariation(table: Table, name: string, why = "a mechanism that uses it needs it to vary"): void {
  const column = tableColumn(table, name);
  const v = column.values;
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return;
  const value = v.length === 0 ? undefined : column.kind === "categorical" ? `"${column.levels[v[0]]}"` : `${v[0]}`;
  throw constantColumnError(table.source, name, v.length, value, why);
}

/** The error for column `name` holding `value` (already worded: a number or a quoted level) in all `rows` rows. */
export function constantColumnError(source: string | undefined, name: string, rows: number, value: string | undefined, why = "a mechanism that uses it needs it to vary"): CausalError {
  const where = source ? `${source}: ` : "";
  const all = rows === 1 ? "its only row" : `all ${rows} rows`;
  return new CausalError(error("constant-column", `${where}column "${name}" is constant (${rows === 0 || value === undefined ? "no rows" : `${all} hold ${value}`}); ${why}.`));
}
