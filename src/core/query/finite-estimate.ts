/**
 * A non-finite estimate is a failure, not an answer (issue 13: normal(1e308, 1e308) printed
 * "NaN ± NaN", its JSON carried null against a number schema and the panel stayed "Running…").
 * Raised in core, so the CLI, the model process and the library report it alike, with the
 * variable's position. A mean of samples is not finite when a sample is (±Infinity, NaN) or when
 * their sum or sum of squares passes the largest double, about 1.8e308.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";
import type { ModelSpec } from "../runtime/model-spec";
import type { Answer } from "./answer";
import type { QuerySpec } from "./query-spec";

/** `e` when its value and standard error are finite; else "the estimate of E[y] is not finite (NaN): samples of y overflowed; ...". */
export function finiteEstimate(e: Estimate, what: string, spec: ModelSpec, variable?: string, part?: string): Estimate {
  if (part === undefined && Number.isFinite(e.value) && Number.isFinite(e.standardError)) return e;
  part ??= Number.isFinite(e.value) ? `has a standard error that is not finite (${e.standardError})` : `is not finite (${e.value})`;
  const v = variable === undefined ? undefined : spec.variables.find((x) => x.name === variable);
  const name = v?.name ?? "the target";
  const overflow = e.samples !== undefined
    ? `samples of ${name} overflowed (a value, or the sum of their squares, passed the largest double, about 1.8e308)`
    : `${name}'s values, or their squares, pass the largest double (about 1.8e308)`;
  const cause = v ? `${overflow}; rescale ${v.name} (other units) or check the parameters of its mechanism` : `${overflow}; rescale it`;
  throw new CausalError(error("non-finite-estimate", `the estimate of ${what} ${part}: ${cause}`, v?.range));
}

/** Every estimate of an answer, checked, and the target's spread (the same samples; checked in case only it overflows). */
export function finiteAnswer(a: Answer, query: QuerySpec, spec: ModelSpec): Answer {
  const variable = query.kind === "single" ? query.target : (query.mean?.variable ?? query.event?.[0]?.variable);
  const what = describe(query);
  if (a.type === "distribution") for (const r of a.rows) finiteEstimate(r.estimate, `P(${a.variable} = ${r.value})`, spec, variable);
  else finiteEstimate(a.estimate, what, spec, variable);
  if (a.type === "mean" && a.spread && JSON.stringify(a.spread, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? "!" : x)).includes('"!"')) {
    finiteEstimate(a.estimate, what, spec, variable, "has a spread (sd or 90% interval) that is not finite");
  }
  return a;
}

function describe(q: QuerySpec): string {
  if (q.kind === "single") return q.threshold ? `P(${q.target} ${q.threshold.op} ${q.threshold.value})` : `E[${q.target}]`;
  if (!q.mean) return "the event's probability";
  return "difference" in q.mean ? `E[${q.mean.difference[0]}.${q.mean.variable} - ${q.mean.difference[1]}.${q.mean.variable}]` : `E[${q.mean.world}.${q.mean.variable}]`;
}
