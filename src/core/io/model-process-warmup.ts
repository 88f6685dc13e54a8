/**
 * What a prestarted model process does before it says "ready" (model-process-child.ts), so the job it
 * is given does not pay for first calls: esbuild's service process is started, and a tiny built-in
 * model is answered once (exactly and by sampling) so the core's query paths are compiled. No user
 * code runs here. Measured (model-process.ts's header): a prestarted child answered a small exact
 * query in 238 ms with only esbuild started, 74 ms with this.
 */
import { bernoulli } from "../distributions/bernoulli";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { runQueryJob } from "../query/query-job";
import { warmBundler } from "./load-module";

export async function warmUp(): Promise<void> {
  const bundler = warmBundler();
  try {
    const m = scm("warm-up").variable("X", () => bernoulli(0.5)).variable("Y", ({ X }) => normal(X, 1)).variable("Z", ({ X }) => bernoulli(X ? 0.7 : 0.2));
    await runQueryJob(m, { spec: { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Z" }, options: { seed: 1 }, comparison: true, declared: { Z: "bernoulli" } });
    await runQueryJob(m, { spec: { kind: "single", counterfactual: false, do: { X: 1 }, given: {}, target: "Y" }, options: { seed: 1, samples: 2000 } });
  } catch {
    // A warm-up that fails costs only its speed-up.
  }
  await bundler;
}
