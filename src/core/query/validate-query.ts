/**
 * The checks every query gets before anything is sampled, whichever front end built it (the CLI's
 * flags, the panel's clicks, a library call of answer()): they run at the start of answer(), so in
 * the model process for the CLI and the editor alike. Each refuses a query whose answer would be a
 * number that looks meaningful and is not:
 * - a seed outside 0 .. 2^32 - 1 or not an integer (batch seeds are uint32s, so 2^32 would silently
 *   be seed 0); a sample budget below 2 (one sample has a standard error of 0, which reads as exact);
 * - a target that do() sets (its answer is the value set), in one world or in a named one; in an
 *   interventional query, a variable both set and observed (the panel refuses the same in
 *   webview/query/query-state.ts). An observed target is allowed here: the factual world beside a
 *   counterfactual is P(y | evidence on y) (the CLI refuses it from the user, as the panel does);
 * - P(Y = y) for a continuous Y (0 whatever the model), PNS and harm on a continuous outcome, and an
 *   event value outside the variable's support (the message `prob(...)` gives for a target value).
 * The messages name the CLI's flags where the fix is a flag: QuerySpec is the CLI's language.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { ModelSpec } from "../runtime/model-spec";
import { checkSupport, checkVariable } from "./check-names";
import type { QueryRunOptions, QuerySpec } from "./query-spec";
import { supportProbe } from "./support-probe";

export const MAX_SEED = 0xffffffff;

const refuse = (code: "invalid-argument" | "unsupported-query", message: string): never => {
  throw new CausalError(error(code, message));
};

/** The run options' problems, for a front end that checks before it starts a model process (undefined: none). */
export function runOptionsProblem(options: QueryRunOptions): string | undefined {
  const { seed, samples } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) return `the seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 2)) return `the sample budget must be an integer of at least 2 to estimate a standard error, got ${samples}`;
  return undefined;
}

/** The checks that need no model: options and the roles of the names a query mentions. */
export function queryShapeProblem(q: QuerySpec): string | undefined {
  if (q.kind === "single") {
    const t = q.target;
    if (Object.hasOwn(q.do, t)) return `${t} is set by do(); its answer is the value you set — ask about another variable`;
    if (q.counterfactual) return undefined;
    for (const id of Object.keys(q.given)) {
      if (Object.hasOwn(q.do, id)) return `${id} is both set by do() and observed (given): an interventional query cannot ask that; use --counterfactual to say what was observed before the action`;
    }
    return undefined;
  }
  const asked: { world: string; variable: string }[] = [
    ...(q.event ?? []),
    ...(q.mean ? ("difference" in q.mean ? q.mean.difference.map((world) => ({ world, variable: q.mean!.variable })) : [q.mean]) : []),
  ];
  for (const { world, variable } of asked) {
    if (q.worlds[world] && Object.hasOwn(q.worlds[world], variable)) return `${variable} is set by do() in world ${world}; its answer is the value you set — ask about another variable`;
  }
  return undefined;
}

/** Every check above and those that need the model (support of event values); throws a CausalError ("invalid-argument", "unsupported-query", "outside-support": a continuous event is outside any mass). */
export function validateQuery(spec: ModelSpec, q: QuerySpec, options: QueryRunOptions): void {
  const options_ = runOptionsProblem(options);
  if (options_) refuse("invalid-argument", options_);
  const shape = queryShapeProblem(q);
  if (shape) refuse("unsupported-query", shape);
  if (q.kind === "single") {
    if (q.value !== undefined) checkEventValue(spec, q.target, q.value, () => `P(${q.target} = ${q.value}) is 0 whatever the model; use --target ${q.target} for its mean or a threshold event such as --target "${q.target}>${q.value}"`);
    return;
  }
  for (const c of q.event ?? []) {
    const what = q.shortcut === "pns" ? "the probability of necessity and sufficiency" : q.shortcut === "harm" ? "the probability of harm" : undefined;
    checkEventValue(spec, c.variable, c.value, () => what
      ? `${what} needs a binary outcome; use --ett ${Object.keys(q.worlds.t ?? {})[0] ?? "X"} ${c.variable} for the effect on its mean`
      : `P(${c.world}.${c.variable} = ${c.value}) is 0 whatever the model; use --target ${c.world}.${c.variable} for its mean`);
  }
}

/** P(name = value) must be able to be positive: a discrete site whose support holds the value. */
function checkEventValue(spec: ModelSpec, name: string, value: number, continuousAdvice: () => string): void {
  checkVariable(spec, name, "prob()");
  const dists = supportProbe(spec).get(name) ?? [];
  if (dists.length && dists.every((d) => !d.discrete)) {
    const families = [...new Set(dists.map((d) => d.kind))].join(" or ");
    throw new CausalError(error("outside-support", `${name} is continuous (${families}): ${continuousAdvice()}`));
  }
  checkSupport(spec, name, value, "prob()");
}
