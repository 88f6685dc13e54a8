// Gumbel-max counterfactuals and the FrozenLake OPE sample: per-call costs of the primitives and
// the wall time of the sample's whole experiment. Medians of repeated timings, in milliseconds.
import { counterfactualCategorical, posteriorGumbels } from "../src/core/distributions/gumbel-max";
import { counterfactualCategoricalExact } from "../src/core/distributions/gumbel-max-exact";
import { createRng } from "../src/core/random/rng";
import { runExperiment } from "../samples/frozenlake-ope/experiment";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, repeats: number): number {
  const ts: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export async function bench(): Promise<Record<string, unknown>> {
  const rng = createRng(1);
  const p16 = Array.from({ length: 16 }, (_, j) => (j + 1) / 136), logits16 = Float64Array.from(p16, Math.log);
  const q16 = [...p16].reverse();
  const out = new Float64Array(16), calls = 100_000;
  const posteriorMs = time(() => { for (let i = 0; i < calls; i++) posteriorGumbels(logits16, i % 16, rng, out); }, 7);
  const exactMs = time(() => { for (let i = 0; i < 10_000; i++) counterfactualCategoricalExact(p16, i % 16, q16); }, 7);
  const mcMs = time(() => counterfactualCategorical(p16, 3, q16, rng, 100_000), 7);
  const experimentMs = time(() => runExperiment(), 3);
  return {
    posteriorGumbels16PerSecond: Math.round(calls / (posteriorMs / 1000)),
    exactCounterfactual16MicrosecondsPerCall: (exactMs * 1000) / 10_000,
    monteCarloCounterfactual16With100kSamplesMs: mcMs,
    frozenLakeExperimentMs: experimentMs,
    note: "frozenLakeExperimentMs: 1000 logged episodes, IS/WIS, MB with 200 bootstrap refits, 4 counterfactual variants x 5 rollouts, coupling comparison",
  };
}
