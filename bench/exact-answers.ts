// Exact answers through answer() and the panel's query job on discrete networks (issue 14, item 1):
// a loopy binary network of 40 nodes and a tree of 20 categorical nodes with 8 states each. "cold" is a
// query on a fresh model version (its tables not built yet); "warm" the same query again on the same
// version (tables and joints cached); "run" a panel Run (runQueryJob: answer, seeing, ATE when binary).
// loopy200 asks about x5 (six nodes upstream) and x199 (all 200): only the first depends on the query's part.
// Figures: median CPU ms of the process (process.cpuUsage) over the runs, measured in one run.
import { categorical, createRng, normal, type ModelSpec } from "../src/core/index";
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

/** A 20-variable linear-Gaussian chain with skips (x_i reads x_{i-1}, x_{i-3}), as the engine bench's. */
function linearGaussian20(seed: number): ModelSpec {
  const rng = createRng(seed);
  return {
    name: "linear-gaussian-20",
    variables: Array.from({ length: 20 }, (_, i) => {
      const parents = [i - 1, i - 3].filter((j) => j >= 0).map((j) => `x${j}`);
      const coef = parents.map(() => rng.next() - 0.5);
      return { name: `x${i}`, latent: false, parents, mechanism: (p: Record<string, number>) => normal(parents.reduce((s, q, j) => s + coef[j] * p[q], 0), 1) };
    }),
  };
}

/** Closed form (auto) beside 100,000 samples of the same query: cold on a fresh model version (its form read), warm on the same version again. */
function closedVsSampled(make: () => ModelSpec, spec: QuerySpec): Record<string, number | string> {
  const closed: number[] = [], warm: number[] = [], sampled: number[] = [];
  let method = "";
  for (let r = 0; r < RUNS; r++) {
    const m1 = make(), m2 = make();
    closed.push(cpuMs(() => { const a = answer({ spec: () => m1 }, spec, { seed: 1 }); method = a.type === "mean" ? a.estimate.method : a.type; }));
    warm.push(cpuMs(() => answer({ spec: () => m1 }, spec, { seed: 1 })));
    sampled.push(cpuMs(() => answer({ spec: () => m2 }, spec, { seed: 1, samples: 100_000, method: "sampling" })));
  }
  return { method, closedFormColdMs: median(closed), closedFormWarmMs: median(warm), sampled100kMs: median(sampled) };
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
    linearGaussian20: {
      conditionalMean: closedVsSampled(() => linearGaussian20(4), single("x19", { given: { x5: 1, x12: -0.5 } })),
      doMean: closedVsSampled(() => linearGaussian20(4), single("x19", { do: { x10: 2 } })),
    },
    joe: closedVsSampled(() => ({
      name: "joe", variables: [
        { name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) },
        { name: "h", latent: false, parents: ["x"], mechanism: (p: Record<string, number>) => normal(0.5 * p.x, 1) },
        { name: "y", latent: false, parents: ["x", "h"], mechanism: (p: Record<string, number>) => normal(0.7 * p.x + 0.4 * p.h, 1) },
      ],
    }), single("y", { counterfactual: true, given: { x: 0.5, h: 1, y: 1.5 }, do: { h: 2 } })),
    categoricalTree20x8: {
      leafDistribution: await measure(() => categoricalTree(20, 8, 2), single("c19"), single("c19", { do: { c4: 3 } }), {}),
      rootGivenLeaves: await measure(() => categoricalTree(20, 8, 2), single("c0", { given: { c19: 1, c18: 2, c17: 5 } }), single("c19", { do: { c0: 7 } }), {}),
    },
  };
}
