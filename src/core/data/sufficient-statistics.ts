/**
 * Sufficient statistics of a mechanism's data, summed in one pass and never held row by row:
 * weighted cross-products of the design z = [1, x - shift] (X'WX, X'v and scalar sums, the
 * pieces of least squares, IRLS and Newton steps), the moment matrix of a set of columns, and
 * group-by counts for tables. A file source sums in SQL inside DuckDB (SUM(w * x_a * x_b) ...)
 * when every feature is a column; a computed feature (LearnedSpec.featureParents[j] undefined)
 * or an in-memory source streams the rows by chunks and sums them here, with the same terms
 * written in JS — so memory stays flat either way. Shifting the features by their means before
 * the sums keeps X'X well conditioned (the caller maps coefficients back).
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DataSource } from "./data-source";
import { sqlName } from "./duckdb";

/** Which columns a mechanism's child and features are. */
export interface FeatureColumns {
  child: string;
  /** Per feature, the variable whose column it is; undefined for a computed feature. */
  featureParents: readonly (string | undefined)[];
  /** Computed features: the parents `featuresOf` reads, and the function (one row's features, in order). */
  parents?: readonly string[];
  featuresOf?(row: Readonly<Record<string, number>>): Float64Array;
}

/**
 * Per-row terms of a weighted pass, as SQL and as JS (the same arithmetic). SQL sees the columns
 * `y`, `x1`..`xd` (shifted features) and `eta0`, `eta1`, ... (the linear predictors); `lets` are
 * layers of named helper columns computed in order. `js` fills w, v and s for one row.
 */
export interface RowTerms {
  sql: { lets?: readonly (readonly (readonly [string, string])[])[]; weights: readonly string[]; vectors: readonly string[]; scalars: readonly string[] };
  js(eta: Float64Array, y: number, w: Float64Array, v: Float64Array, s: Float64Array): void;
}

export interface CrossProductRequest extends FeatureColumns {
  /** Linear predictors over z = [1, x - shift], each 1 + d coefficients. */
  predictors?: readonly Float64Array[];
  /** Subtracted from the features (default 0). */
  shift?: Float64Array;
  terms: RowTerms;
  /** Force the SQL or the streamed path (tests compare them); default: SQL where possible. */
  path?: "sql" | "scan";
}

export interface CrossProducts {
  n: number;
  d: number;
  /** Per weight w: sum_i w_i z_i z_i^T, (1 + d) x (1 + d) row-major. */
  xwx: Float64Array[];
  /** Per vector v: sum_i v_i z_i. */
  xv: Float64Array[];
  /** Per scalar s: sum_i s_i (a NULL term, e.g. an overflow in SQL, makes it +Infinity). */
  sums: number[];
}

/** Whether SQL can compute the request's sums (a file source, every feature a column). */
export function sqlPossible(source: DataSource, features: FeatureColumns): boolean {
  return source.sql !== undefined && features.featureParents.every((p) => p !== undefined);
}

/** The literal of a double, exactly (DuckDB parses the shortest round-trip text back to the same value). */
export function sqlDouble(v: number): string {
  return `CAST('${v}' AS DOUBLE)`;
}

export async function crossProducts(source: DataSource, request: CrossProductRequest): Promise<CrossProducts> {
  const d = request.featureParents.length;
  const useSql = request.path === "scan" ? false : sqlPossible(source, request);
  if (request.path === "sql" && !useSql) throw new CausalError(error("invalid-argument", "crossProducts: the SQL path needs a file source whose features are all columns"));
  return useSql ? crossProductsSql(source, request, d) : crossProductsScan(source, request, d);
}

async function crossProductsSql(source: DataSource, r: CrossProductRequest, d: number): Promise<CrossProducts> {
  const shift = r.shift ?? new Float64Array(d);
  const x = (j: number) => `x${j + 1}`;
  const q = source.sqlName ?? sqlName;
  const base = [`${q(r.child)} AS y`, ...r.featureParents.map((p, j) => `${q(p!)} - ${sqlDouble(shift[j])} AS ${x(j)}`)];
  let rel = `(SELECT ${base.join(", ")} FROM data)`;
  const etas = (r.predictors ?? []).map((c, k) => `${[sqlDouble(c[0]), ...Array.from({ length: d }, (_, j) => `${sqlDouble(c[j + 1])} * ${x(j)}`)].join(" + ")} AS eta${k}`);
  if (etas.length) rel = `(SELECT *, ${etas.join(", ")} FROM ${rel})`;
  for (const layer of r.terms.sql.lets ?? []) rel = `(SELECT *, ${layer.map(([n, e]) => `${e} AS ${n}`).join(", ")} FROM ${rel})`;
  const { weights, vectors, scalars } = r.terms.sql;
  const terms = [...weights.map((w, k) => `${w} AS w${k}`), ...vectors.map((v, k) => `${v} AS v${k}`), ...scalars.map((s, k) => `coalesce(${s}, CAST('inf' AS DOUBLE)) AS s${k}`)];
  if (terms.length) rel = `(SELECT *, ${terms.join(", ")} FROM ${rel})`;
  const z = (a: number) => (a === 0 ? "" : ` * ${x(a - 1)}`);
  const aggs: string[] = ["count(*)"];
  weights.forEach((_, k) => { for (let a = 0; a <= d; a++) for (let b = a; b <= d; b++) aggs.push(`sum(w${k}${z(a)}${z(b)})`); });
  vectors.forEach((_, k) => { for (let a = 0; a <= d; a++) aggs.push(`sum(v${k}${z(a)})`); });
  scalars.forEach((_, k) => aggs.push(`sum(s${k})`));
  const row = (await source.sql!(`SELECT ${aggs.join(", ")} FROM ${rel}`))[0].map((v) => (v === null ? 0 : Number(v)));
  let at = 1;
  const m = d + 1;
  const xwx = weights.map(() => {
    const M = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) { M[a * m + b] = row[at]; M[b * m + a] = row[at++]; }
    return M;
  });
  const xv = vectors.map(() => Float64Array.from({ length: m }, () => row[at++]));
  const sums = scalars.map(() => row[at++]);
  return { n: row[0], d, xwx, xv, sums };
}

/** Reads rows of [child, features] by chunks, features computed where needed, and hands each row's z to `each`. */
async function scanRows(source: DataSource, r: FeatureColumns, shift: Float64Array | undefined, each: (z: Float64Array, y: number) => void): Promise<void> {
  const d = r.featureParents.length;
  const computed = r.featureParents.some((p) => p === undefined);
  if (computed && !r.featuresOf) throw new CausalError(error("invalid-argument", "a computed feature needs featuresOf"));
  const parents = computed ? [...(r.parents ?? [])] : [];
  const names = [r.child, ...(computed ? parents : (r.featureParents as string[]))];
  const z = new Float64Array(d + 1);
  z[0] = 1;
  const row: Record<string, number> = {};
  await source.scan(names, (cols, n) => {
    for (let i = 0; i < n; i++) {
      if (computed) {
        for (let k = 0; k < parents.length; k++) row[parents[k]] = cols[1 + k][i];
        const f = r.featuresOf!(row);
        for (let j = 0; j < d; j++) {
          if (!Number.isFinite(f[j])) throw new CausalError(error("invalid-data", `${source.source ? `${source.source}: ` : ""}row ${i + 1} of a chunk: a computed feature of "${r.child}" is ${f[j]}, not a finite number`));
          z[j + 1] = f[j];
        }
      } else for (let j = 0; j < d; j++) z[j + 1] = cols[1 + j][i];
      if (shift) for (let j = 0; j < d; j++) z[j + 1] -= shift[j];
      each(z, cols[0][i]);
    }
  });
}

async function crossProductsScan(source: DataSource, r: CrossProductRequest, d: number): Promise<CrossProducts> {
  const m = d + 1, preds = r.predictors ?? [];
  const { weights, vectors, scalars } = r.terms.sql;
  const xwx = weights.map(() => new Float64Array(m * m)), xv = vectors.map(() => new Float64Array(m)), sums = scalars.map(() => 0);
  const eta = new Float64Array(preds.length), w = new Float64Array(weights.length), v = new Float64Array(vectors.length), s = new Float64Array(scalars.length);
  let n = 0;
  await scanRows(source, r, r.shift, (z, y) => {
    for (let k = 0; k < preds.length; k++) { let e = 0; const c = preds[k]; for (let a = 0; a < m; a++) e += c[a] * z[a]; eta[k] = e; }
    r.terms.js(eta, y, w, v, s);
    for (let k = 0; k < w.length; k++) {
      const M = xwx[k], wk = w[k];
      for (let a = 0; a < m; a++) { const wa = wk * z[a]; for (let b = a; b < m; b++) M[a * m + b] += wa * z[b]; }
    }
    for (let k = 0; k < v.length; k++) { const V = xv[k], vk = v[k]; for (let a = 0; a < m; a++) V[a] += vk * z[a]; }
    for (let k = 0; k < s.length; k++) sums[k] += Number.isNaN(s[k]) ? Infinity : s[k];
    n++;
  });
  for (const M of xwx) for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) M[a * m + b] = M[b * m + a];
  return { n, d, xwx, xv, sums };
}

/** Means of the features (SQL averages, or one streamed pass for computed features). */
export async function featureMeans(source: DataSource, r: FeatureColumns, path?: "sql" | "scan"): Promise<Float64Array> {
  const d = r.featureParents.length;
  if (path !== "scan" && sqlPossible(source, r)) {
    if (!d) return new Float64Array(0);
    const q = source.sqlName ?? sqlName;
    const row = (await source.sql!(`SELECT ${r.featureParents.map((p) => `avg(${q(p!)})`).join(", ")} FROM data`))[0];
    return Float64Array.from(row, Number);
  }
  const sum = new Float64Array(d);
  let n = 0;
  await scanRows(source, r, undefined, (z) => { for (let j = 0; j < d; j++) sum[j] += z[j + 1]; n++; });
  return sum.map((s) => s / Math.max(1, n));
}

export interface SufficientStatistics {
  n: number;
  d: number;
  /** Z'Z with Z = [1, x - shift] ((1 + d)^2, row-major; the intercept first). */
  xtx: Float64Array;
  xty: Float64Array;
  yty: number;
}

/** n, X'X (with the intercept), X'y and y'y of a child on its features (shifted by `shift`, and y by `yShift`). */
export async function sufficientStatistics(source: DataSource, r: FeatureColumns & { shift?: Float64Array; yShift?: number; path?: "sql" | "scan" }): Promise<SufficientStatistics> {
  const c = r.yShift ?? 0;
  const cp = await crossProducts(source, {
    ...r,
    terms: {
      sql: { weights: ["1"], vectors: [`(y - ${sqlDouble(c)})`], scalars: [`(y - ${sqlDouble(c)}) * (y - ${sqlDouble(c)})`] },
      js: (_eta, y, w, v, s) => { w[0] = 1; v[0] = y - c; s[0] = (y - c) * (y - c); },
    },
  });
  return { n: cp.n, d: cp.d, xtx: cp.xwx[0], xty: cp.xv[0], yty: cp.sums[0] };
}

/**
 * The moment matrix of columns: n and sum_i z_i z_i^T with z = [1, col_1 - shift_1, ...], in one
 * pass (one SQL aggregate over all pairs, or one streamed pass). Every linear-Gaussian mechanism
 * whose features are columns reads its X'X, X'y and y'y off this one matrix.
 */
export interface MomentMatrix {
  n: number;
  names: readonly string[];
  shift: Float64Array;
  /** sum_i z_i z_i^T, (1 + k) x (1 + k) row-major, z = [1, col - shift]. */
  m: Float64Array;
}

export async function momentMatrix(source: DataSource, names: readonly string[], shift?: Float64Array, path?: "sql" | "scan"): Promise<MomentMatrix> {
  const k = names.length;
  const ones: RowTerms = { sql: { weights: ["1"], vectors: [], scalars: [] }, js: (_e, _y, w) => { w[0] = 1; } };
  const cp = await crossProducts(source, { child: names[0] ?? "", featureParents: names, ...(shift ? { shift } : {}), ...(path ? { path } : {}), terms: ones });
  return { n: cp.n, names, shift: shift ?? new Float64Array(k), m: cp.xwx[0] };
}

/**
 * Where to centre features: the source's centres when it knows them for every feature (a file's
 * min/max midpoints, no pass needed), else their means. Any value near the data's middle serves:
 * centring is for conditioning, the fit maps coefficients back exactly.
 */
export async function featureCentres(source: DataSource, r: FeatureColumns, path?: "sql" | "scan"): Promise<Float64Array> {
  const known = r.featureParents.map((p) => (p !== undefined ? source.centre?.(p) : undefined));
  if (known.every((c) => c !== undefined)) return Float64Array.from(known as number[]);
  return featureMeans(source, r, path);
}

/** Means of columns (SQL averages, or a streamed pass). */
export async function columnMeans(source: DataSource, names: readonly string[], path?: "sql" | "scan"): Promise<Float64Array> {
  return featureMeans(source, { child: names[0] ?? "", featureParents: names }, path);
}

/**
 * Counts per (configuration, child level) for a table: counts[c * levels + y], the configuration
 * c mixed radix over the features (the first most significant). Features and child must already
 * be checked to be level indices in range (requireValues).
 */
export async function groupCounts(source: DataSource, r: FeatureColumns & { featureLevels: readonly number[]; levels: number; path?: "sql" | "scan" }): Promise<Float64Array> {
  const configs = r.featureLevels.reduce((a, b) => a * b, 1), k = r.levels, d = r.featureParents.length;
  const counts = new Float64Array(configs * k);
  const add = (z: ArrayLike<number>, offset: number, y: number, times: number) => {
    let c = 0;
    for (let j = 0; j < d; j++) {
      const l = z[offset + j];
      if (!(Number.isInteger(l) && l >= 0 && l < r.featureLevels[j])) throw outOfRange(source, r, `feature ${j + 1} = ${l} is not a level in 0..${r.featureLevels[j] - 1}`);
      c = c * r.featureLevels[j] + l;
    }
    if (!(Number.isInteger(y) && y >= 0 && y < k)) throw outOfRange(source, r, `the child's value ${y} is not a level in 0..${k - 1}`);
    counts[c * k + y] += times;
  };
  if (r.path !== "scan" && sqlPossible(source, r)) {
    const q = source.sqlName ?? sqlName;
    const keys = [...r.featureParents.map((p) => q(p!)), q(r.child)];
    const rows = await source.sql!(`SELECT ${keys.join(", ")}, count(*) FROM data GROUP BY ${keys.join(", ")}`);
    for (const row of rows) add(row.map(Number), 0, Number(row[d]), Number(row[d + 1]));
  } else {
    await scanRows(source, r, undefined, (z, y) => add(z, 1, y, 1));
  }
  return counts;
}

function outOfRange(source: DataSource, r: FeatureColumns, what: string): CausalError {
  return new CausalError(error("invalid-data", `${source.source ? `${source.source}: ` : ""}the table of "${r.child}": ${what}`));
}
