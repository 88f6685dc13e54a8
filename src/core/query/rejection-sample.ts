/**
 * Exact draws from a conditional distribution by rejection: run the (intervened) model in
 * batches and keep the rows that match the evidence. Evidence on a continuous variable has
 * probability zero per row, so it is refused; so is evidence too rare to reach n rows.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { WorldSpec } from "../infer/discrete-network";
import { sampleWorlds } from "../infer/sample-worlds";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";

const MAX_DRAWS = 20_000_000;

export function rejectionSample(spec: ModelSpec, plan: { worlds: readonly WorldSpec[]; evidence: Record<string, number> }, n: number, seed: number): Record<string, Float64Array> {
  const names = spec.variables.map((v) => v.name);
  const out: Record<string, Float64Array> = Object.fromEntries(names.map((k) => [k, new Float64Array(n)]));
  const ev = Object.entries(plan.evidence);
  let kept = 0, drawn = 0, round = 0;
  while (kept < n) {
    if (drawn >= MAX_DRAWS) {
      throw new CausalError(error("unsupported-query", `sample(): only ${kept} of ${drawn} draws matched the evidence ${ev.map(([k, x]) => `${k} = ${x}`).join(", ")}; it is too rare (or has probability 0, e.g. on a continuous variable) for rejection sampling. Use prob()/mean(), which weight by the likelihood.`));
    }
    const batch = Math.min(MAX_DRAWS - drawn, Math.max(4096, 2 * (n - kept)));
    sampleWorlds(spec, { worlds: plan.worlds, evidence: {}, samples: batch, seed: seed + 7919 * round++, batchSize: batch }, (b, m) => {
      const cols = b.worlds[FACTUAL];
      if (round === 1) refuseContinuous(cols, ev, m);
      for (let i = 0; i < m && kept < n; i++) {
        if (!ev.every(([k, x]) => cols[k][i] === x)) continue;
        for (const k of names) out[k][kept] = cols[k][i];
        kept++;
      }
    });
    drawn += batch;
  }
  return out;
}

/** Evidence never matched by a variable that takes (almost) all-distinct values is continuous: refuse at once. */
function refuseContinuous(cols: Record<string, Float64Array>, ev: [string, number][], m: number): void {
  for (const [k, x] of ev) {
    const col = cols[k].subarray(0, m);
    if (col.includes(x)) continue;
    if (new Set(col).size > m / 2) {
      throw new CausalError(error("unsupported-query", `sample(): the evidence ${k} = ${x} is on a continuous variable (probability 0 per draw), so rejection sampling cannot condition on it. Use prob()/mean(), which weight by the likelihood.`));
    }
  }
}
