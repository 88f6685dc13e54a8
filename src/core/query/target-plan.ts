/**
 * A single-world (or counterfactual) query's sampling plan and the world its target is read in, for
 * answer()'s mean of a continuous target, which also collects the sampled rows (target-spread.ts).
 * The plan is the one Query.mean / CounterfactualQuery.mean use (the same worlds, evidence and
 * reader), so the mean has the same digits as theirs for the same seed (answer.test.ts checks it).
 */
import type { Target } from "../infer/estimate";
import { descendantsOf, FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { checkVariable } from "./check-names";
import type { TargetPlan } from "./estimate-target";
import { Query } from "./query";
import type { ValueAssignment } from "./query-spec";

/** The counterfactual world's name in CounterfactualQuery (events and means are read there). */
export const COUNTERFACTUAL_WORLD = "counterfactual";

/** Exposes Query's own plan (its interventions and evidence, with the do-versus-evidence check). */
class PlannedQuery extends Query<Record<string, number>> {
  planFor(spec: ModelSpec): TargetPlan {
    return this.plan(spec);
  }
}

export function targetPlan(
  getSpec: () => ModelSpec, q: { counterfactual: boolean; do: ValueAssignment; given: ValueAssignment; target: string },
): { plan: TargetPlan; target: Target } {
  const spec = getSpec();
  checkVariable(spec, q.target, "mean()");
  const z = q.target;
  if (q.counterfactual) {
    const worlds = [{ name: FACTUAL, do: {} }, { name: COUNTERFACTUAL_WORLD, do: { ...q.do }, affected: descendantsOf(spec, Object.keys(q.do)) }];
    return { plan: { worlds, evidence: { ...q.given } }, target: (read) => read(COUNTERFACTUAL_WORLD, z) };
  }
  const plan = new PlannedQuery(getSpec, q.do, q.given).planFor(spec);
  return { plan, target: (read) => read(FACTUAL, z) };
}
