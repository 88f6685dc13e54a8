// Implied-independence lists of `causal-studio graph` (issue 13 item 2, issue 15): CPU time of the old
// default (one minimal separator per non-adjacent pair, the whole list: impliedIndependencies) against
// the new default (the local Markov basis, one statement per variable) on random DAGs of 200-2,000 nodes
// (expected degree 3, fixed seeds), and the capped per-pair list the CLI now prints (first 10,000 and the
// count). CPU time is process.cpuUsage (user + system) around one call; the old list is skipped above
// OLD_MAX_NODES (it took 81 s at 800 nodes before; over 10 minutes at 2,000), and says so.
import { CausalGraph, impliedIndependencies, implications, localMarkovBasis } from "../src/core/graph/index";
import { randomDag } from "../test/support/random-dag";

const OLD_MAX_NODES = Number(process.env.BENCH_OLD_MAX_NODES ?? 800);

function cpu<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const d = process.cpuUsage(c);
  return { ms: Math.round(performance.now() - t), cpuMs: Math.round((d.user + d.system) / 1000), value };
}

export async function bench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { goal: "graph on 1,000 nodes under 2 s with the default options (issue 15)", oldMaxNodes: OLD_MAX_NODES };
  for (const n of [200, 400, 800, 2000]) {
    const g = CausalGraph.from(randomDag(n, 2000 + n));
    const basis = cpu(() => localMarkovBasis(g));
    const capped = cpu(() => implications(g, "pairwise", 10_000));
    const row: Record<string, unknown> = {
      nodes: n, edges: g.edges.length,
      basis: { cpuMs: basis.cpuMs, wallMs: basis.ms, statements: basis.value.length },
      pairwiseFirst10000: { cpuMs: capped.cpuMs, wallMs: capped.ms, shown: capped.value.statements.length, total: capped.value.total },
    };
    if (n <= OLD_MAX_NODES) {
      const old = cpu(() => impliedIndependencies(g));
      row.oldPairwiseAll = { cpuMs: old.cpuMs, wallMs: old.ms, statements: old.value.length };
      row.ratioOldOverBasis = Number((old.cpuMs / Math.max(basis.cpuMs, 1)).toFixed(1));
    } else row.oldPairwiseAll = { skipped: `over ${OLD_MAX_NODES} nodes (set BENCH_OLD_MAX_NODES to run it)` };
    out[`n${n}`] = row;
    process.stderr.write(`bench graph-implications: ${JSON.stringify(row)}\n`);
  }
  return out;
}
