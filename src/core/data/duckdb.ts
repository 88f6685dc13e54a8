/**
 * The one door to the data engine. DuckDB's native module is loaded on the first call (a dynamic
 * import), so code that never reads data — the extension host, the webview, queries — never
 * loads it. Each `openDatabase` is a private in-memory database, closed by `close()`.
 * Results read by chunk (`stream`, `streamText`, `doubles`) come from DuckDB's streaming results
 * (`connection.stream`): `connection.run` materialises the whole result first, so a scan of four
 * columns of a 10^7-row file held 320 MB in DuckDB before the first chunk reached JS.
 * package.json pins the exact DuckDB version: read-table.ts reads DuckDB's CSV error text (the
 * failing line, the expected and found field counts), which is not a stable API.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from "@duckdb/node-api";

export interface Database {
  /** Runs `sql` and returns its rows as arrays of JS values (numbers, strings, null, ...). */
  rows(sql: string): Promise<unknown[][]>;
  /** Runs `sql` and returns its first column as one Float64Array (NULL would be NaN: callers reject NULLs first). */
  doubles(sql: string, length: number): Promise<Float64Array>;
  run(sql: string): Promise<void>;
  /**
   * Runs `sql` and hands its rows to `onChunk` a chunk at a time (DuckDB's vectors, 2,048 rows), every
   * column as doubles, so a result of any size passes through in flat memory.
   */
  stream(sql: string, onChunk: (columns: readonly Float64Array[], rows: number) => void): Promise<void>;
  /** As `stream`, every column as text (NULL as ""). */
  streamText(sql: string, onChunk: (columns: readonly string[][], rows: number) => void): Promise<void>;
  close(): void;
}

export async function openDatabase(): Promise<Database> {
  const duckdb = await import("@duckdb/node-api");
  const instance: DuckDBInstance = await duckdb.DuckDBInstance.create(":memory:");
  const connection: DuckDBConnection = await instance.connect();
  return {
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowsJS() as unknown[][];
    },
    async doubles(sql, length) {
      const out = new Float64Array(length);
      const result = await connection.stream(sql);
      let at = 0;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const vector = chunk.getColumnVector(0);
        for (let i = 0; i < chunk.rowCount; i++) out[at++] = toNumber(vector.getItem(i));
      }
      return out;
    },
    async run(sql) {
      await connection.run(sql);
    },
    async stream(sql, onChunk) {
      const result = await connection.stream(sql);
      const width = result.columnCount;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const n = chunk.rowCount, columns: Float64Array[] = [];
        for (let c = 0; c < width; c++) {
          const vector = chunk.getColumnVector(c), out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = toNumber(vector.getItem(i));
          columns.push(out);
        }
        onChunk(columns, n);
      }
    },
    async streamText(sql, onChunk) {
      const result = await connection.stream(sql);
      const width = result.columnCount;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const n = chunk.rowCount, columns: string[][] = [];
        for (let c = 0; c < width; c++) {
          const vector = chunk.getColumnVector(c), out = new Array<string>(n);
          for (let i = 0; i < n; i++) { const v = vector.getItem(i); out[i] = v === null ? "" : String(v); }
          columns.push(out);
        }
        onChunk(columns, n);
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function toNumber(v: DuckDBValue): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : v === null ? NaN : Number(v);
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A SQL identifier. */
export function sqlName(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
