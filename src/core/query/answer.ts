/**
 * Answers a plain-data QuerySpec against a loaded model through the library's query API and
 * returns the answer as data (what the CLI prints, the model runner streams and the panel plots).
 * The model is typed structurally by the few methods used here.
 *
 * Sampling answers are computed in batches (8 by default, doubling in size: batchEnds) with seeds
 * derived from the query's seed, and a progress report after each batch carries the pooled estimate so far; an exact
 * answer is reported once. answerQuery is the same computation without the reports, so the CLI,
 * the runner and the editor give the very same digits for the same seed.
 */
import { CausalError } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";
import { DEFAULT_OPTIONS } from "./options";
import type { QueryRunOptions, QuerySpec, ValueAssignment } from "./query-spec";
import { poolBatches } from "./pool-batches";

type WorldValues = Record<string, Record<string, number>>;
interface Computable {
  prob(event: ValueAssignment, o?: QueryRunOptions): Estimate;
  mean(target: string, o?: QueryRunOptions): Estimate;
}
interface Queryable extends Computable {
  do(a: ValueAssignment): Queryable;
  condition(a: ValueAssignment): Queryable;
  sample(n: number, o: { seed?: number }): Record<string, Float64Array>;
}
interface Worlds {
  given(a: ValueAssignment): Worlds;
  prob(f: (w: WorldValues) => boolean, o?: QueryRunOptions): Estimate;
  mean(f: (w: WorldValues) => number, o?: QueryRunOptions): Estimate;
}
/** What answerQuery needs of a model (a core Model satisfies it). */
export interface QueryModel extends Queryable {
  name: string;
  variables: { name: string; latent: boolean; parents: string[] }[];
  counterfactual(s: { given: ValueAssignment; do: ValueAssignment }): Computable;
  worlds(w: Record<string, ValueAssignment>): Worlds;
}

export type Answer =
  | { type: "distribution"; variable: string; rows: { value: number; estimate: Estimate }[]; support: "declared" | "observed" }
  | { type: "probability"; estimate: Estimate }
  | { type: "mean"; estimate: Estimate };

/** Sent after each batch: the pooled answer so far. `exact` answers come once, as batch 1 of 1. */
export interface QueryProgress {
  batch: number;
  batches: number;
  samples: number;
  totalSamples: number;
  exact: boolean;
  answer: Answer;
}

export interface ProgressiveOptions {
  /** The target's declared distribution from static extraction ("bernoulli" fixes the support to {0, 1}). */
  distribution?: string;
  batches?: number;
}

const SUPPORT_PROBE = 400;
const MAX_DISCRETE = 16;
export const DEFAULT_BATCHES = 8;

export function answerQuery(m: QueryModel, spec: QuerySpec, opts: QueryRunOptions, distribution?: string): Answer {
  const it = answerSteps(m, spec, opts, { distribution });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** answerQuery with a report after each batch; awaits onProgress, so a caller can yield to its event loop. */
export async function answerQueryProgressive(
  m: QueryModel, spec: QuerySpec, opts: QueryRunOptions, onProgress: (p: QueryProgress) => void | Promise<void>, options: ProgressiveOptions = {},
): Promise<Answer> {
  const it = answerSteps(m, spec, opts, options);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await onProgress(r.value);
  }
}

/** The observational counterpart shown beside an interventional or counterfactual answer (same evidence, no action). */
export function comparisonSpec(spec: QuerySpec): QuerySpec | undefined {
  if (spec.kind !== "single" || !Object.keys(spec.do).length) return undefined;
  return { ...spec, counterfactual: false, do: {} };
}

/**
 * Cumulative sample counts after each batch. The batches double (1/64, 1/32, ..., 1/2 of the
 * budget, then 3/4 and all of it for 8 batches), so the first estimate comes after a small
 * fraction of the work and each later report halves the remaining uncertainty's share.
 */
export function batchEnds(total: number, k: number): number[] {
  const frac = (b: number) => (k <= 2 ? (b + 1) / k : b === k - 1 ? 1 : b === k - 2 ? 0.75 : 2 ** -(k - 2 - b));
  const ends: number[] = [];
  for (let b = 0; b < k; b++) ends.push(Math.min(total - (k - 1 - b), Math.max(b ? ends[b - 1] + 1 : 1, Math.floor(total * frac(b)))));
  return ends;
}

/** Batch b's seed: distinct uint32s per batch (the generator's splitmix seeding decorrelates nearby seeds). */
export function batchSeed(seed: number, b: number): number {
  return ((seed >>> 0) + Math.imul(b + 1, 0x632be5ab)) >>> 0;
}

interface Plan {
  estimators: ((o: QueryRunOptions) => Estimate)[];
  assemble(estimates: Estimate[]): Answer;
}

function* answerSteps(m: QueryModel, spec: QuerySpec, opts: QueryRunOptions, options: ProgressiveOptions): Generator<QueryProgress, Answer> {
  const plan = planAnswer(m, spec, opts, options.distribution);
  if (opts.method !== "sampling") {
    try {
      const answer = plan.assemble(plan.estimators.map((f) => f({ ...opts, method: "exact" })));
      yield { batch: 1, batches: 1, samples: 0, totalSamples: 0, exact: true, answer };
      return answer;
    } catch (e) {
      if (opts.method === "exact" || !isNotExact(e)) throw e;
    }
  }
  const total = opts.samples ?? DEFAULT_OPTIONS.samples;
  const k = Math.max(1, Math.min(options.batches ?? DEFAULT_BATCHES, total));
  const perBatch: (Estimate | CausalError)[][] = plan.estimators.map(() => []);
  let done = 0;
  let answer: Answer | undefined;
  const ends = batchEnds(total, k);
  for (let b = 0; b < k; b++) {
    const n = ends[b] - (b ? ends[b - 1] : 0);
    const o: QueryRunOptions = { seed: batchSeed(opts.seed, b), samples: n, method: "sampling" };
    plan.estimators.forEach((f, i) => perBatch[i].push(attempt(() => f(o))));
    done += n;
    const pooled = perBatch.map((batches) => poolBatches(batches, b + 1 === k));
    if (pooled.some((e) => e === undefined)) continue;
    answer = plan.assemble(pooled as Estimate[]);
    yield { batch: b + 1, batches: k, samples: done, totalSamples: total, exact: false, answer };
  }
  return answer!;
}

/** A batch in which every sample contradicted the evidence is kept as its error (pooled as empty). */
function attempt(f: () => Estimate): Estimate | CausalError {
  try {
    return f();
  } catch (e) {
    if (e instanceof CausalError && e.diagnostic.code === "impossible-evidence") return e;
    throw e;
  }
}

function isNotExact(e: unknown): boolean {
  return e instanceof CausalError && e.diagnostic.code === "exact-inference-unavailable";
}

function planAnswer(m: QueryModel, spec: QuerySpec, opts: QueryRunOptions, distribution: string | undefined): Plan {
  if (spec.kind === "joint") {
    let w = m.worlds(spec.worlds);
    if (Object.keys(spec.given).length) w = w.given(spec.given);
    if (spec.event) {
      const event = spec.event;
      return { estimators: [(o) => w.prob((v) => event.every((c) => v[c.world][c.variable] === c.value), o)], assemble: ([e]) => ({ type: "probability", estimate: e }) };
    }
    const mean = spec.mean!;
    const f = "difference" in mean ? (v: WorldValues) => v[mean.difference[0]][mean.variable] - v[mean.difference[1]][mean.variable] : (v: WorldValues) => v[mean.world][mean.variable];
    return { estimators: [(o) => w.mean(f, o)], assemble: ([e]) => ({ type: "mean", estimate: e }) };
  }
  let q: Computable;
  if (spec.counterfactual) q = m.counterfactual({ given: spec.given, do: spec.do });
  else {
    let qq: Queryable = Object.keys(spec.do).length ? m.do(spec.do) : m;
    if (Object.keys(spec.given).length) qq = qq.condition(spec.given);
    q = qq;
  }
  const z = spec.target;
  const rows = (values: number[], support: "declared" | "observed"): Plan => ({
    estimators: values.map((value) => (o: QueryRunOptions) => q.prob({ [z]: value }, o)),
    assemble: (es) => ({ type: "distribution", variable: z, support, rows: values.map((value, i) => ({ value, estimate: es[i] })) }),
  });
  if (spec.value !== undefined) return rows([spec.value], "declared");
  const support = discreteSupport(m, spec.do, z, distribution, opts.seed);
  if (!support) return { estimators: [(o) => q.mean(z, o)], assemble: ([e]) => ({ type: "mean", estimate: e }) };
  return rows(support.values, support.kind);
}

/** {0, 1} for bernoulli; otherwise the values seen in a probe sample, when few and all integers. */
function discreteSupport(m: QueryModel, doA: ValueAssignment, z: string, distribution: string | undefined, seed: number): { kind: "declared" | "observed"; values: number[] } | undefined {
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
