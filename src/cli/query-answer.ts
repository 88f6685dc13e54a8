/**
 * Runs a QuerySpec against a loaded model through the library's query API and returns the
 * answer as data. The model is typed structurally by the few methods the CLI calls.
 */
import type { QueryArgs, QuerySpec } from "./query-spec";

export interface Estimate {
  value: number;
  standardError: number;
  method: string;
  samples?: number;
  effectiveSampleSize?: number;
}

type Opts = QueryArgs["options"];
type WorldValues = Record<string, Record<string, number>>;
interface Computable {
  prob(event: Record<string, number>, o?: Opts): Estimate;
  mean(target: string, o?: Opts): Estimate;
}
interface Queryable extends Computable {
  do(a: Record<string, number>): Queryable;
  condition(a: Record<string, number>): Queryable;
  sample(n: number, o: { seed?: number }): Record<string, Float64Array>;
}
interface Worlds {
  given(a: Record<string, number>): Worlds;
  prob(f: (w: WorldValues) => boolean, o?: Opts): Estimate;
  mean(f: (w: WorldValues) => number, o?: Opts): Estimate;
}
export interface CliModel extends Queryable {
  name: string;
  variables: { name: string; latent: boolean; parents: string[] }[];
  counterfactual(s: { given: Record<string, number>; do: Record<string, number> }): Computable;
  worlds(w: Record<string, Record<string, number>>): Worlds;
}

export type Answer =
  | { type: "distribution"; variable: string; rows: { value: number; estimate: Estimate }[]; support: "declared" | "observed" }
  | { type: "probability"; estimate: Estimate }
  | { type: "mean"; estimate: Estimate };

const SUPPORT_PROBE = 400;
const MAX_DISCRETE = 16;

export function answerQuery(m: CliModel, spec: QuerySpec, opts: Opts, distribution: string | undefined): Answer {
  if (spec.kind === "joint") {
    let w = m.worlds(spec.worlds);
    if (Object.keys(spec.given).length) w = w.given(spec.given);
    if (spec.event) {
      const event = spec.event;
      return { type: "probability", estimate: w.prob((v) => event.every((c) => v[c.world][c.variable] === c.value), opts) };
    }
    const mean = spec.mean!;
    const f = "difference" in mean ? (v: WorldValues) => v[mean.difference[0]][mean.variable] - v[mean.difference[1]][mean.variable] : (v: WorldValues) => v[mean.world][mean.variable];
    return { type: "mean", estimate: w.mean(f, opts) };
  }
  const hasDo = Object.keys(spec.do).length > 0;
  const hasGiven = Object.keys(spec.given).length > 0;
  let q: Computable;
  if (spec.counterfactual) q = m.counterfactual({ given: spec.given, do: spec.do });
  else {
    let qq: Queryable = hasDo ? m.do(spec.do) : m;
    if (hasGiven) qq = qq.condition(spec.given);
    q = qq;
  }
  const z = spec.target;
  if (spec.value !== undefined) return { type: "distribution", variable: z, support: "declared", rows: [{ value: spec.value, estimate: q.prob({ [z]: spec.value }, opts) }] };
  const support = discreteSupport(m, spec.do, z, distribution, opts.seed);
  if (!support) return { type: "mean", estimate: q.mean(z, opts) };
  return { type: "distribution", variable: z, support: support.kind, rows: support.values.map((value) => ({ value, estimate: q.prob({ [z]: value }, opts) })) };
}

/** {0, 1} for bernoulli; otherwise the values seen in a probe sample, when few and all integers. */
function discreteSupport(m: CliModel, doA: Record<string, number>, z: string, distribution: string | undefined, seed: number): { kind: "declared" | "observed"; values: number[] } | undefined {
  if (distribution === "bernoulli") return { kind: "declared", values: [0, 1] };
  const col = (Object.keys(doA).length ? m.do(doA) : m).sample(SUPPORT_PROBE, { seed })[z];
  if (!col) return undefined;
  const seen = new Set<number>();
  for (const x of col) {
    if (!Number.isInteger(x)) return undefined;
    seen.add(x);
    if (seen.size > MAX_DISCRETE) return undefined;
  }
  return { kind: "observed", values: [...seen].sort((a, b) => a - b) };
}
