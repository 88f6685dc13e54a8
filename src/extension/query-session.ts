/**
 * Answers one RunQuery from the DAG panel: re-checks it against the model's variables (the webview is
 * not trusted to have done so), asks the graph engine whether it is identified, runs it through the
 * model runner (a separate process) with progress, adds the ATE for a single binary intervention and
 * the per-node sparkline summaries, and posts protocol messages. RUNNER's QueryOutcome is plain data;
 * this file is where it becomes DTOs. No `vscode` value import, so it is unit-tested with fakes.
 */
import type * as vscode from "vscode";
import type { Diagnostic } from "../core/errors/diagnostic";
import type { ExtractedModel } from "../core/extract/extract-models";
import type { Answer, QueryProgress as RunnerProgress } from "../core/query/answer-query";
import type { QuerySpec, SingleQuerySpec } from "../core/query/query-spec";
import type { AnswerDto, IdentificationDto, NodeSummaries, QueryFailed, RunQuery, SummaryDto, ToWebview } from "../protocol/messages";
import type { QueryOutcome, RunQueryOptions } from "./model-runner";
import { toRangeDto } from "./graph-source";

export interface QuerySessionDeps {
  runQuery: (file: string, spec: QuerySpec, options?: RunQueryOptions) => Promise<QueryOutcome>;
  identify: (model: ExtractedModel, spec: SingleQuerySpec) => IdentificationDto;
  post: (m: ToWebview) => void;
  /** The model file on disk (the runner loads it) and the statically extracted model it holds. */
  file: string;
  model: ExtractedModel;
  token?: vscode.CancellationToken;
  /** Nodes summarised for sparklines, at most (each costs one runner call). */
  maxSummaries?: number;
  /** Sample budget per sparkline summary. */
  summarySamples?: number;
  /** Called once the answer is posted (the sparkline summaries that follow may be abandoned, not killed). */
  onAnswered?: () => void;
  /** True once a newer query wants the model process: the summaries stop between calls. */
  superseded?: () => boolean;
}

const fmtAssign = (a: Record<string, number>) => Object.entries(a).map(([k, v]) => `${k} = ${v}`).join(", ");

/** Problems with the request that stop it before any code runs (names, latent targets/evidence, bernoulli values). */
export function checkRequest(req: RunQuery, model: ExtractedModel): string | undefined {
  const vars = new Map(model.variables.map((v) => [v.name, v]));
  const unknown = [req.target, ...Object.keys(req.do), ...Object.keys(req.given)].filter((n) => !vars.has(n));
  if (unknown.length) return `${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not a variable of ${model.name}`;
  if (vars.get(req.target)!.latent) return `${req.target} is latent: a query asks about observed variables; choose an observed target`;
  const latentEvidence = Object.keys(req.given).filter((n) => vars.get(n)!.latent);
  if (latentEvidence.length) return `${latentEvidence.join(", ")} ${latentEvidence.length === 1 ? "is" : "are"} latent (never observed), so cannot be evidence`;
  for (const [n, v] of [...Object.entries(req.do), ...Object.entries(req.given)]) {
    if (vars.get(n)!.distribution === "bernoulli" && v !== 0 && v !== 1) return `${n} is bernoulli: its values are 0 and 1, not ${v}`;
  }
  if (req.target in req.do) return `${req.target} is both intervened on and the target`;
  if (req.counterfactual && (!Object.keys(req.do).length || !Object.keys(req.given).length)) return "a counterfactual needs both an action (do) and factual evidence (given)";
  return undefined;
}

export function toSpec(req: RunQuery, target = req.target): SingleQuerySpec {
  return { kind: "single", counterfactual: req.counterfactual, do: { ...req.do }, given: { ...req.given }, target };
}

export function queryText(req: RunQuery): string {
  if (req.counterfactual) return `P(${req.target} had ${fmtAssign(req.do)} | factual ${fmtAssign(req.given)})`;
  const parts = [Object.keys(req.do).length ? `do(${fmtAssign(req.do)})` : "", fmtAssign(req.given)].filter(Boolean);
  return `P(${req.target}${parts.length ? ` | ${parts.join(", ")}` : ""})`;
}

function labels(req: RunQuery): { main: string; comparison: string } {
  if (req.counterfactual) return { main: `counterfactual: do(${fmtAssign(req.do)})`, comparison: `factual: ${fmtAssign(req.given)}` };
  const given = Object.keys(req.given).length ? ` | ${fmtAssign(req.given)}` : "";
  return Object.keys(req.do).length ? { main: `do(${fmtAssign(req.do)})${given}`, comparison: `observed${given}` } : { main: `observed${given}`, comparison: "" };
}

export function toAnswerDto(a: Answer, target: string): AnswerDto {
  const est = (e: { value: number; standardError: number; method: string; samples?: number }) => ({
    value: e.value, standardError: e.standardError, method: e.method, ...(e.samples !== undefined ? { samples: e.samples } : {}),
  });
  if (a.type === "distribution") return { type: "distribution", variable: a.variable, rows: a.rows.map((r) => ({ value: r.value, estimate: est(r.estimate) })) };
  if (a.type === "mean") return { type: "mean", variable: target, estimate: est(a.estimate) };
  return { type: "probability", estimate: est(a.estimate) };
}

/** E[target] with its standard error, when the answer gives it exactly: a mean, or a 0/1 distribution (mean = P(1)). */
export function meanOf(a: Answer): { value: number; standardError: number } | undefined {
  if (a.type === "mean") return a.estimate;
  if (a.type !== "distribution") return undefined;
  if (!a.rows.every((r) => r.value === 0 || r.value === 1)) return undefined;
  const one = a.rows.find((r) => r.value === 1);
  return one ? one.estimate : { value: 0, standardError: 0 };
}

export function toSummary(a: Answer): SummaryDto | undefined {
  if (a.type === "distribution") return { kind: "discrete", values: a.rows.map((r) => r.value), probabilities: a.rows.map((r) => Math.min(1, Math.max(0, r.estimate.value))) };
  if (a.type === "mean") return { kind: "mean", mean: a.estimate.value, standardError: a.estimate.standardError };
  return undefined;
}

/** Diagnostic codes that mean "this query cannot be asked of this model" rather than "the model broke". */
const INPUT_ERRORS = new Set(["impossible-evidence", "outside-support", "unknown-variable", "invalid-argument", "unsupported-query"]);

function failure(id: number, d: Diagnostic | undefined, message: string): QueryFailed {
  const code = d?.code ?? "";
  const reason: QueryFailed["reason"] = /timeout/.test(code) || /timed out|time limit/i.test(message) ? "timeout"
    : /untrusted/i.test(code + message) ? "untrusted"
    : INPUT_ERRORS.has(code) ? "invalid" : "model-error";
  return { type: "queryFailed", id, reason, message, ...(d?.range ? { range: toRangeDto(d.range), ...(d.range.file ? { file: d.range.file } : {}) } : {}) };
}

/** Runs the query; every path ends in exactly one queryResult or queryFailed for `req.id` (then maybe nodeSummaries). */
export async function answerRunQuery(req: RunQuery, deps: QuerySessionDeps): Promise<void> {
  const started = performance.now();
  const invalid = checkRequest(req, deps.model);
  if (invalid) {
    deps.post({ type: "queryFailed", id: req.id, reason: "invalid", message: invalid });
    return;
  }
  const spec = toSpec(req);
  const identification = deps.identify(deps.model, spec);
  const label = labels(req);
  const onProgress = (p: RunnerProgress) => {
    deps.post({ type: "queryProgress", id: req.id, label: label.main, samples: p.samples, done: Math.min(1, p.batch / Math.max(1, p.batches)), answer: toAnswerDto(p.answer, req.target) });
  };
  const outcome = await deps.runQuery(deps.file, spec, { onProgress, token: deps.token, run: { seed: 1 } });
  if (outcome.status === "cancelled") {
    deps.post({ type: "queryFailed", id: req.id, reason: "cancelled", message: "Cancelled: the model process was stopped; the next query starts a fresh one." });
    return;
  }
  if (outcome.status === "failed") {
    deps.post(failure(req.id, outcome.diagnostics[0], outcome.message));
    return;
  }
  const notes: string[] = [];
  const ate = req.counterfactual ? undefined : await binaryAte(req, outcome.answer, deps, notes);
  deps.post({
    type: "queryResult", id: req.id, text: queryText(req), counterfactual: req.counterfactual,
    main: { label: label.main, answer: toAnswerDto(outcome.answer, req.target) },
    ...(outcome.comparison ? { comparison: { label: label.comparison, answer: toAnswerDto(outcome.comparison, req.target) } } : {}),
    ...(ate ? { ate } : {}),
    identification, code: outcome.code, elapsedMs: performance.now() - started,
    ...(notes.length ? { notes } : {}),
  });
  deps.onAnswered?.();
  await summarise(req, deps);
}

/**
 * With one intervention on a bernoulli variable and a target whose mean the answer gives, the other
 * arm is run too (seed 2, so the arms are independent and the standard errors add in quadrature):
 * ATE = E[Y | do(X=1)] - E[Y | do(X=0)], 95% interval = ATE ± 1.96 se.
 */
async function binaryAte(req: RunQuery, answer: Answer, deps: QuerySessionDeps, notes: string[]) {
  const names = Object.keys(req.do);
  if (names.length !== 1) return undefined;
  const x = names[0];
  if (deps.model.variables.find((v) => v.name === x)?.distribution !== "bernoulli") return undefined;
  const here = meanOf(answer);
  if (!here) return undefined;
  const other = 1 - req.do[x];
  const outcome = await deps.runQuery(deps.file, { ...toSpec(req), do: { [x]: other } }, { token: deps.token, run: { seed: 2 }, comparison: false });
  if (outcome.status !== "answered") {
    if (outcome.status === "failed") notes.push(`The ATE's other arm do(${x} = ${other}) failed: ${outcome.message}`);
    return undefined;
  }
  const there = meanOf(outcome.answer);
  if (!there) return undefined;
  const [t, c] = req.do[x] === 1 ? [here, there] : [there, here];
  const value = t.value - c.value;
  const standardError = Math.sqrt(t.standardError ** 2 + c.standardError ** 2);
  return { treatment: x, outcome: req.target, treated: 1, control: 0, value, standardError, low: value - 1.96 * standardError, high: value + 1.96 * standardError };
}

/** Each observed node's marginal with and without the action (one runner call per node, cheap budget). */
async function summarise(req: RunQuery, deps: QuerySessionDeps): Promise<void> {
  if (!Object.keys(req.do).length) return;
  const nodes: NodeSummaries["nodes"] = [];
  const candidates = deps.model.variables.filter((v) => !v.latent && !(v.name in req.do)).slice(0, deps.maxSummaries ?? 40);
  for (const v of candidates) {
    if (deps.token?.isCancellationRequested || deps.superseded?.()) return;
    const outcome = await deps.runQuery(deps.file, toSpec(req, v.name), { token: deps.token, run: { seed: 3, samples: deps.summarySamples ?? 4000 } });
    if (outcome.status !== "answered" || !outcome.comparison) continue;
    const observed = toSummary(outcome.comparison);
    const intervened = toSummary(outcome.answer);
    if (observed && intervened && observed.kind === intervened.kind) nodes.push({ id: v.name, observed, intervened });
  }
  if (nodes.length) deps.post({ type: "nodeSummaries", id: req.id, nodes });
}
