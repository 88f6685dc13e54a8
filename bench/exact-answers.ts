// Exact answers through answer() and the panel's query job on discrete networks (issue 14, item 1):
// a loopy binary network of 40 nodes and a tree of 20 categorical nodes with 8 states each. "cold" is a
// query on a fresh model version (its tables not built yet); "warm" the same query again on the same
// version (tables and joints cached); "run" a panel Run (runQueryJob: answer, seeing, ATE when binary).
// loopy200 asks about x5 (six nodes upstream) and x199 (all 200): only the first depends on the query's part.
// Figures: median CPU ms of the process (process.cpuUsage) over the runs, measured in one run.
import { categorical, createRng, type ModelSpec } from "../src/core/index";
import { answer } from "../src/core/query/answer";
import { runQueryJob } from "../src/core/query/query-job";
import type { QuerySpec } from "../src/core/query/query-spec";
import { binaryNetwork } from "./binary-networks";

const RUNS = Number(process.env.BENCH_ROUNDS ?? 7);

function categoricalTree(n: number, k: number, seed: number): ModelSpec {
  const rng = createRng(seed);
  const row = () => { const w = Array.from({ length: k }, () => 0.05 + rng.next()); const s = w.reduce((a, b) => a + b, 0); return w.map((x) => x / s); };
  return {
    name: `categorical-tree-${n}x${k}`,
    variables: Array.from({ length: n }, (_, i) => {
      const parents = i === 0 ? [] : [`c${Math.floor((i - 1) / 2)}`];
      const tables = Array.from({ length: i === 0 ? 1 : k }, row);
      return { name: `c${i}`, latent: false, parents, mechanism: (p: Record<string, number>) => categorical(tables[i === 0 ? 0 : p[parents[0]]]) };
    }),
  };
}

function cpuMs(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

async function cpuMsAsync(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage();
  await f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const median = (xs: number[]) => Number([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2));

async function measure(make: () => ModelSpec, spec: QuerySpec, runSpec: QuerySpec, declared: Record<string, string>): Promise<Record<string, number>> {
  const cold: number[] = [], warm: number[] = [], run: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = make();
    const m = { spec: () => s };
    cold.push(cpuMs(() => answer(m, spec, { seed: 1 })));
    warm.push(cpuMs(() => answer(m, spec, { seed: 1 })));
    const fresh = make();
    run.push(await cpuMsAsync(() => runQueryJob({ spec: () => fresh }, { spec: runSpec, options: { seed: 1 }, declared, comparison: true, ate: true })));
  }
  return { coldMs: median(cold), warmMs: median(warm), panelRunMs: median(run) };
}

export async function bench(): Promise<Record<string, unknown>> {
  const single = (target: string, over: Partial<QuerySpec & { kind: "single" }> = {}): QuerySpec => ({ kind: "single", counterfactual: false, do: {}, given: {}, target, ...over });
  const bernoullis = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x${i}`, "bernoulli"]));
  return {
    note: "median CPU ms per query; cold = fresh model version, warm = same version again, panelRunMs = runQueryJob with comparison and ATE",
    loopy40: {
      leafMarginal: await measure(() => binaryNetwork("loopy", 40, 1), single("x39"), single("x39", { do: { x10: 1 } }), bernoullis),
      rootGivenLeaves: await measure(() => binaryNetwork("loopy", 40, 1), single("x0", { given: { x39: 1, x38: 0, x37: 1 } }), single("x39", { do: { x0: 1 }, given: { x20: 1 } }), bernoullis),
    },
    loopy200: {
      earlyMarginal: await measure(() => binaryNetwork("loopy", 200, 1), single("x5"), single("x5", { do: { x2: 1 } }), bernoullis),
      lastMarginal: await measure(() => binaryNetwork("loopy", 200, 1), single("x199"), single("x199", { do: { x100: 1 } }), bernoullis),
    },
    categoricalTree20x8: {
      leafDistribution: await measure(() => categoricalTree(20, 8, 2), single("c19"), single("c19", { do: { c4: 3 } }), {}),
      rootGivenLeaves: await measure(() => categoricalTree(20, 8, 2), single("c0", { given: { c19: 1, c18: 2, c17: 5 } }), single("c19", { do: { c0: 7 } }), {}),
    },
  };
}
