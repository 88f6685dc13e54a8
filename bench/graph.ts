// Graph analysis benchmark: d-separation and enumeration of all minimal adjustment sets on random
// DAGs of 20-500 nodes (expected degree about 3, fixed seed), exposure/outcome pairs where X is an
// ancestor of Y. No comparison with DAGitty's own library is made (it is GPL; not a dependency).
import { CausalGraph, dSeparated, minimalAdjustmentSets } from "../src/core/graph/index";
import { createRng } from "../src/core/random/rng";

function rng(seed: number): () => number {
  const r = createRng(seed);
  return () => r.next();
}

/** Random DAG on n nodes in a random topological order, each pair joined with probability 3 / (n - 1). */
function randomDag(n: number, seed: number): CausalGraph {
  const r = rng(seed);
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  const p = 3 / (n - 1);
  const edges = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (r() < p) edges.push({ from: ids[i], to: ids[j], kind: "directed" as const });
  return CausalGraph.from({ nodes: ids.map((id) => ({ id })), edges });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, minRuns = 5, budgetMs = 400): number {
  const runs: number[] = [];
  const start = performance.now();
  while (runs.length < minRuns || (performance.now() - start < budgetMs && runs.length < 200)) {
    const t = performance.now();
    f();
    runs.push(performance.now() - t);
  }
  return median(runs);
}

export async function bench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const LIMIT = 10_000;
  for (const n of [20, 50, 100, 200, 500]) {
    const g = randomDag(n, 1000 + n);
    const r = rng(n);
    // pairs (X, Y) with X an ancestor of Y, at least two steps apart in the order
    const pairs: [string, string][] = [];
    for (let k = 0; pairs.length < 5 && k < 10_000; k++) {
      const x = `v${Math.floor(n * (0.25 + 0.5 * r()))}`;
      const desc = [...g.descendants([x])].filter((d) => d !== x && !g.children(x).includes(d));
      if (desc.length > 0) pairs.push([x, desc[Math.floor(r() * desc.length)]]);
    }
    const z = g.nodeIds.filter((_, i) => i % 7 === 3);
    const dsep = time(() => {
      for (const [x, y] of pairs) dSeparated(g, [x], [y], z.filter((v) => v !== x && v !== y));
    }) / pairs.length;
    const counts: number[] = [];
    const sizes: number[] = [];
    const adjust = time(() => {
      counts.length = 0;
      sizes.length = 0;
      for (const [x, y] of pairs) {
        const sets = minimalAdjustmentSets(g, [x], [y], { limit: LIMIT });
        counts.push(sets.length);
        sizes.push(sets.length ? Math.min(...sets.map((s) => s.length)) : -1);
      }
    }, 3, 2000) / pairs.length;
    out[`n${n}`] = {
      nodes: n, edges: g.edges.length, pairs: pairs.length,
      dSeparationMedianMs: Number(dsep.toFixed(4)),
      allMinimalAdjustmentSetsMedianMsPerPair: Number(adjust.toFixed(3)),
      minimalSetsPerPair: counts, smallestSetSize: sizes, cappedAt: LIMIT,
      msPerSet: Number((adjust / Math.max(1, counts.reduce((a, b) => a + b, 0) / pairs.length)).toFixed(4)),
    };
  }
  out.note = "Comparison with DAGitty's JS library not made (GPL; not installed).";
  return out;
}
