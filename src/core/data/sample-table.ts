/**
 * sampleTable(source, { rows, seed }): a bounded, seeded, reproducible sample of a DataSource's
 * rows as a Table (the type readTable returns), for the checks that need rows (residual tests and
 * residual plots) on data of any size. When the source has at most `rows` rows it is every row in
 * file order, so on small data the result equals readTable's table and a check on it equals the
 * check on the whole file. Otherwise each row gets a key that is a fixed function of its 1-based
 * row number and the seed — a few rounds of integer arithmetic modulo the prime P = 2^31 - 1, with
 * a squaring for non-linearity:
 *
 *     a = (i * 48271 + s) % P,   b = (a * a + 12345) % P,   key = (b * 69621 + a) % P
 *
 * (every intermediate below 2^63, so BIGINT arithmetic is exact on any engine), and the rows with
 * the `rows` smallest (key, i) are returned in file order. A file source computes this in one SQL
 * statement of ROW_NUMBER() OVER (), %, WHERE, ORDER BY and LIMIT, and streams the result. The
 * WHERE keeps only keys below a threshold T, set so that about n + 6 sqrt(n) rows pass (the keys
 * are spread evenly over 0..P-1): the engine then sorts those ~n rows, not the file. (Without it
 * DuckDB 1.5 plans ORDER BY key LIMIT 200000 over 10^6 rows as a full sort — it keeps its top-n
 * operator for small limits — and the sort's memory grows with the file.) In the rare case that
 * fewer than n keys fall below T, it asks again with 4 T; the rows are the n smallest keys either
 * way. An in-memory source computes the same keys in JS (BigInt), so both give the same rows.
 *
 * Portability: ROW_NUMBER() OVER () (no ORDER BY) numbers rows in scan order in DuckDB (with
 * insertion order preserved, its default); Spark SQL requires an ORDER BY inside OVER and has no
 * file order, so a Spark dialect numbers rows with ROW_NUMBER() OVER (ORDER BY
 * monotonically_increasing_id()): the source's `rowNumberSql` (from its dialect's `rowNumber`),
 * `rowNumberSql` here when it has none.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DataSource } from "./data-source";
import { sqlName } from "./duckdb";
import type { Column, Table } from "./table";

export interface SampleOptions {
  /** The most rows returned (a positive integer). */
  rows: number;
  /** Any integer; the same seed gives the same rows. Default 0. */
  seed?: number;
  /** The columns read (default: every column of the source). */
  columns?: readonly string[];
}

const P = 2147483647;

/** The row-number expression (1-based, scan order) of the dialect. */
export const rowNumberSql = "ROW_NUMBER() OVER ()";

/** The seed reduced to 0..P-1 (a CausalError for a non-integer). */
function seedOf(seed: number | undefined): number {
  const s = seed ?? 0;
  if (!Number.isSafeInteger(s)) throw new CausalError(error("invalid-argument", `sample seed must be an integer, got ${s}.`));
  return ((s % P) + P) % P;
}

/** The key of 1-based row i (the formula above), in exact integer arithmetic. */
export function sampleKey(i: number, seed: number): number {
  const p = BigInt(P), a = (BigInt(i) * 48271n + BigInt(seedOf(seed))) % p;
  const b = (a * a + 12345n) % p;
  return Number((b * 69621n + a) % p);
}

/** The same key as SQL over the BIGINT column `i`. */
export function sampleKeySql(i: string, seed: number): string {
  const a = `((${i} * 48271 + ${seedOf(seed)}) % ${P})`;
  return `((((${a} * ${a} + 12345) % ${P}) * 69621 + ${a}) % ${P})`;
}

/** The sampling SQL over the view `data`: the `rows` rows of smallest (key, row) among those with key < threshold, in file order. */
export function sampleSql(names: readonly string[], rows: number, seed: number, threshold = P, quote: (name: string) => string = sqlName, rowNumber = rowNumberSql): string {
  const cols = names.map(quote).join(", ");
  const numbered = `SELECT ${cols}, CAST(${rowNumber} AS BIGINT) AS sample_row FROM data`;
  const keyed = `SELECT ${cols}, sample_row, ${sampleKeySql("sample_row", seed)} AS sample_key FROM (${numbered}) AS n`;
  const kept = `SELECT ${cols}, sample_row FROM (${keyed}) AS k WHERE sample_key < ${Math.ceil(threshold)} ORDER BY sample_key, sample_row LIMIT ${rows}`;
  return `SELECT ${cols} FROM (${kept}) AS s ORDER BY sample_row`;
}

/** The first key threshold for n of N rows: about n + 6 sqrt(n) + 16 keys fall below it. */
export function sampleThreshold(n: number, total: number): number {
  return Math.min(P, Math.ceil((P * (n + 6 * Math.sqrt(n) + 16)) / total));
}

export async function sampleTable(source: DataSource, options: SampleOptions): Promise<Table> {
  const rows = options.rows;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new CausalError(error("invalid-argument", `sample rows must be a positive integer, got ${rows}.`));
  const seed = seedOf(options.seed);
  const names = options.columns ? [...options.columns] : [...source.names];
  const kinds = names.map((n) => source.column(n));
  const n = Math.min(rows, source.rowCount);
  const values = names.map(() => new Float64Array(n));
  if (source.rowCount <= rows) {
    let at = 0;
    await source.scan(names, (cols, k) => { cols.forEach((c, j) => values[j].set(c, at)); at += k; });
  } else if (source.stream) {
    let at = 0;
    for (let threshold = sampleThreshold(n, source.rowCount); ; threshold = Math.min(P, 4 * threshold)) {
      at = 0;
      await source.stream(sampleSql(names, rows, seed, threshold, source.sqlName, source.rowNumberSql), (cols, k) => { cols.forEach((c, j) => values[j].set(c, at)); at += k; });
      if (at === n || threshold === P) break;
    }
    if (at !== n) throw new CausalError(error("internal", `${source.source ?? "data"}: the sample returned ${at} rows, expected ${n}; please report this.`));
  } else {
    // In memory: the same keys in JS; the n smallest (key, row), then back in file order.
    const keys = new Float64Array(source.rowCount);
    for (let i = 0; i < keys.length; i++) keys[i] = sampleKey(i + 1, seed);
    const order = Array.from({ length: keys.length }, (_, i) => i).sort((x, y) => keys[x] - keys[y] || x - y);
    const chosen = Uint8Array.from({ length: keys.length }, () => 0);
    for (let r = 0; r < n; r++) chosen[order[r]] = 1;
    let offset = 0, at = 0;
    await source.scan(names, (cols, k) => {
      for (let i = 0; i < k; i++) if (chosen[offset + i]) { cols.forEach((c, j) => { values[j][at] = c[i]; }); at++; }
      offset += k;
    });
  }
  const columns = new Map<string, Column>();
  names.forEach((name, j) => {
    const { kind, levels } = kinds[j];
    columns.set(name, kind === "categorical" ? { kind, values: values[j], levels: levels ?? [] } : { kind, values: values[j] });
  });
  return { ...(source.source ? { source: source.source } : {}), rowCount: n, names, columns };
}
