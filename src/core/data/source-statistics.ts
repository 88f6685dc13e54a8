/**
 * The statistics the misspecification checks read, over a DataSource (the "by shape" side of
 * criticism/statistics-provider.ts; the data layer imports nothing of criticism). Separate from
 * sufficient-statistics.ts, whose sums serve the fitters.
 */
import { CausalError, error } from "../errors/diagnostic";
import { type DataSource, openDataSource } from "./data-source";
import { sqlName } from "./duckdb";
import type { ReadTableOptions } from "./read-table";

/**
 * The statistics criticism reads (criticism/statistics-provider.ts, matched here by shape so the
 * data layer imports nothing of criticism): weighted moment matrices of [1, features] per group,
 * contingency counts and distinct values. A file source computes them in one SQL aggregate each,
 * in plain portable SQL (SUM, COUNT, EXP, CAST(... AS DOUBLE), GROUP BY; nothing engine-only), so a
 * 10^7-row file is summarised with flat memory; computed features (a function of a row) and
 * in-memory sources stream the rows by chunks and sum the same terms in JS.
 */
export type StatisticsWeight = { kind: "one" } | { kind: "tilt"; column: string; centre: number; scale: number; t: number };

export interface StatisticsMomentsRequest {
  columns: readonly string[];
  /** Indicator features after the columns: 1 where the column equals the value, else 0. */
  indicators?: readonly { column: string; value: number }[];
  features?: { count: number; of(row: Readonly<Record<string, number>>): Float64Array };
  weights?: readonly StatisticsWeight[];
  groupBy?: string;
  shift?: Float64Array;
}

export interface StatisticsGroupMoments {
  group: number | null;
  n: number;
  m: Float64Array[];
  sumW2: number[];
}

export interface SourceStatistics {
  readonly source?: string;
  readonly rowCount: number;
  readonly names: readonly string[];
  kind(name: string): { kind: "numeric" | "integer" | "categorical"; levels?: readonly string[] };
  distinct(name: string, limit: number): Promise<number[]>;
  moments(request: StatisticsMomentsRequest): Promise<StatisticsGroupMoments[]>;
  counts(columns: readonly string[]): Promise<{ keys: number[][]; counts: number[] }>;
  /** Forces the streamed path even where SQL is possible (tests compare the two). */
  readonly path: "sql" | "scan";
}

/** A portable double literal: CAST('v' AS DOUBLE) (the shortest round-trip text, so exact). */
export function portableDouble(v: number): string {
  return `CAST('${v}' AS DOUBLE)`;
}

function weightSql(w: StatisticsWeight, q: (name: string) => string): string {
  return w.kind === "one" ? "1" : `EXP(${portableDouble(w.t)} * (${q(w.column)} - ${portableDouble(w.centre)}) / ${portableDouble(w.scale)})`;
}

function weightJs(w: StatisticsWeight): (row: Readonly<Record<string, number>>) => number {
  if (w.kind === "one") return () => 1;
  const { column, centre, scale, t } = w;
  return (row) => Math.exp((t * (row[column] - centre)) / scale);
}

export function statisticsProvider(source: DataSource, path?: "sql" | "scan"): SourceStatistics {
  const useSql = path !== "scan" && source.sql !== undefined;
  const q = source.sqlName ?? sqlName;
  return {
    ...(source.source ? { source: source.source } : {}),
    rowCount: source.rowCount,
    names: source.names,
    path: useSql ? "sql" : "scan",
    kind: (name) => { const c = source.column(name); return { kind: c.kind, ...(c.levels ? { levels: c.levels } : {}) }; },
    async distinct(name, limit) {
      const column = source.column(name);
      if (useSql) return distinctSql(source, q(name), name, column.kind, Math.floor(limit) + 1);
      const seen = new Set<number>();
      await source.scan([name], (cols, n) => { for (let i = 0; i < n && seen.size <= limit; i++) seen.add(cols[0][i]); });
      return [...seen].sort((a, b) => a - b).slice(0, limit + 1);
    },
    moments: (r) => {
      if (r.features && r.indicators?.length) throw new CausalError(error("invalid-argument", "moments: computed features and indicators cannot be combined"));
      return useSql && !r.features ? momentsSql(source, r) : momentsScan(source, r);
    },
    async counts(columns) {
      for (const c of columns) source.column(c);
      if (useSql) {
        const keys = columns.map(q).join(", ");
        const rows = await source.sql!(`SELECT ${keys}, COUNT(*) FROM data GROUP BY ${keys}`);
        return { keys: rows.map((r) => r.slice(0, columns.length).map(Number)), counts: rows.map((r) => Number(r[columns.length])) };
      }
      const index = new Map<string, number>(), keys: number[][] = [], counts: number[] = [];
      await source.scan(columns, (cols, n) => {
        for (let i = 0; i < n; i++) {
          const key = cols.map((c) => c[i]);
          const id = key.join(",");
          let k = index.get(id);
          if (k === undefined) { index.set(id, (k = keys.length)); keys.push(key); counts.push(0); }
          counts[k]++;
        }
      });
      return { keys, counts };
    },
  };
}

/** Integer columns spanning fewer values than this, categorical ones and large limits are read by GROUP BY. */
const GROUP_BY_SPAN = 65536;

/**
 * The `k` smallest distinct values of a column (quoted `x`) in flat memory. A GROUP BY's hash
 * table holds every distinct value before its LIMIT applies — 10^7 entries (~500 MiB) for a
 * continuous column of a 10^7-row file, which is what a check asking "more than 10 values?" read.
 * So GROUP BY serves only columns whose distinct values are few by construction (categorical level
 * indices, integers of a small range) or when many values are asked for; otherwise a top-n of the
 * k smallest rows (ORDER BY ... LIMIT k: the engine keeps k rows), repeated above the largest value
 * seen while ties leave fewer than k distinct values. A continuous column takes one pass; a column
 * of a few repeated non-integer values one pass per value.
 */
async function distinctSql(source: DataSource, x: string, name: string, kind: string, k: number): Promise<number[]> {
  const r = source.range?.(name);
  if (kind === "categorical" || k > 1001 || (kind === "integer" && r !== undefined && r.max - r.min < GROUP_BY_SPAN)) {
    const rows = await source.sql!(`SELECT ${x} FROM data GROUP BY ${x} ORDER BY ${x} LIMIT ${k}`);
    return rows.map((row) => Number(row[0]));
  }
  const found: number[] = [];
  for (let above: number | undefined; ;) {
    const rows = await source.sql!(`SELECT ${x} FROM data${above === undefined ? "" : ` WHERE ${x} > ${portableDouble(above)}`} ORDER BY ${x} LIMIT ${k}`);
    for (const row of rows) {
      const v = Number(row[0]);
      if (found.length === 0 || v !== found[found.length - 1]) found.push(v);
      if (found.length === k) return found;
    }
    if (rows.length < k) return found;
    above = found[found.length - 1];
  }
}

async function momentsSql(source: DataSource, r: StatisticsMomentsRequest): Promise<StatisticsGroupMoments[]> {
  const ind = r.indicators ?? [], d = r.columns.length + ind.length, m = d + 1, weights = r.weights ?? [{ kind: "one" }];
  const shift = r.shift ?? new Float64Array(d), q = source.sqlName ?? sqlName;
  for (const c of [...r.columns, ...ind.map((i) => i.column)]) source.column(c);
  const inner = [
    ...(r.groupBy ? [`${q(r.groupBy)} AS g`] : []),
    ...r.columns.map((c, j) => `${q(c)} - ${portableDouble(shift[j])} AS f${j + 1}`),
    ...ind.map((i, j) => `CASE WHEN ${q(i.column)} = ${portableDouble(i.value)} THEN 1 ELSE 0 END - ${portableDouble(shift[r.columns.length + j])} AS f${r.columns.length + j + 1}`),
    ...weights.map((w, k) => `${weightSql(w, q)} AS w${k}`),
  ];
  const z = (a: number) => (a === 0 ? "" : ` * f${a}`);
  const aggs = ["COUNT(*)"];
  weights.forEach((_, k) => {
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) aggs.push(`SUM(w${k}${z(a)}${z(b)})`);
    aggs.push(`SUM(w${k} * w${k})`);
  });
  const query = `SELECT ${r.groupBy ? "g, " : ""}${aggs.join(", ")} FROM (SELECT ${inner.join(", ")} FROM data) AS t${r.groupBy ? " GROUP BY g ORDER BY g" : ""}`;
  const rows = await source.sql!(query);
  return rows.map((raw) => {
    const row = raw.map((v) => (v === null ? 0 : Number(v)));
    let at = r.groupBy ? 1 : 0;
    const group = r.groupBy ? row[0] : null, n = row[at++];
    const ms: Float64Array[] = [], sumW2: number[] = [];
    for (let k = 0; k < weights.length; k++) {
      const M = new Float64Array(m * m);
      for (let a = 0; a < m; a++) for (let b = a; b < m; b++) { M[a * m + b] = row[at]; M[b * m + a] = row[at++]; }
      ms.push(M);
      sumW2.push(row[at++]);
    }
    return { group, n, m: ms, sumW2 };
  });
}

async function momentsScan(source: DataSource, r: StatisticsMomentsRequest): Promise<StatisticsGroupMoments[]> {
  const ind = r.indicators ?? [], dc = r.features ? r.features.count : r.columns.length, d = dc + ind.length, m = d + 1, weights = r.weights ?? [{ kind: "one" }];
  const shift = r.shift ?? new Float64Array(d);
  const extra = [...ind.map((i) => i.column), ...weights.flatMap((w) => (w.kind === "tilt" && !r.columns.includes(w.column) ? [w.column] : [])), ...(r.groupBy && !r.columns.includes(r.groupBy) ? [r.groupBy] : [])];
  const names = [...r.columns, ...new Set(extra.filter((c) => !r.columns.includes(c)))];
  const wf = weights.map(weightJs);
  const groups = new Map<number | null, StatisticsGroupMoments>();
  const row: Record<string, number> = {};
  const z = new Float64Array(m);
  z[0] = 1;
  await source.scan(names, (cols, n) => {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < names.length; c++) row[names[c]] = cols[c][i];
      if (r.features) {
        const f = r.features.of(row);
        for (let j = 0; j < d; j++) {
          if (!Number.isFinite(f[j])) throw new CausalError(error("invalid-data", `${source.source ? `${source.source}: ` : ""}a computed feature is ${f[j]}, not a finite number`));
          z[j + 1] = f[j] - shift[j];
        }
      } else for (let j = 0; j < dc; j++) z[j + 1] = cols[j][i] - shift[j];
      for (let j = 0; j < ind.length; j++) z[dc + j + 1] = (row[ind[j].column] === ind[j].value ? 1 : 0) - shift[dc + j];
      const key = r.groupBy ? row[r.groupBy] : null;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { group: key, n: 0, m: weights.map(() => new Float64Array(m * m)), sumW2: weights.map(() => 0) }));
      g.n++;
      for (let k = 0; k < wf.length; k++) {
        const w = wf[k](row), M = g.m[k];
        g.sumW2[k] += w * w;
        for (let a = 0; a < m; a++) { const wa = w * z[a]; for (let b = a; b < m; b++) M[a * m + b] += wa * z[b]; }
      }
    }
  });
  const out = [...groups.values()].sort((a, b) => (a.group ?? 0) - (b.group ?? 0));
  for (const g of out) for (const M of g.m) for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) M[a * m + b] = M[b * m + a];
  return out;
}

/** Opens a data file for the SQL-backed checks: its statistics, computed by DuckDB; close() when done. */
export async function openStatistics(path: string, options: ReadTableOptions = {}): Promise<SourceStatistics & { close(): void }> {
  const source = await openDataSource(path, options);
  return { ...statisticsProvider(source), close: () => source.close() };
}
