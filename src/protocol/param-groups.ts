/**
 * How a fitted-params table is shown (the CLI's train table and the training panel): rows grouped
 * by param, a vector's entries `name[i]` together; a group of more than six numbers without
 * standard errors (a net's weights) is summarised as its size and range, since a thousand rows of
 * weights tell a reader nothing (every value stays in the parameters file).
 */
export interface ParamRowLike {
  name: string;
  value: number;
  /** null: there is one, but it could not be computed (a singular information matrix). */
  standardError?: number | null;
}

export type ParamGroup<R extends ParamRowLike> =
  | { kind: "rows"; name: string; rows: R[] }
  | { kind: "summary"; name: string; count: number; min: number; max: number };

export const MAX_ROWS_WITHOUT_SE = 6;

export function groupParamRows<R extends ParamRowLike>(table: readonly R[]): ParamGroup<R>[] {
  const groups: { name: string; rows: R[] }[] = [];
  for (const row of table) {
    const name = row.name.replace(/\[\d+\]$/, "");
    const last = groups[groups.length - 1];
    if (last && last.name === name) last.rows.push(row);
    else groups.push({ name, rows: [row] });
  }
  return groups.map((g) => {
    if (g.rows.length <= MAX_ROWS_WITHOUT_SE || g.rows.some((r) => r.standardError !== undefined)) return { kind: "rows", ...g };
    const v = g.rows.map((r) => r.value);
    return { kind: "summary", name: g.name, count: v.length, min: Math.min(...v), max: Math.max(...v) };
  });
}
