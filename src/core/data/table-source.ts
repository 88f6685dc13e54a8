/**
 * A DataSource over one table of a SQL engine (sql-connection.ts): the data stay in the engine, and
 * the statistics-backed checks send it their aggregates (source-statistics.ts), so a table of any
 * size on a cluster is diagnosed without moving its rows. `openTableStatistics` is the short way to
 * the StatisticsProvider the checks take.
 *
 * Opening reads the table's column types (no rows) and runs one aggregate pass: the row count and,
 * per variable, its bad cells (NULL, NaN, ±Infinity; for a text column, a value outside its levels)
 * and its minimum and maximum. A bad cell is a CausalError naming the table, the column and a value.
 * Numeric, integer and boolean columns become doubles; a text column is categorical, its levels
 * declared (`levels`) or its distinct values in code-unit order (an engine has no first-seen order,
 * so declare them to match a CSV's order). Every query the source runs is wrapped as
 * `WITH data AS (SELECT CAST(column AS DOUBLE) AS variable, ... FROM table) <query>`, so the
 * statistics queries over `data` run unchanged and nothing is created on the engine.
 *
 *     const connection = await connectSpark({ host: "spark.example", port: 10000 });
 *     const stats = await openTableStatistics(connection, "warehouse.wages", { columns: ["educ", "wage"] });
 *     try { await environmentStabilityFromStatistics(model, stats, { environment: "region" }); } finally { await connection.close(); }
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DataSource, SourceColumn } from "./data-source";
import { constantColumnError } from "./require-variation";
import type { SqlConnection, SqlValue } from "./sql-connection";
import { statisticsProvider, type SourceStatistics } from "./source-statistics";

export interface TableSourceOptions {
  /** The variables read (default: every column of the table). */
  columns?: readonly string[];
  /** Variable name -> the table's column name, where they differ. */
  map?: Readonly<Record<string, string>>;
  /** Declared levels of text columns, in index order (a value outside them is an error). */
  levels?: Readonly<Record<string, readonly string[]>>;
  /** A text column with more distinct values than this is refused (default 1000). */
  maxLevels?: number;
}

/** The table's name as the connection's dialect quotes it: "db.table" becomes `db`.`table` (names with a dot inside: pass them pre-quoted). */
function quoteTable(connection: SqlConnection, table: string): string {
  if (/[`"[]/.test(table)) return table;
  return table.split(".").map((part) => connection.dialect.quoteName(part)).join(".");
}

export async function openTableSource(connection: SqlConnection, table: string, options: TableSourceOptions = {}): Promise<DataSource> {
  const { quoteName: q, quoteString } = connection.dialect;
  const where = `${connection.label}, table ${table}`;
  // The engine's message, first line, without the connection's own "label: " prefix.
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(`${connection.label}: `, "");
  const relation = quoteTable(connection, table);
  const run = async (sql: string) => {
    try {
      return await connection.rows(sql);
    } catch (e) {
      if (e instanceof CausalError) throw e;
      throw new CausalError(error("unreadable-data-file", `${where}: ${why(e)}`));
    }
  };
  const described = await (async () => {
    try { return await connection.describe(relation); } catch (e) {
      throw new CausalError(error("unreadable-data-file", `${where}: cannot read the table (${why(e)}); check its name (database.table) and that this user may read it.`));
    }
  })();
  const byName = new Map(described.map((c) => [c.name, c]));
  const names = [...(options.columns ?? described.map((c) => c.name))];
  if (new Set(names).size !== names.length) throw new CausalError(error("invalid-argument", `${where}: a variable is named twice in columns (${names.join(", ")})`));
  const columns = new Map<string, SourceColumn & { sql: string; column: string }>();
  for (const variable of names) {
    const column = options.map?.[variable] ?? variable, c = byName.get(column);
    if (!c) throw new CausalError(error("missing-column", `${where}: no column "${column}"${column !== variable ? ` (for variable "${variable}")` : ""} (the table has: ${described.map((d) => d.name).join(", ") || "no columns"}).`));
    const declared = options.levels?.[variable];
    if (declared && new Set(declared).size !== declared.length) throw new CausalError(error("invalid-argument", `${where}: the declared levels of "${variable}" repeat a name (${declared.join(", ")})`));
    if (c.type === "string" || declared) {
      const text = c.type === "string" ? q(column) : `CAST(${q(column)} AS STRING)`;
      let levels = declared ? [...declared] : undefined;
      if (!levels) {
        const limit = options.maxLevels ?? 1000;
        const found = (await run(`SELECT DISTINCT ${text} FROM ${relation} WHERE ${text} IS NOT NULL LIMIT ${limit + 1}`)).map((r) => String(r[0]));
        if (found.length > limit) throw new CausalError(error("invalid-data", `${where}: column "${column}" is text with more than ${limit} distinct values; a categorical variable needs few levels (declare them with levels, or store the column as a number).`));
        levels = found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      }
      const cases = levels.map((l, k) => `WHEN ${quoteString(l)} THEN ${k}`).join(" ");
      columns.set(variable, { kind: "categorical", levels, column, sql: levels.length ? `CASE ${text} ${cases} END` : "CAST(NULL AS DOUBLE)" });
    } else if (c.type === "double" || c.type === "integer" || c.type === "boolean") {
      columns.set(variable, { kind: c.type === "double" ? "numeric" : "integer", column, sql: `CAST(${q(column)} AS DOUBLE)` });
    } else {
      throw new CausalError(error("invalid-data", `${where}: column "${column}" has type ${c.engineType}, which is not a number, a boolean or text; cast it in a view, or leave it out of columns.`));
    }
  }
  const nan = "CAST('NaN' AS DOUBLE)", inf = "CAST('Infinity' AS DOUBLE)", ninf = "CAST('-Infinity' AS DOUBLE)";
  // NaN = NaN is true in DuckDB and Spark (NaN sorts as one value); NOT (v = v) catches it in IEEE engines.
  const bad = (e: string) => `(${e}) IS NULL OR NOT ((${e}) = (${e})) OR (${e}) IN (${nan}, ${inf}, ${ninf})`;
  const list = names.map((n) => columns.get(n)!);
  const first = (await run(`SELECT COUNT(*)${list.map((c) => `, SUM(CASE WHEN ${bad(c.sql)} THEN 1 ELSE 0 END), MIN(${c.sql}), MAX(${c.sql})`).join("")} FROM ${relation}`))[0];
  const rowCount = Number(first[0]);
  if (!(rowCount > 0)) throw new CausalError(error("invalid-data", `${where}: the table has no rows.`));
  const range = new Map<string, [number, number]>();
  for (let i = 0; i < list.length; i++) {
    const c = list[i], badCount = Number(first[1 + 3 * i] ?? 0);
    if (badCount > 0) {
      const example = (await run(`SELECT ${q(c.column)} FROM ${relation} WHERE ${bad(c.sql)} LIMIT 1`))[0]?.[0];
      const what = c.kind === "categorical" ? (example === null ? "empty (NULL)" : `"${String(example)}", not one of its levels (${c.levels!.join(", ")})`) : describeBad(example);
      throw new CausalError(error("invalid-data", `${where}: column "${c.column}" has ${badCount} of ${rowCount} rows that are not usable; one is ${what}. Filter or fill them in a view and read the view.`));
    }
    range.set(names[i], [Number(first[2 + 3 * i]), Number(first[3 + 3 * i])]);
  }
  const view = `WITH data AS (SELECT ${names.map((n) => `${columns.get(n)!.sql} AS ${q(n)}`).join(", ")} FROM ${relation}) `;
  const lookup = (name: string) => {
    const c = columns.get(name);
    if (c) return c;
    throw new CausalError(error("missing-column", `${where}: no column "${name}" (the data have: ${names.join(", ") || "no columns"}).`));
  };
  const stream: NonNullable<DataSource["stream"]> = async (sql, onChunk) => {
    try {
      await connection.stream(view + sql, onChunk);
    } catch (e) {
      if (e instanceof CausalError) throw e;
      throw new CausalError(error("unreadable-data-file", `${where}: ${why(e)}`));
    }
  };
  const scan: DataSource["scan"] = (want, onChunk) => {
    for (const n of want) lookup(n);
    return stream(`SELECT ${want.map(q).join(", ") || "1"} FROM data`, onChunk);
  };
  const levelName = (name: string, v: number) => { const c = lookup(name); return c.levels ? `"${c.levels[v]}"` : `${v}`; };
  return {
    source: `${connection.label}, table ${table}`,
    rowCount, names,
    column: (name) => { const { kind, levels } = lookup(name); return levels ? { kind, levels } : { kind }; },
    sql: (query) => run(view + query),
    sqlName: q,
    ...(connection.dialect.rowNumber ? { rowNumberSql: connection.dialect.rowNumber } : {}),
    stream,
    scan,
    centre: (name) => {
      const c = lookup(name), r = range.get(name)!;
      const m = (r[0] + r[1]) / 2;
      return c.kind !== "categorical" && Number.isFinite(m) ? m : undefined;
    },
    range: (name) => {
      const c = lookup(name), [min, max] = range.get(name)!;
      return c.kind !== "categorical" && Number.isFinite(min) && Number.isFinite(max) ? { min, max } : undefined;
    },
    async requireVariation(want, why) {
      for (const n of want) {
        lookup(n);
        const [lo, hi] = range.get(n)!;
        if (lo === hi) throw constantColumnError(where, n, rowCount, levelName(n, lo), why?.(n));
      }
    },
    async requireValues(name, check) {
      lookup(name);
      const count = Number((await run(`${view}SELECT COUNT(*) FROM (SELECT ${q(name)} AS v FROM data) AS t WHERE ${check.sqlInvalid}`))[0][0]);
      if (count === 0) return;
      let value = NaN, found = false;
      await scan([name], ([col], n) => { for (let i = 0; i < n && !found; i++) if (!check.valid(col[i])) { value = col[i]; found = true; } });
      throw new CausalError(error("invalid-data", `${where}: column "${lookup(name).column}", ${count} of ${rowCount} rows: ${check.what(value)}.`));
    },
    close() {},
  };
}

function describeBad(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return "empty (NULL)";
  const x = Number(v);
  return Number.isNaN(x) ? "NaN (not a number)" : `${x} (not finite)`;
}

/** The statistics of a table for the SQL-backed checks (statisticsProvider over openTableSource); the connection stays open for its owner. */
export async function openTableStatistics(connection: SqlConnection, table: string, options: TableSourceOptions = {}): Promise<SourceStatistics> {
  return statisticsProvider(await openTableSource(connection, table, options));
}
