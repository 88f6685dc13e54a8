/**
 * SqlConnection: a connection to a SQL engine that holds the data, so the statistics-backed checks
 * run where the data lives. It does three things: run a statement and return its rows (numbers,
 * text, booleans, NULL), stream a query's rows as doubles a chunk at a time, and say a relation's
 * column types. Its dialect says how the engine quotes identifiers and strings; everything else the
 * statistics queries use is plain SQL both engines read alike (SUM, COUNT, EXP, CASE, CAST(... AS
 * DOUBLE), GROUP BY, WITH). table-source.ts makes a DataSource of one table over any connection.
 *
 * Two implementations: `duckdbConnection` (an in-memory DuckDB, duckdb.ts; what CI tests) and
 * `connectSpark` (spark-connection.ts: Spark SQL's Thrift server over HiveServer2). Another engine
 * plugs in by implementing this interface (its dialect, `rows`, `stream`, `describe`, `close`).
 *
 *     const connection = await duckdbConnection();
 *     await connection.rows(`CREATE TABLE t AS SELECT * FROM read_csv('data.csv')`);
 *     const source = await openTableSource(connection, "t");
 */
import { openDatabase, sqlName, sqlString, type Database } from "./duckdb";
import { FLOAT_TYPES, INTEGER_TYPES } from "./read-table";

export type SqlValue = number | string | boolean | null;

/** A column's type as the statistics see it: a double, an integer, a boolean, text, or something else (dates, arrays, ...). */
export type SqlColumnType = "double" | "integer" | "boolean" | "string" | "other";

export interface SqlColumn {
  name: string;
  type: SqlColumnType;
  /** The engine's own name for the type, for messages. */
  engineType: string;
}

export interface SqlDialect {
  readonly name: string;
  /** An identifier (column or table name part), quoted. */
  quoteName(name: string): string;
  /** A string literal. */
  quoteString(value: string): string;
  /** The 1-based row number of each row in the relation's order (sample-table.ts); absent: ROW_NUMBER() OVER (). */
  readonly rowNumber?: string;
}

/** DuckDB (and standard SQL): "name", 'it''s'. */
export const DUCKDB_DIALECT: SqlDialect = { name: "duckdb", quoteName: sqlName, quoteString: sqlString };

/**
 * Spark SQL (and Hive): `name`, and a string literal with backslash escapes ('it\'s'). Double quotes
 * are string literals in Spark unless ANSI double-quoted identifiers are on: `SELECT "x"` returns
 * the text x, not the column, so the DuckDB quoting must never reach Spark.
 */
export const SPARK_DIALECT: SqlDialect = {
  name: "spark",
  quoteName: (name) => `\`${name.replace(/`/g, "``")}\``,
  quoteString: (value) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
  // Spark's window functions need an order: the ids are increasing in the order Spark reads the rows.
  rowNumber: "ROW_NUMBER() OVER (ORDER BY monotonically_increasing_id())",
};

export interface SqlConnection {
  /** The engine and where it is, for messages: "DuckDB (in memory)", "Spark SQL at host:10000". */
  readonly label: string;
  readonly dialect: SqlDialect;
  /** Runs one statement; its rows (none for DDL). BIGINT values arrive as doubles. */
  rows(sql: string): Promise<SqlValue[][]>;
  /** Runs a query and hands its rows to `onChunk` a chunk at a time, every column as doubles (NULL is NaN). */
  stream(sql: string, onChunk: (columns: readonly Float64Array[], rows: number) => void): Promise<void>;
  /** The columns of a relation (a quoted table name, or a parenthesised query), in order. */
  describe(relation: string): Promise<SqlColumn[]>;
  close(): Promise<void>;
}

/** DuckDB's type names as SqlColumnType (DESCRIBE's column_type). */
export function duckdbColumnType(type: string): SqlColumnType {
  if (FLOAT_TYPES.test(type)) return "double";
  if (INTEGER_TYPES.test(type)) return "integer";
  if (type === "BOOLEAN") return "boolean";
  if (type === "VARCHAR") return "string";
  return "other";
}

/**
 * A SqlConnection over DuckDB: a new in-memory database, or `database` (then close() leaves it
 * open for its owner). Tables are made with DuckDB's own SQL (CREATE TABLE ... AS SELECT * FROM read_csv(...)).
 */
export async function duckdbConnection(database?: Database): Promise<SqlConnection> {
  const db = database ?? (await openDatabase());
  const cell = (v: unknown): SqlValue => (v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : typeof v === "bigint" ? Number(v) : String(v));
  return {
    label: "DuckDB (in memory)",
    dialect: DUCKDB_DIALECT,
    async rows(sql) {
      return (await db.rows(sql)).map((row) => row.map(cell));
    },
    stream: (sql, onChunk) => db.stream(sql, onChunk),
    async describe(relation) {
      const rows = await db.rows(`DESCRIBE SELECT * FROM ${relation}`);
      return rows.map((r) => ({ name: String(r[0]), type: duckdbColumnType(String(r[1])), engineType: String(r[1]) }));
    },
    async close() {
      if (!database) db.close();
    },
  };
}
