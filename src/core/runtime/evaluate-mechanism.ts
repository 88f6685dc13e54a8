/**
 * Evaluates a variable's mechanism for a batch of rows and returns the batch's distribution (a
 * site's `fn`). The only place mechanisms are called.
 *   - A vectorized mechanism gets its parents as columns and is called once per batch.
 *   - A root (no parents) is called once and its distribution broadcast: mechanisms are pure
 *     functions of their parents and parameters, so every row would get the same answer.
 *   - Otherwise the mechanism is called once per row (MechanismRows), on a reused argument object.
 * Errors thrown by a mechanism are rethrown with the variable and the row's parent values.
 */
import { BroadcastBatch, isBatchDistribution, RowwiseBatch, type BatchDistribution } from "../distributions/batch-distribution";
import { Distribution, type NoiseColumns, valueText } from "../distributions/distribution";
import type { Rng } from "../random/rng";
import { CausalError, error } from "../errors/diagnostic";
import type { ParamValue } from "./message";
import type { VariableSpec } from "./model-spec";
import type { FillParents } from "./parent-args";

export interface MechanismInput {
  variable: VariableSpec;
  n: number;
  parentValues: Float64Array[];
  params: Readonly<Record<string, ParamValue>>;
  /** The reused argument object and its row setter (cached per variable by the Runtime). */
  args: Record<string, unknown>;
  fill: FillParents;
}

export function evaluateMechanism(input: MechanismInput): BatchDistribution {
  const { variable, n, parentValues, params, args, fill } = input;
  const mech = variable.mechanism as (parents: Record<string, unknown>, params: Readonly<Record<string, ParamValue>>) => unknown;
  if (variable.vectorized) {
    variable.parents.forEach((p, j) => { args[p] = parentValues[j]; });
    let out: unknown;
    try {
      out = mech(args, params);
      if (!isBatchDistribution(out)) out = checked(out, input);
    } catch (e) {
      throw withVariable(e, input, -1);
    }
    if (!isBatchDistribution(out)) return new BroadcastBatch(out as Distribution, n);
    if (out.size === n) return out;
    if (out.size === 1) return new BroadcastBatch(out.at(0), n);
    throw new CausalError(error("invalid-parameter", `the vectorized mechanism of "${variable.name}" returned ${out.size} rows for a batch of ${n}`, variable.range));
  }
  if (variable.parents.length === 0) {
    try {
      return new BroadcastBatch(checked(mech(args, params), input), n);
    } catch (e) {
      throw withVariable(e, input, 0);
    }
  }
  return new MechanismRows(input);
}

/**
 * A row-by-row mechanism over a batch. Each operation is its own loop (fill the row's parents,
 * call the mechanism, use its distribution), the hot loop of ancestral sampling and scoring, with
 * one try around the loop that names the failing row: no closure or extra call per row.
 */
class MechanismRows extends RowwiseBatch {
  private readonly mech: RowMechanism;
  constructor(private readonly input: MechanismInput) {
    super(input.n);
    this.mech = input.variable.mechanism as unknown as RowMechanism;
  }
  at(row: number): Distribution {
    const { args, fill, parentValues, params } = this.input;
    try {
      fill(args as Record<string, number>, parentValues, row);
      return checked(this.mech(args, params), this.input);
    } catch (e) {
      throw withVariable(e, this.input, row);
    }
  }
  override sample(rng: Rng, out: Float64Array): void {
    const { args, fill, parentValues, params } = this.input, mech = this.mech, n = this.size;
    let i = 0;
    try {
      for (; i < n; i++) {
        fill(args as Record<string, number>, parentValues, i);
        const d = mech(args, params);
        if (!(d instanceof Distribution)) checked(d, this.input);
        out[i] = d.sample(rng);
      }
    } catch (e) {
      throw withVariable(e, this.input, i);
    }
  }
  override logProb(x: Float64Array, out: Float64Array): void {
    const { args, fill, parentValues, params } = this.input, mech = this.mech, n = this.size;
    let i = 0;
    try {
      for (; i < n; i++) {
        fill(args as Record<string, number>, parentValues, i);
        const d = mech(args, params);
        if (!(d instanceof Distribution)) checked(d, this.input);
        out[i] = d.logProb(x[i]);
      }
    } catch (e) {
      throw withVariable(e, this.input, i);
    }
  }
  override drawNoise(rng: Rng, noise: NoiseColumns, out: Float64Array): void {
    const { args, fill, parentValues, params } = this.input, mech = this.mech, n = this.size;
    let i = 0;
    try {
      for (; i < n; i++) {
        fill(args as Record<string, number>, parentValues, i);
        const d = mech(args, params);
        if (!(d instanceof Distribution)) checked(d, this.input);
        out[i] = d.drawNoise(rng, noise, i);
      }
    } catch (e) {
      throw withVariable(e, this.input, i);
    }
  }
  override pushNoise(noise: NoiseColumns, rng: Rng, out: Float64Array): void {
    const { args, fill, parentValues, params } = this.input, mech = this.mech, n = this.size;
    let i = 0;
    try {
      for (; i < n; i++) {
        fill(args as Record<string, number>, parentValues, i);
        const d = mech(args, params);
        if (!(d instanceof Distribution)) checked(d, this.input);
        out[i] = d.pushNoise(noise, i, rng);
      }
    } catch (e) {
      throw withVariable(e, this.input, i);
    }
  }
}

type RowMechanism = (parents: Record<string, unknown>, params: Readonly<Record<string, ParamValue>>) => Distribution;

function checked(d: unknown, input: MechanismInput): Distribution {
  if (d instanceof Distribution) return d;
  const got = typeof d === "number" ? `the number ${d} (wrap a deterministic value in delta(...))` : String(d);
  const vec = input.variable.vectorized ? " (vectorized: a batch distribution such as normalColumns(...), or one distribution for all rows)" : "";
  throw new CausalError(error("invalid-parameter", `the mechanism of "${input.variable.name}" must return a distribution${vec}, but returned ${got}`, input.variable.range));
}

function withVariable(e: unknown, input: MechanismInput, row: number): unknown {
  const { variable, parentValues } = input;
  if (e instanceof CausalError && e.diagnostic.code === "invalid-parameter" && !e.diagnostic.message.startsWith("variable ")) {
    const parents = row >= 0 ? variable.parents.map((p, j) => `${p} = ${valueText(parentValues[j][row])}`).join(", ") : "";
    const where = parents ? ` (when ${parents})` : "";
    return new CausalError({ ...e.diagnostic, message: `variable "${variable.name}"${where}: ${e.diagnostic.message}`, ...(variable.range ? { range: variable.range } : {}) });
  }
  return e;
}
