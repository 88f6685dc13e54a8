/**
 * Vectorised ancestral sampling and likelihood weighting, single- or multi-world, built from
 * the handlers: seed, score (likelihood weights), condition (evidence in the factual world), do (single world) or
 * multi-world (counterfactual worlds sharing the factual noise). Rows come in batches; each
 * batch is handed to `visit` with its columns and log weights.
 */
import { ConditionHandler } from "../runtime/handlers/condition";
import { DoHandler } from "../runtime/handlers/do";
import { MultiWorldHandler } from "../runtime/handlers/multi-world";
import { ScoreHandler } from "../runtime/handlers/score";
import { SeedHandler } from "../runtime/handlers/seed";
import type { Handler } from "../runtime/message";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { createRng } from "../random/rng";
import { runModel, type BatchResult } from "../runtime/run-model";
import { Runtime } from "../runtime/runtime";
import type { WorldSpec } from "./discrete-network";
import { copyNames, nameRecord } from "../runtime/name-record";

export interface SamplingPlan {
  /** worlds[0] is the factual world (its `do` applies there); further worlds are counterfactual. */
  worlds: readonly WorldSpec[];
  evidence: Readonly<Record<string, number>>;
  samples: number;
  seed: number;
  batchSize?: number;
}

export function sampleWorlds(spec: ModelSpec, plan: SamplingPlan, visit: (batch: BatchResult, n: number) => void): void {
  const rt = new Runtime(spec.variables.map((v) => v.name));
  const rng = createRng(plan.seed);
  const [first, ...others] = plan.worlds;
  const handlers: Handler[] = [new SeedHandler(rng), new ScoreHandler(), new ConditionHandler(plan.evidence, FACTUAL)];
  if (Object.keys(first.do).length) handlers.push(new DoHandler(first.do, FACTUAL));
  if (others.length) {
    const dos: Record<string, Record<string, number>> = nameRecord(), affected = new Map<string, ReadonlySet<string>>();
    for (const w of others) { dos[w.name] = copyNames(w.do); affected.set(w.name, w.affected ?? new Set()); }
    handlers.push(new MultiWorldHandler(dos, affected));
  }
  const names = plan.worlds.map((w) => w.name);
  const batch = Math.max(1, Math.min(plan.batchSize ?? 1 << 16, plan.samples));
  rt.run(handlers, () => {
    for (let done = 0; done < plan.samples; done += batch) {
      const n = Math.min(batch, plan.samples - done);
      visit(runModel(rt, spec, n, names), n);
    }
  });
}
