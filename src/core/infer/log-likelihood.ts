/**
 * logLikelihood(model, data): the log-likelihood of a data set under the model, per row and per
 * mechanism — the common core of fitting, training and model criticism.
 *
 *     log p(data) = sum over rows r, variables v of log p_v(x_v[r] | parents_v[r]; params)
 *
 * Every variable is observed from its column (condition), each site is scored (score) and the
 * per-site terms are read from a trace; params come from a store (substitute) or their declared
 * initial values. Rows are run in batches of columns, so a vectorized mechanism is called once
 * per batch and a column of 10^6 rows is scored without a JavaScript call per row into it.
 * Every variable needs a column, latent ones included: the marginal likelihood over unobserved
 * variables is not computed here.
 */
import { CausalError, error } from "../errors/diagnostic";
import { ConditionHandler } from "../runtime/handlers/condition";
import { ScoreHandler } from "../runtime/handlers/score";
import { SubstituteHandler } from "../runtime/handlers/substitute";
import { TraceHandler } from "../runtime/handlers/trace";
import type { Handler } from "../runtime/message";
import { FACTUAL, type ModelSpec, specOf } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { runModel } from "../runtime/run-model";
import { Runtime } from "../runtime/runtime";
import { nameRecord } from "../runtime/name-record";

/** Columns of a data set, keyed by variable name. */
export type DataColumns = Readonly<Record<string, Float64Array | readonly number[]>>;

/**
 * A data table as core/data's Table holds it (typed here by shape, so inference does not import the
 * data layer): named columns of level indices or numbers, and the file it came from.
 */
export interface TableLike {
  readonly source?: string;
  readonly rowCount: number;
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, { readonly values: Float64Array }>;
}

function isTableLike(x: unknown): x is TableLike {
  return typeof x === "object" && x !== null && (x as TableLike).columns instanceof Map && typeof (x as TableLike).rowCount === "number";
}

export interface MechanismLogLikelihood {
  /** Sum over rows of log p(x_v | parents_v). */
  total: number;
  perRow: Float64Array;
}

export interface LogLikelihood {
  rows: number;
  /** Sum over rows and mechanisms; -Infinity when some row is impossible under the model. */
  total: number;
  /** Per row, summed over mechanisms. */
  perRow: Float64Array;
  perMechanism: Record<string, MechanismLogLikelihood>;
}

export interface LogLikelihoodOptions {
  /** Values for the model's params (fitted or proposed); the rest keep their initial values. */
  params?: ParamStore;
  /** Rows per batch (default 65,536). */
  batchSize?: number;
}

export function logLikelihood(model: ModelSpec | { spec(): ModelSpec }, data: DataColumns | TableLike, options: LogLikelihoodOptions = {}): LogLikelihood {
  const spec = specOf(model);
  const columns = isTableLike(data) ? tableColumns(spec, data) : checkColumns(spec, data);
  const rows = columns.size;
  const perRow = new Float64Array(rows);
  const perMechanism: Record<string, MechanismLogLikelihood> = nameRecord();
  for (const v of spec.variables) perMechanism[v.name] = { total: 0, perRow: new Float64Array(rows) };
  const rt = new Runtime(spec.variables.map((v) => v.name));
  const batch = Math.max(1, Math.floor(options.batchSize ?? 1 << 16));
  for (let start = 0; start < rows; start += batch) {
    const end = Math.min(rows, start + batch), n = end - start;
    const observed: Record<string, Float64Array> = nameRecord();
    for (const [k, c] of columns.byName) observed[k] = c.subarray(start, end);
    const tr = new TraceHandler();
    const handlers: Handler[] = [new ScoreHandler(), tr, new ConditionHandler(observed, FACTUAL)];
    if (options.params) handlers.unshift(new SubstituteHandler(options.params));
    const { logWeight } = rt.run(handlers, () => runModel(rt, spec, n));
    perRow.set(logWeight, start);
    for (const v of spec.variables) perMechanism[v.name].perRow.set(tr.get(FACTUAL, v.name)!.logProb!, start);
  }
  let total = 0;
  for (const m of Object.values(perMechanism)) {
    let s = 0;
    const r = m.perRow;
    for (let i = 0; i < r.length; i++) s += r[i];
    m.total = s;
    total += s;
  }
  return { rows, total, perRow, perMechanism };
}

/** A Table's columns for the model's variables (its cells were checked when it was read). */
function tableColumns(spec: ModelSpec, table: TableLike): { size: number; byName: Map<string, Float64Array> } {
  const byName = new Map<string, Float64Array>();
  for (const v of spec.variables) {
    const c = table.columns.get(v.name);
    if (!c) {
      const kind = v.latent ? `latent variable "${v.name}"` : `variable "${v.name}"`;
      const from = table.source ? `the table read from ${table.source}` : "the table";
      throw new CausalError(error("missing-column", `logLikelihood needs a column for every variable of model "${spec.name}"; ${kind} has none in ${from} (its columns: ${table.names.join(", ") || "none"}). Map a column to it, e.g. map: { ${v.name}: "<column>" }`, v.range));
    }
    byName.set(v.name, c.values);
  }
  return { size: table.rowCount, byName };
}

function checkColumns(spec: ModelSpec, data: DataColumns): { size: number; byName: Map<string, Float64Array> } {
  const byName = new Map<string, Float64Array>();
  let size = -1, first = "";
  for (const v of spec.variables) {
    const raw = data[v.name];
    if (raw === undefined) {
      const kind = v.latent ? `latent variable "${v.name}"` : `variable "${v.name}"`;
      throw new CausalError(error("invalid-argument", `logLikelihood needs a column for every variable of model "${spec.name}"; ${kind} has none (columns given: ${Object.keys(data).join(", ") || "none"})`, v.range));
    }
    const col = raw instanceof Float64Array ? raw : Float64Array.from(raw);
    if (size >= 0 && col.length !== size) {
      throw new CausalError(error("invalid-argument", `column "${v.name}" has ${col.length} rows but column "${first}" has ${size}; every column needs the same number of rows`, v.range));
    }
    if (size < 0) { size = col.length; first = v.name; }
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i])) throw new CausalError(error("invalid-argument", `column "${v.name}", row ${i + 1}: ${col[i]} is not a finite number`, v.range));
    }
    byName.set(v.name, col);
  }
  return { size: Math.max(size, 0), byName };
}
