/**
 * Answers one RunQuery from the DAG panel: re-checks it against the model's variables (the webview is
 * not trusted to have done so), asks the graph engine whether it is identified, and runs ONE query job
 * in the model process (core/query/query-job.ts): the answer with progress, the observational
 * comparison, the ATE for a single binary intervention and the per-node sparkline summaries all come
 * back from that one round trip. The result is posted as soon as the answer is in (the summaries
 * follow in the same job); a newer Run stops the summaries without killing the process. The runner's
 * outcome is plain data; this file is where it becomes protocol DTOs. No `vscode` value import, so it
 * is unit-tested with fakes.
 */
import type { Diagnostic } from "../core/errors/diagnostic";
import type { ExtractedModel } from "../core/extract/extract-models";
import type { Answer } from "../core/query/answer";
import type { QueryCode } from "../core/query/query-as-code";
import type { AnsweredQuery } from "../core/query/query-job";
import type { SingleQuerySpec } from "../core/query/query-spec";
import type { AnswerDto, IdentificationDto, QueryFailed, RunQuery, ToWebview } from "../protocol/messages";
import { assignmentText, querySubject, queryText } from "../protocol/query-text";
import { checkedPost } from "./checked-post";
import { toRangeDto } from "./graph-source";
import type { PanelQueryJob, RunQueryJob, Token } from "./query-job-runner";
import { nameRecord } from "../core/runtime/name-record";

export interface QuerySessionDeps {
  runQueryJob: RunQueryJob;
  identify: (model: ExtractedModel, spec: SingleQuerySpec) => IdentificationDto;
  post: (m: ToWebview) => void;
  /** The model file on disk (the runner loads it) and the statically extracted model it holds. */
  file: string;
  model: ExtractedModel;
  /** Cancelling kills the model process (the answer is abandoned). */
  token?: Token;
  /** Cancelling skips what is left of the job (the summaries); the job still ends with what it has. */
  stop?: Token;
  /** Nodes summarised for sparklines, at most. */
  maxSummaries?: number;
  /** Called once the answer is posted (the sparkline summaries that follow may be stopped, not killed). */
  onAnswered?: () => void;
  /** Trained values to answer with (the model's parameters file) and the panel's line for them. */
  params?: { file: string; label: string };
}

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

/** The panel's request as the canonical QuerySpec. */
export function toSpec(req: RunQuery): SingleQuerySpec {
  return { kind: "single", counterfactual: req.counterfactual, do: { ...req.do }, given: { ...req.given }, target: req.target, ...(req.threshold ? { threshold: { ...req.threshold } } : {}) };
}

/** The heading: E[target | ...] for a mean (a continuous target), else P(...) (a distribution, or a threshold event's probability). */
export function resultText(spec: SingleQuerySpec, a: Answer): string {
  return a.type === "mean" ? `E[${querySubject(spec)}]` : queryText(spec);
}

function labels(req: RunQuery): { main: string; comparison: string } {
  if (req.counterfactual) return { main: `counterfactual: do(${assignmentText(req.do)})`, comparison: `factual: ${assignmentText(req.given)}` };
  const given = Object.keys(req.given).length ? ` | ${assignmentText(req.given)}` : "";
  // Seeing (the same values observed, comparisonSpec) beside doing (set by intervention).
  return Object.keys(req.do).length ? { main: `doing: do(${assignmentText(req.do)})${given}`, comparison: `seeing: ${assignmentText(req.do)}${given}` } : { main: `observed${given}`, comparison: "" };
}

/** The answer as the panel's DTO; a mean carries its spread (sd, 90% interval, histogram), a threshold probability its event's text. */
export function toAnswerDto(a: Answer, target: string, threshold?: RunQuery["threshold"]): AnswerDto {
  const est = (e: { value: number; standardError: number; method: string; samples?: number }) => ({
    value: e.value, standardError: e.standardError, method: e.method, ...(e.samples !== undefined ? { samples: e.samples } : {}),
  });
  if (a.type === "distribution") return { type: "distribution", variable: a.variable, rows: a.rows.map((r) => ({ value: r.value, estimate: est(r.estimate) })) };
  if (a.type === "mean") {
    const s = a.spread;
    const spread = s && Number.isFinite(s.sd) ? {
      sd: s.sd, ...(s.interval ? { interval: { ...s.interval } } : {}),
      ...(s.histogram ? { histogram: s.histogram.map((b) => ({ ...b })) } : {}), ...(s.outside !== undefined ? { outside: Math.min(1, Math.max(0, s.outside)) } : {}),
    } : undefined;
    return { type: "mean", variable: target, estimate: est(a.estimate), ...(spread ? { spread } : {}) };
  }
  return { type: "probability", estimate: est(a.estimate), ...(threshold ? { event: `${target} ${threshold.op} ${threshold.value}` } : {}) };
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

/** The job for one Run: answer, comparison (seeing or factual), ATE (binary do) and summaries of the intervention's observed descendants. */
export function queryJobFor(req: RunQuery, model: ExtractedModel, limits: { maxSummaries?: number; params?: { file: string } } = {}): PanelQueryJob {
  const declared: Record<string, string> = nameRecord();
  for (const v of model.variables) if (v.distribution) declared[v.name] = v.distribution;
  // Sparklines only where the action can act: the observed descendants of the intervened variables.
  const downstream = directedDescendants(model.graph, Object.keys(req.do));
  const variables = model.variables.filter((v) => !v.latent && !Object.hasOwn(req.do, v.name) && downstream.has(v.name)).slice(0, limits.maxSummaries ?? 40).map((v) => v.name);
  return {
    spec: toSpec(req), options: { seed: 1 }, declared, comparison: true, ate: !req.counterfactual,
    ...(Object.keys(req.do).length && variables.length ? { summaries: { variables } } : {}),
    ...(limits.params ? { params: { file: limits.params.file } } : {}),
  };
}

/** The nodes reached from `roots` along directed edges (roots excluded unless reached). */
function directedDescendants(graph: ExtractedModel["graph"], roots: string[]): Set<string> {
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const v = stack.pop()!;
    for (const e of graph.edges) {
      if (e.kind !== "directed" || e.from !== v || out.has(e.to)) continue;
      out.add(e.to);
      stack.push(e.to);
    }
  }
  return out;
}

/** Runs the query; every path ends in exactly one queryResult or queryFailed for `req.id` (then maybe nodeSummaries). */
export async function answerRunQuery(req: RunQuery, unchecked: QuerySessionDeps): Promise<void> {
  const deps = { ...unchecked, post: checkedPost(unchecked.post, req.id) };
  const started = performance.now();
  const invalid = checkRequest(req, deps.model);
  if (invalid) {
    deps.post({ type: "queryFailed", id: req.id, reason: "invalid", message: invalid });
    return;
  }
  const spec = toSpec(req);
  const identification = deps.identify(deps.model, spec);
  const label = labels(req);
  let answered = false;
  const postResult = (a: AnsweredQuery, code: QueryCode, notes: string[]) => {
    deps.post({
      type: "queryResult", id: req.id, text: resultText(spec, a.answer), counterfactual: req.counterfactual,
      main: { label: label.main, answer: toAnswerDto(a.answer, req.target, req.threshold) },
      ...(a.comparison ? { comparison: { label: label.comparison, answer: toAnswerDto(a.comparison, req.target, req.threshold) } } : {}),
      ...(a.ate ? { ate: a.ate } : {}),
      identification, code, elapsedMs: performance.now() - started,
      ...(notes.length ? { notes } : {}),
    });
    answered = true;
    deps.onAnswered?.();
  };
  const outcome = await deps.runQueryJob(deps.file, queryJobFor(req, deps.model, deps), {
    ...(deps.token ? { token: deps.token } : {}), ...(deps.stop ? { stop: deps.stop } : {}),
    onProgress: (e) => {
      if (e.type === "answered") return postResult(e.answered, e.code, e.notes);
      const p = e.progress;
      deps.post({ type: "queryProgress", id: req.id, label: label.main, samples: p.samples, done: Math.min(1, p.batch / Math.max(1, p.batches)), answer: toAnswerDto(p.answer, req.target, req.threshold) });
    },
  });
  if (outcome.status === "answered") {
    const used = outcome.result.params;
    // The stale rule is core/io/params-file.ts's: names and sizes of the declared params against the file.
    if (used && deps.params) deps.post(used.used ? { type: "paramsStatus", text: deps.params.label } : { type: "paramsStatus", text: deps.params.label, stale: `${used.stale ?? "the parameters file no longer fits the model"}; queries use the declared values until you train again` });
    if (!answered) postResult(outcome.result, outcome.code, used && !used.used ? [...outcome.notes, `Answered with the model's declared param values: ${used.stale ?? "the trained values no longer fit"}.`] : outcome.notes);
    const nodes = outcome.result.summaries ?? [];
    if (nodes.length) deps.post({ type: "nodeSummaries", id: req.id, nodes: nodes.map((n) => ({ id: n.variable, observed: n.observed, intervened: n.intervened })), action: Object.keys(req.do), counterfactual: req.counterfactual });
    return;
  }
  // Stopped or failed after the answer was posted: the sparklines are left out, the answer stands.
  if (answered) return;
  if (outcome.status === "cancelled") {
    deps.post({ type: "queryFailed", id: req.id, reason: "cancelled", message: "Cancelled: the model process was stopped; the next query starts a fresh one." });
    return;
  }
  deps.post(failure(req.id, outcome.diagnostics[0], outcome.message));
}
