// Engine benchmarks: exact (variable elimination) query time on binary networks of 10/20/40
// nodes in four shapes, vectorised ancestral sampling throughput on a 20-node linear-Gaussian
// SCM (goal: > 1 M joint samples/s), and counterfactual query time (exact twin network and
// multi-world likelihood weighting). Figures are medians in ms unless named otherwise.
import { bernoulli, bernoulliColumns, logLikelihood, normal, normalColumns, Query, scm, sigmoid, WorldsQuery, createRng, type ModelSpec } from "../src/core/index";
import { binaryNetwork, type Shape } from "./binary-networks";
import { sampleWorlds } from "../src/core/infer/sample-worlds";
import { FACTUAL } from "../src/core/runtime/model-spec";

/** Each mechanism is its own function literal, as in a user's model file (so V8 sees one shape per call site). */
function linearGaussian(n: number, seed: number): ModelSpec {
  const rng = createRng(seed);
  return {
    name: `linear-gaussian-${n}`,
    variables: Array.from({ length: n }, (_, i) => {
      const parents = [i - 1, i - 3].filter((j) => j >= 0).map((j) => `x${j}`);
      const mean = parents.map((p) => `${(rng.next() - 0.5).toFixed(4)} * ${p}`).join(" + ") || "0";
      const mechanism = new Function("normal", `return ({ ${parents.join(", ")} }) => normal(${mean}, 1);`)(normal) as ModelSpec["variables"][number]["mechanism"];
      return { name: `x${i}`, latent: false, parents, mechanism };
    }),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => unknown, runs: number): number {
  f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  return Number(median(ts).toFixed(3));
}

/** logLikelihood of 10^6 rows: row-by-row and vectorized mechanisms, beside a hand-written loop of the closed form. */
function likelihoodBench(): Record<string, unknown> {
  const n = 1_000_000, rng = createRng(3);
  const x = new Float64Array(n), y = new Float64Array(n), a = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal(); y[i] = 0.5 + 2 * x[i] + rng.normal();
    a[i] = rng.next() < 0.3 ? 1 : 0; b[i] = rng.next() < sigmoid(a[i] ? 1 : -1) ? 1 : 0;
  }
  const gRows = scm("g").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(0.5 + 2 * x, 1));
  const gVec = scm("g").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normalColumns(x.map((v) => 0.5 + 2 * v), 1), { vectorized: true });
  const bRows = scm("b").variable("a", () => bernoulli(0.3)).variable("b", ({ a }) => bernoulli(sigmoid(a ? 1 : -1)));
  const bVec = scm("b").variable("a", () => bernoulli(0.3)).variable("b", ({ a }) => bernoulliColumns(a.map((v) => sigmoid(v ? 1 : -1))), { vectorized: true });
  const handGaussian = () => {
    let s = 0;
    const c = 0.5 * Math.log(2 * Math.PI);
    for (let i = 0; i < n; i++) { const z = y[i] - 0.5 - 2 * x[i]; s += -0.5 * x[i] * x[i] - c - 0.5 * z * z - c; }
    return s;
  };
  const rate = (ms: number) => Math.round(n / (ms / 1000));
  const g = { rows: time(() => logLikelihood(gRows, { x, y }), 5), vectorized: time(() => logLikelihood(gVec, { x, y }), 5), handWrittenLoop: time(handGaussian, 5) };
  const bb = { rows: time(() => logLikelihood(bRows, { a, b }), 5), vectorized: time(() => logLikelihood(bVec, { a, b }), 5) };
  return {
    rows: n,
    gaussianMs: g, gaussianRowsPerSecond: { rows: rate(g.rows), vectorized: rate(g.vectorized), handWrittenLoop: rate(g.handWrittenLoop) },
    bernoulliMs: bb, bernoulliRowsPerSecond: { rows: rate(bb.rows), vectorized: rate(bb.vectorized) },
    note: "x ~ N(0,1), y ~ N(0.5 + 2x, 1) and a ~ B(0.3), b ~ B(sigmoid(a ? 1 : -1)); total per row and per mechanism; handWrittenLoop: the closed form summed in one JS loop (no per-row results)",
  };
}

export async function bench(): Promise<Record<string, unknown>> {
  const exact: Record<string, number> = {};
  for (const shape of ["chain", "tree", "polytree", "loopy"] as Shape[]) {
    for (const n of [10, 20, 40]) {
      const spec = binaryNetwork(shape, n, 42);
      const q = new Query(() => spec).condition({ x0: 1 });
      exact[`${shape}-${n}`] = time(() => q.prob({ [`x${n - 1}`]: 1 }, { method: "exact" }), 15);
    }
  }
  const lg = linearGaussian(20, 7);
  const samples = 1_000_000;
  const sampleMs = time(() => sampleWorlds(lg, { worlds: [{ name: FACTUAL, do: {} }], evidence: {}, samples, seed: 1 }, () => {}), 5);
  const cfBinary = binaryNetwork("loopy", 20, 42);
  const worlds = new WorldsQuery<Record<string, number>, "t" | "c">(() => cfBinary, { t: { x2: 1 }, c: { x2: 0 } }).given({ x19: 1 });
  const cfExactMs = time(() => worlds.prob((w) => w.t.x19 === 1 && w.c.x19 === 0, { method: "exact" }), 10);
  const cfSamplingMs = time(() => worlds.prob((w) => w.t.x19 === 1 && w.c.x19 === 0, { method: "sampling", samples: 100_000 }), 5);
  const lgCf = new WorldsQuery<Record<string, number>, "cf">(() => lg, { cf: { x5: 0 } }).given({ x19: 1 });
  const cfGaussianMs = time(() => lgCf.mean((w) => w.cf.x19, { samples: 100_000 }), 5);
  return {
    logLikelihood: likelihoodBench(),
    exactQueryMs: exact,
    exactQueryNote: "P(last = 1 | x0 = 1) by variable elimination, binary networks; includes building the tables",
    ancestralSampling: { model: "20-node linear-Gaussian", samples, medianMs: sampleMs, jointSamplesPerSecond: Math.round(samples / (sampleMs / 1000)), goal: "> 1,000,000 joint samples/s" },
    counterfactual: {
      twinNetworkExactMs: cfExactMs, "multiWorldSampling100kMs(binary loopy-20)": cfSamplingMs, "multiWorldSampling100kMs(linear-Gaussian-20)": cfGaussianMs,
      query: "P(x19_t = 1, x19_c = 0 | x19 = 1) over worlds do(x2 = 1), do(x2 = 0); Gaussian: E[x19 under do(x5 = 0) | x19 = 1]",
    },
  };
}
