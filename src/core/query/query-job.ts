/**
 * Everything one Run of a query needs, as one job over plain data: the answer (with progress), the
 * comparison (seeing: the same values observed instead of set; for a counterfactual, the factual
 * world), the average treatment effect for a single binary intervention and, for each descendant of
 * the intervention, its distribution when seeing and when doing (the panel's sparklines). The model
 * process runs it in one round trip; tests and the CLI can run it in-process and get the same digits.
 *
 * Seeds: the answer and its comparison use `options.seed`; the ATE's other arm `seed + 1` (mod 2^32; so the
 * arms are independent and their standard errors add in quadrature). The summaries use the answer's
 * own seed, budget and method, so they come from the same draws as the answer and the target's
 * sparkline is the answer's numbers (it is the answer and its comparison, not a second estimate).
 *
 *     const r = await runQueryJob(m, { spec: m.do({ x: 1 }).toSpec("y"), options: { seed: 1 }, comparison: true, ate: true });
 */
import { CausalError, type Diagnostic, error } from "../errors/diagnostic";
import { eValue } from "../criticism/sensitivity";
import { descendantsOf } from "../runtime/model-spec";
import { type Answer, answer, answerProgressive, comparisonSpec, type QueryProgress, type SpecSource } from "./answer";
import type { QueryRunOptions, QuerySpec, SingleQuerySpec } from "./query-spec";

export interface QueryJob {
  spec: QuerySpec;
  options: QueryRunOptions;
  /** Each variable's statically declared distribution ("bernoulli" fixes a support to {0, 1} and allows the ATE). */
  declared?: Record<string, string>;
  /** Also answer the comparison (comparisonSpec: seeing beside doing, factual beside counterfactual). */
  comparison?: boolean;
  /** Also compute the ATE when the query is a single intervention on a bernoulli variable. */
  ate?: boolean;
  /**
   * Also summarise these variables with and without the action, with the answer's seed and budget.
   * Only descendants of the intervention are summarised (any other listed variable is skipped: the
   * action cannot move it, so a difference there would be noise or, when seeing, mere association).
   */
  summaries?: { variables: string[] };
}

/** E[outcome | do(treatment = 1)] - E[outcome | do(treatment = 0)] with its 95% interval (± 1.96 se). */
export interface AverageTreatmentEffect {
  treatment: string;
  outcome: string;
  treated: number;
  control: number;
  value: number;
  standardError: number;
  low: number;
  high: number;
  /**
   * For a binary outcome: the risk ratio P(Y=1 | do(X=1)) / P(Y=1 | do(X=0)) with its 95% interval
   * (delta method on log RR) and its E-value (VanderWeele & Ding 2017) in words: how strong a
   * confounder the model leaves out would have to be to explain the effect away.
   */
  sensitivity?: { riskRatio: number; lower: number; upper: number; eValue: number; eValueInterval: number; sentence: string; intervalSentence: string };
}

/** A node's distribution in one world, for a sparkline: probabilities over a few values (with their standard errors), or a mean. */
export type MarginalSummary =
  | { kind: "discrete"; values: number[]; probabilities: number[]; standardErrors: number[] }
  | { kind: "mean"; mean: number; standardError: number };

export interface NodeSummary {
  variable: string;
  observed: MarginalSummary;
  intervened: MarginalSummary;
}

/** The answer and what sits beside it; sent as a progress report before the summaries start. */
export interface AnsweredQuery {
  model: string;
  answer: Answer;
  comparison?: Answer;
  ate?: AverageTreatmentEffect;
  /** Why the ATE's other arm could not be computed (the answer itself stands). */
  ateFailure?: { arm: string; diagnostic: Diagnostic };
  /** Why the comparison world could not be computed (e.g. seeing X = x has probability 0); the answer itself stands. */
  comparisonFailure?: { diagnostic: Diagnostic };
}

export interface QueryJobResult extends AnsweredQuery {
  /** Absent when not asked for, when the query has no action, or when the job was stopped before them. */
  summaries?: NodeSummary[];
}

export type QueryJobProgress = { type: "batch"; progress: QueryProgress } | { type: "answered"; answered: AnsweredQuery };

export interface QueryJobHandlers {
  onProgress?: (p: QueryJobProgress) => void | Promise<void>;
  /** True once the caller no longer wants the rest (awaited between the summaries' queries, so a caller can let its event loop run). */
  stopped?: () => boolean | Promise<boolean>;
  /** Turns a throw in one of the secondary queries into a Diagnostic (the model process remaps it to the user's file). */
  toDiagnostic?: (e: unknown) => Diagnostic;
}

export async function runQueryJob(m: SpecSource, job: QueryJob, handlers: QueryJobHandlers = {}): Promise<QueryJobResult> {
  const { spec, options, declared = {} } = job;
  const distributionOf = (s: QuerySpec) => (s.kind === "single" ? declared[s.target] : undefined);
  const main = await answerProgressive(m, spec, { ...options, distribution: distributionOf(spec) }, (progress) => handlers.onProgress?.({ type: "batch", progress }));
  const cmp = job.comparison ? comparisonSpec(spec) : undefined;
  let comparison: Answer | undefined;
  let comparisonFailure: AnsweredQuery["comparisonFailure"];
  try {
    comparison = cmp ? answer(m, cmp, { ...options, distribution: distributionOf(cmp) }) : undefined;
  } catch (e) {
    // Seeing X = x can be impossible where doing it is not (x outside what the model ever produces): the answer stands.
    comparisonFailure = { diagnostic: (handlers.toDiagnostic ?? toDiagnostic)(e) };
  }
  const answered: AnsweredQuery = { model: m.spec().name, answer: main, ...(comparison ? { comparison } : {}), ...(comparisonFailure ? { comparisonFailure } : {}) };
  if (job.ate) Object.assign(answered, binaryAte(m, spec, main, job, handlers.toDiagnostic ?? toDiagnostic));
  await handlers.onProgress?.({ type: "answered", answered });
  const summaries = job.summaries ? await summarise(m, spec, job, { main, ...(comparison ? { comparison } : {}) }, handlers) : undefined;
  return { ...answered, ...(summaries ? { summaries } : {}) };
}

/** E[target] with its standard error, when the answer gives it exactly: a mean, or a 0/1 distribution (mean = P(1)). */
export function meanOf(a: Answer): { value: number; standardError: number } | undefined {
  if (a.type === "mean") return a.estimate;
  if (a.type !== "distribution") return undefined;
  if (!a.rows.every((r) => r.value === 0 || r.value === 1)) return undefined;
  const one = a.rows.find((r) => r.value === 1);
  return one ? one.estimate : { value: 0, standardError: 0 };
}

/** An answer as a sparkline's data (probabilities clamped to [0, 1]); a bare probability has none. */
export function marginalSummary(a: Answer): MarginalSummary | undefined {
  if (a.type === "distribution") {
    return { kind: "discrete", values: a.rows.map((r) => r.value), probabilities: a.rows.map((r) => Math.min(1, Math.max(0, r.estimate.value))), standardErrors: a.rows.map((r) => r.estimate.standardError) };
  }
  if (a.type === "mean") return { kind: "mean", mean: a.estimate.value, standardError: a.estimate.standardError };
  return undefined;
}

/**
 * With one intervention on a bernoulli variable and a target whose mean the answer gives, the other
 * arm is answered too: ATE = E[Y | do(X=1)] - E[Y | do(X=0)], 95% interval = ATE ± 1.96 se.
 */
function binaryAte(m: SpecSource, spec: QuerySpec, here: Answer, job: QueryJob, toDiag: (e: unknown) => Diagnostic): Pick<AnsweredQuery, "ate" | "ateFailure"> {
  if (spec.kind !== "single" || spec.counterfactual) return {};
  const names = Object.keys(spec.do);
  if (names.length !== 1) return {};
  const x = names[0];
  if (job.declared?.[x] !== "bernoulli") return {};
  const mine = meanOf(here);
  if (!mine) return {};
  const other = 1 - spec.do[x];
  let there: ReturnType<typeof meanOf>;
  try {
    const arm: SingleQuerySpec = { ...spec, do: { [x]: other } };
    there = meanOf(answer(m, arm, { ...job.options, seed: (job.options.seed + 1) % 2 ** 32, distribution: job.declared?.[spec.target] }));
  } catch (e) {
    return { ateFailure: { arm: `do(${x} = ${other})`, diagnostic: toDiag(e) } };
  }
  if (!there) return {};
  const [t, c] = spec.do[x] === 1 ? [mine, there] : [there, mine];
  const value = t.value - c.value;
  const standardError = Math.sqrt(t.standardError ** 2 + c.standardError ** 2);
  const sensitivity = job.declared?.[spec.target] === "bernoulli" ? riskRatioSensitivity(x, spec.target, t, c) : undefined;
  return { ate: { treatment: x, outcome: spec.target, treated: 1, control: 0, value, standardError, low: value - 1.96 * standardError, high: value + 1.96 * standardError, ...(sensitivity ? { sensitivity } : {}) } };
}

/** The E-value of the risk ratio of two arms' probabilities; none when an arm's probability is 0 or 1 (the ratio or its interval is unbounded). */
function riskRatioSensitivity(x: string, y: string, t: { value: number; standardError: number }, c: { value: number; standardError: number }): AverageTreatmentEffect["sensitivity"] {
  if (!(t.value > 0 && t.value < 1 && c.value > 0 && c.value < 1)) return undefined;
  const rr = t.value / c.value;
  const se = Math.sqrt((t.standardError / t.value) ** 2 + (c.standardError / c.value) ** 2);
  const lower = rr * Math.exp(-1.96 * se), upper = rr * Math.exp(1.96 * se);
  const e = eValue({ measure: "risk-ratio", estimate: rr, lower, upper, exposure: x, outcome: y, beyond: "the model's variables", estimateName: `the model's risk ratio P(${y} = 1 | do(${x} = 1)) / P(${y} = 1 | do(${x} = 0))` });
  return { riskRatio: rr, lower, upper, eValue: e.eValue, eValueInterval: e.eValueInterval ?? 1, sentence: e.sentence, intervalSentence: e.intervalSentence ?? "" };
}

/**
 * Each listed descendant of the intervention, seeing (the comparison world) and doing (the answer's
 * world), answered with the answer's own options; the target is the answer itself when the answer is
 * its whole distribution. A node whose query fails is left out.
 */
async function summarise(m: SpecSource, spec: QuerySpec, job: QueryJob, answered: { main: Answer; comparison?: Answer }, handlers: QueryJobHandlers): Promise<NodeSummary[] | undefined> {
  if (spec.kind !== "single" || !Object.keys(spec.do).length || !job.summaries) return undefined;
  const downstream = descendantsOf(m.spec(), Object.keys(spec.do));
  const out: NodeSummary[] = [];
  for (const variable of job.summaries.variables) {
    if (!downstream.has(variable) || Object.hasOwn(spec.do, variable)) continue;
    if (await handlers.stopped?.()) return undefined;
    const node: SingleQuerySpec = { kind: "single", counterfactual: spec.counterfactual, do: spec.do, given: spec.given, target: variable };
    const whole = variable === spec.target && spec.value === undefined && spec.threshold === undefined;
    const distribution = job.declared?.[variable];
    try {
      const doing = whole ? answered.main : answer(m, node, { ...job.options, distribution });
      const seeing = whole && answered.comparison ? answered.comparison : answer(m, comparisonSpec(node)!, { ...job.options, distribution });
      const observed = marginalSummary(seeing), intervened = marginalSummary(doing);
      if (observed && intervened && observed.kind === intervened.kind) out.push({ variable, observed, intervened });
    } catch {
      continue;
    }
  }
  return out;
}

function toDiagnostic(e: unknown): Diagnostic {
  return e instanceof CausalError ? e.diagnostic : error("internal", e instanceof Error ? e.message : String(e));
}
