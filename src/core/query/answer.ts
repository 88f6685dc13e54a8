/**
 * THE entry point from plain data to an answer: `answer(model, spec, options)` answers a QuerySpec
 * (query-spec.ts, the canonical form of a query; `Query.toSpec()` and its counterfactual twins
 * produce it) against a model and returns the answer as data (what the CLI prints, the model
 * process streams and the panel plots). The model is anything that yields its ModelSpec (a core
 * Model does), so no front end casts it.
 *
 * Sampling answers are computed in batches (8 by default, doubling in size: batchEnds) with seeds
 * derived from the query's seed, and a progress report after each batch carries the pooled estimate
 * so far; an exact answer is reported once. `answer` is the same computation without the reports,
 * so the CLI, the model process and the editor give the very same digits for the same seed.
 * Whether an answer is exact is decided in exact-or-sample.ts (shared with estimateTarget).
 */
import { CausalError } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";
import { cachedDiscreteNetwork, NotExactError } from "../infer/discrete-network";
import { linearGaussianForm } from "../infer/gaussian-network";
import { IndicatorMeans } from "../infer/weighted-mean";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { CounterfactualQuery, WorldsQuery } from "./counterfactual";
import { isNotExact, tryExact, withNote } from "./exact-or-sample";
import { finiteAnswer } from "./finite-estimate";
import { DEFAULT_OPTIONS } from "./options";
import { poolBatches } from "./pool-batches";
import { Query } from "./query";
import type { QueryRunOptions, QuerySpec, ValueAssignment } from "./query-spec";
import { closedFormSd, estimateTarget, exactTargetDistribution, mayBeLinearGaussian } from "./estimate-target";
import { supportProbe } from "./support-probe";
import { targetPlan } from "./target-plan";
import { gaussianSpread, gaussianThreshold, SampleBuffer, spreadOf, type TargetSpread } from "./target-spread";
import { holds, type Threshold } from "./threshold";
import { validateQuery } from "./validate-query";

/** What answer() needs of a model: its validated ModelSpec (a core Model satisfies it). */
export interface SpecSource {
  spec(): ModelSpec;
}

/** How to answer: the run options (seed, samples, method) and what the static extraction knows. */
export interface AnswerOptions extends QueryRunOptions {
  /** The target's declared distribution from static extraction ("bernoulli" fixes the support to {0, 1}). */
  distribution?: string;
  /** Sampling batches (default 8). */
  batches?: number;
}

type WorldValues = Record<string, Record<string, number>>;
type Values = Record<string, number>;

export type Answer =
  | { type: "distribution"; variable: string; rows: { value: number; estimate: Estimate }[]; support: "declared" | "observed" }
  | { type: "probability"; estimate: Estimate }
  /** `spread`: the target's sd, 90% interval and histogram, from the same samples as the mean (target-spread.ts). */
  | { type: "mean"; estimate: Estimate; spread?: TargetSpread };

/** Sent after each batch: the pooled answer so far. `exact` answers come once, as batch 1 of 1. */
export interface QueryProgress {
  batch: number;
  batches: number;
  samples: number;
  totalSamples: number;
  exact: boolean;
  answer: Answer;
}

const SUPPORT_PROBE = 400;
const MAX_DISCRETE = 16;
/** States listed for a target whose exact domain is known (a 63-state posterior is a table, not a mean of indices). */
const MAX_DECLARED = 1000;
export const DEFAULT_BATCHES = 8;

/** The answer to `spec` (no progress reports). */
export function answer(m: SpecSource, spec: QuerySpec, options: AnswerOptions): Answer {
  const it = answerSteps(m, spec, options);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** answer() with a report after each batch; awaits onProgress, so a caller can yield to its event loop. */
export async function answerProgressive(
  m: SpecSource, spec: QuerySpec, options: AnswerOptions, onProgress: (p: QueryProgress) => void | Promise<void>,
): Promise<Answer> {
  const it = answerSteps(m, spec, options);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await onProgress(r.value);
  }
}

/**
 * The world shown beside an answer, so that the plot contrasts like with like:
 * - interventional P(y | do(X = x), z): "seeing", the conditional P(y | X = x, z), i.e. the same
 *   values observed instead of set (not the marginal P(y | z): that mixes every value of X and hides
 *   the seeing-vs-doing contrast, e.g. front-door P(cancer | smoking = 0) = 0.9025 vs
 *   P(cancer | do(smoking = 0)) = 0.5025 while P(cancer) = 0.525);
 * - counterfactual: the factual world, P(y | evidence), with no action.
 */
export function comparisonSpec(spec: QuerySpec): QuerySpec | undefined {
  if (spec.kind !== "single" || !Object.keys(spec.do).length) return undefined;
  if (spec.counterfactual) return { ...spec, counterfactual: false, do: {} };
  return { ...spec, do: {}, given: { ...spec.given, ...spec.do } };
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
  /**
   * The answer's estimates from one run: exact (method "exact"), or one sampling batch. A batch
   * whose samples all contradicted the evidence gives its error in place of each estimate it owed.
   */
  estimate(o: QueryRunOptions): (Estimate | CausalError)[];
  assemble(estimates: Estimate[]): Answer;
}

/** A plan part per estimate, each run on its own. */
function each(estimators: ((o: QueryRunOptions) => Estimate)[]): Plan["estimate"] {
  return (o) => estimators.map((f) => attempt(() => f(o)));
}

function* answerSteps(m: SpecSource, spec: QuerySpec, options: AnswerOptions): Generator<QueryProgress, Answer> {
  const opts: QueryRunOptions = { seed: options.seed, ...(options.samples !== undefined ? { samples: options.samples } : {}), ...(options.method ? { method: options.method } : {}) };
  validateQuery(m.spec(), spec, opts);
  const plan = planAnswer(m, spec, opts, options.distribution);
  const checked = (a: Answer) => finiteAnswer(a, spec, m.spec());
  const exact = tryExact(opts.method, () => checked(plan.assemble(plan.estimate({ ...opts, method: "exact" }).map((e) => {
    if (e instanceof CausalError) throw e;
    return e;
  }))));
  if (exact.exact) {
    yield { batch: 1, batches: 1, samples: 0, totalSamples: 0, exact: true, answer: exact.value };
    return exact.value;
  }
  const total = opts.samples ?? DEFAULT_OPTIONS.samples;
  const k = Math.max(1, Math.min(options.batches ?? DEFAULT_BATCHES, total));
  const perBatch: (Estimate | CausalError)[][] = [];
  let done = 0;
  let answer: Answer | undefined;
  const ends = batchEnds(total, k);
  for (let b = 0; b < k; b++) {
    const n = ends[b] - (b ? ends[b - 1] : 0);
    const o: QueryRunOptions = { seed: batchSeed(opts.seed, b), samples: n, method: "sampling" };
    plan.estimate(o).forEach((e, i) => (perBatch[i] ??= []).push(e));
    done += n;
    if (b + 1 === k) for (const batches of perBatch) if (batches.every((e) => e instanceof CausalError)) throw everyBatchImpossible(batches as CausalError[], total, k);
    const pooled = perBatch.map((batches) => poolBatches(batches, b + 1 === k));
    if (pooled.some((e) => e === undefined)) continue;
    answer = checked(plan.assemble((pooled as Estimate[]).map((e) => withNote(e, exact.note))));
    yield { batch: b + 1, batches: k, samples: done, totalSamples: total, exact: false, answer };
  }
  return answer!;
}

/** All `total` samples, over `k` batches, contradicted the evidence: one error that counts them all (not the first batch's share). */
function everyBatchImpossible(errors: CausalError[], total: number, k: number): CausalError {
  if (k === 1) return errors[0];
  const d = errors[0].diagnostic;
  return new CausalError({ ...d, message: `every one of the ${total} samples (in ${k} batches) contradicts the evidence (all likelihood weights are 0): the evidence may be impossible under the model, or so unlikely that no sample reaches it; check its values, or give a larger sample budget` });
}

/** A batch in which every sample contradicted the evidence is kept as its error (pooled as empty). */
function attempt<T>(f: () => T): T | CausalError {
  try {
    return f();
  } catch (e) {
    if (e instanceof CausalError && e.diagnostic.code === "impossible-evidence") return e;
    throw e;
  }
}

function planAnswer(m: SpecSource, spec: QuerySpec, opts: QueryRunOptions, distribution: string | undefined): Plan {
  const getSpec = () => m.spec();
  if (spec.kind === "joint") {
    let w = new WorldsQuery<Values, string>(getSpec, spec.worlds);
    if (Object.keys(spec.given).length) w = w.given(spec.given);
    if (spec.event) {
      const event = spec.event;
      return { estimate: each([(o) => w.prob((v) => event.every((c) => v[c.world][c.variable] === c.value), o)]), assemble: ([e]) => ({ type: "probability", estimate: e }) };
    }
    const mean = spec.mean!;
    const f = "difference" in mean ? (v: WorldValues) => v[mean.difference[0]][mean.variable] - v[mean.difference[1]][mean.variable] : (v: WorldValues) => v[mean.world][mean.variable];
    return { estimate: each([(o) => w.mean(f, o)]), assemble: ([e]) => ({ type: "mean", estimate: e }) };
  }
  let q: Query<Values> | CounterfactualQuery<Values>;
  if (spec.counterfactual) q = new CounterfactualQuery<Values>(getSpec, { given: spec.given, do: spec.do });
  else {
    let qq = new Query<Values>(getSpec);
    if (Object.keys(spec.do).length) qq = qq.do(spec.do);
    if (Object.keys(spec.given).length) qq = qq.condition(spec.given);
    q = qq;
  }
  const z = spec.target;
  // The target's plan (worlds, evidence, reader), made once for the closed form and every sampling batch.
  let planned: ReturnType<typeof targetPlan> | undefined;
  const plan = () => (planned ??= targetPlan(getSpec, spec));
  if (spec.threshold) {
    const t = spec.threshold;
    return {
      // Exact: variable elimination on a discrete model; on a linear-Gaussian one, the normal tail at the closed-form mean and sd.
      estimate: each([(o) => (o.method === "exact" ? closedFormThreshold(getSpec, plan(), t) : undefined) ?? q.prob((v) => holds(v[z], t), o)]),
      assemble: ([e]) => ({ type: "probability", estimate: e }),
    };
  }
  const rows = (values: number[], support: "declared" | "observed"): Plan => ({
    // Every state from one run: exact, one elimination and one pass over its joint; sampled, one pass
    // of rows with each state's frequency and its error (not one run per state).
    estimate: (o) => {
      const all = attempt(() => (o.method === "exact" ? exactTargetDistribution(getSpec(), plan().plan, plan().target, values) : sampledDistribution(getSpec, plan(), values, o)));
      return Array.isArray(all) ? all : values.map(() => all);
    },
    assemble: (es) => ({ type: "distribution", variable: z, support, rows: values.map((value, i) => ({ value, estimate: es[i] })) }),
  });
  if (spec.value !== undefined) return rows([spec.value], "declared");
  const support = discreteSupport(m, spec.do, z, distribution, opts.seed);
  if (!support) return meanPlan(getSpec, spec);
  return rows(support.values, support.kind);
}

/** P(target op c) in closed form when the model is linear-Gaussian (the target's exact mean and sd), else undefined. */
function closedFormThreshold(getSpec: () => ModelSpec, { plan, target }: ReturnType<typeof targetPlan>, t: Threshold): Estimate | undefined {
  if (!mayBeLinearGaussian(getSpec())) return undefined;
  let e: Estimate;
  try {
    e = estimateTarget(getSpec(), plan, target, { seed: 1, method: "exact" });
  } catch (err) {
    if (isNotExact(err)) return undefined;
    throw err;
  }
  const sd = closedFormSd(e);
  return sd === undefined ? undefined : { value: gaussianThreshold(e.value, sd, t), standardError: 0, method: e.method };
}

/** P(target = v) for each of `values` from one sampling pass (IndicatorMeans: unseen states get a non-zero error). */
function sampledDistribution(getSpec: () => ModelSpec, { plan, target }: ReturnType<typeof targetPlan>, values: readonly number[], o: QueryRunOptions): Estimate[] {
  const index = new Map(values.map((v, i) => [v, i]));
  const counts = new IndicatorMeans(values.length);
  const e = estimateTarget(getSpec(), plan, target, o, (x, lw) => counts.add(index.get(x) ?? -1, lw));
  return values.map((_, i) => counts.result(i, e.method, e.effectiveSampleSize !== undefined));
}

/**
 * A continuous target's mean, and its spread from the same rows: each sampling batch's rows are kept
 * (target-spread.ts) and summarised pooled; an exact mean gets its sd exactly, from E[target^2].
 */
function meanPlan(getSpec: () => ModelSpec, spec: QuerySpec & { kind: "single" }): Plan {
  const { plan, target } = targetPlan(getSpec, spec);
  const batches: SampleBuffer[] = [];
  return {
    estimate: each([(o) => {
      if (o.method !== "sampling") return estimateTarget(getSpec(), plan, target, o);
      const rows = new SampleBuffer(o.samples ?? 1);
      const e = estimateTarget(getSpec(), plan, target, o, (x, lw) => rows.add(x, lw));
      batches.push(rows);
      return e;
    }]),
    assemble: ([e]) => {
      if (!batches.length) {
        const sd = closedFormSd(e);
        // Gaussian: the sd, the 90% interval and the histogram are exact too.
        if (sd !== undefined) return { type: "mean", estimate: e, spread: gaussianSpread(e.value, sd) };
        const square = estimateTarget(getSpec(), plan, (read) => target(read) ** 2, { seed: 1, method: "exact" });
        return { type: "mean", estimate: e, spread: { sd: Math.sqrt(Math.max(0, square.value - e.value ** 2)) } };
      }
      const spread = spreadOf(batches);
      return { type: "mean", estimate: e, ...(spread ? { spread } : {}) };
    },
  };
}

/**
 * {0, 1} for bernoulli; the target's finite domain where the model's exact tables can be built (the
 * union of its mechanism's supports over its parents' values: every state, however improbable, up to
 * MAX_DECLARED of them); else the union of the finite supports of the distributions the support probe
 * saw at the target (a categorical's states below a continuous parent); otherwise (a count with
 * unbounded support) the values seen in a probe sample, when few and all integers, marked "observed".
 */
function discreteSupport(m: SpecSource, doA: ValueAssignment, z: string, distribution: string | undefined, seed: number): { kind: "declared" | "observed"; values: number[] } | undefined {
  if (distribution === "bernoulli") return { kind: "declared", values: [0, 1] };
  const domain = exactDomain(m.spec(), doA, z);
  if (domain) return domain.length <= MAX_DECLARED ? { kind: "declared", values: domain } : undefined;
  if (isLinearGaussian(m.spec())) return undefined; // every variable is normal: no probe needed
  // The distributions the support probe saw at the target: when each has a finite support (a
  // categorical's states, however improbable), their union is the target's domain, drawn or not.
  const seenAt = supportProbe(m.spec()).get(z) ?? [];
  const supports = seenAt.map((d) => d.support());
  if (seenAt.length && supports.every((x) => x !== undefined)) {
    const union = [...new Set(supports.flat() as number[])].sort((a, b) => a - b);
    const same = supports.every((x) => x!.length === union.length);
    if (union.length <= MAX_DECLARED && union.every(Number.isInteger)) return { kind: same ? "declared" : "observed", values: union };
  }
  const base = new Query<Values>(() => m.spec());
  const col = (Object.keys(doA).length ? base.do(doA) : base).sample(SUPPORT_PROBE, { seed })[z];
  if (!col) return undefined;
  const seen = new Set<number>();
  for (const x of col) {
    if (!Number.isInteger(x)) return undefined;
    seen.add(x);
    if (seen.size > MAX_DISCRETE) return undefined;
  }
  return { kind: "observed", values: [...seen].sort((a, b) => a - b) };
}

/** The values z takes in the exact network of do(doA), or undefined when the model has no exact tables. */
function exactDomain(spec: ModelSpec, doA: ValueAssignment, z: string): number[] | undefined {
  try {
    const net = cachedDiscreteNetwork(spec, [{ name: FACTUAL, do: doA }]);
    const r = net.ref(FACTUAL, z);
    return "value" in r ? [r.value] : net.domains[r.id];
  } catch (e) {
    if (e instanceof NotExactError) return undefined;
    throw e;
  }
}

function isLinearGaussian(spec: ModelSpec): boolean {
  if (!mayBeLinearGaussian(spec)) return false;
  try {
    linearGaussianForm(spec);
    return true;
  } catch (e) {
    if (e instanceof NotExactError) return false;
    throw e;
  }
}
