// The model runner (src/core/io/model-process.ts): child start-up, and time from a query's start
// to its first progress report and to its final answer, for the front-door sample (exact) and a
// 50-variable linear-Gaussian model (100,000 samples in 8 batches), in a cold and a warm child.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ModelProcess, type ModelRunResult } from "../src/core/io/model-process";
import type { QuerySpec } from "../src/core/query/query-spec";

const root = process.cwd();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

function fiftyNodeModel(): string {
  const lines = [`import { normal, scm } from "causal-studio";`, `export default scm("fifty")`, `  .variable("v0", () => normal(0, 1))`];
  for (let i = 1; i < 50; i++) {
    const ps = [i - 1, ...(i >= 3 ? [i - 3] : [])].map((p) => `v${p}`);
    lines.push(`  .variable("v${i}", ({ ${ps.join(", ")} }) => normal(${ps.map((p) => `0.5 * ${p}`).join(" + ")}, 1))`);
  }
  return lines.join("\n") + ";\n";
}

export async function bench(): Promise<Record<string, unknown>> {
  const dir = join(root, ".tmp", "bench-runner");
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "model-runner.js");
  await build({ entryPoints: [join(root, "src/core/io/model-process-child.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: entry, external: ["esbuild"], logLevel: "warning" });
  const fifty = join(dir, "fifty.causal.ts");
  writeFileSync(fifty, fiftyNodeModel());
  const frontdoor = join(root, "samples", "frontdoor", "model.causal.ts");
  const fdSpec: QuerySpec = { kind: "single", counterfactual: false, do: { smoking: 0 }, given: {}, target: "cancer" };
  const fiftySpec: QuerySpec = { kind: "single", counterfactual: false, do: { v0: 1 }, given: {}, target: "v49" };

  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const p = new ModelProcess({ entry });
    starts.push((await p.warm())!);
    p.dispose();
  }
  const timed = async (p: ModelProcess, file: string, spec: QuerySpec, distribution?: string) => {
    const r: ModelRunResult = await p.run({ file, spec, options: { seed: 1 }, comparison: true, ...(distribution ? { distribution } : {}) });
    if (r.status !== "answered") throw new Error(`bench query failed: ${JSON.stringify(r)}`);
    return r;
  };
  const cold = new ModelProcess({ entry });
  const coldRun = await timed(cold, frontdoor, fdSpec, "bernoulli");
  const warm = { fd: { first: [] as number[], final: [] as number[] }, fifty: { first: [] as number[], final: [] as number[] } };
  let rebundled = 0;
  for (let i = 0; i < 5; i++) {
    const a = await timed(cold, frontdoor, fdSpec, "bernoulli");
    warm.fd.first.push(a.firstProgressMs!), warm.fd.final.push(a.elapsedMs);
    const b = await timed(cold, fifty, fiftySpec);
    warm.fifty.first.push(b.firstProgressMs!), warm.fifty.final.push(b.elapsedMs);
    rebundled += Number(a.status === "answered" && a.bundled) + Number(b.status === "answered" && b.bundled);
  }
  cold.dispose();
  return {
    childStartupMsMedian: round(median(starts)),
    frontdoorColdChild: { childStartMs: round(coldRun.childStartMs ?? NaN), firstProgressMs: round(coldRun.firstProgressMs!), finalMs: round(coldRun.elapsedMs) },
    frontdoorWarm: { firstProgressMsMedian: round(median(warm.fd.first)), finalMsMedian: round(median(warm.fd.final)) },
    fiftyNodeWarm100kSamples: { firstProgressMsMedian: round(median(warm.fifty.first)), finalMsMedian: round(median(warm.fifty.final)) },
    /** Of the 10 warm queries, those that bundled their file (1: the fifty-node file's first query). */
    warmQueriesThatBundled: rebundled,
    note: "final includes the observational comparison query; the child bundles a model file once per version (warm queries reuse it)",
  };
}
