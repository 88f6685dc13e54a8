// The binary networks the engine and WebPPL benchmarks share: chain, tree, polytree and loopy
// shapes of n nodes x0..x{n-1}, each node a Bernoulli whose probability is read from a table
// indexed by its parents' values (parent j is bit j). Tables are drawn from a seeded RNG, so a
// (shape, n, seed) triple always names the same network.
import { bernoulli, createRng, type ModelSpec } from "../src/core/index";

export type Shape = "chain" | "tree" | "polytree" | "loopy";

export interface BinaryNode {
  name: string;
  parents: string[];
  /** P(node = 1 | parents), indexed by sum of parent_j << j. */
  table: number[];
}

export function binaryNetworkNodes(shape: Shape, n: number, seed: number): BinaryNode[] {
  const rng = createRng(seed);
  const parentsOf = (i: number): number[] => {
    if (i === 0) return [];
    if (shape === "chain") return [i - 1];
    if (shape === "tree") return [Math.floor((i - 1) / 2)];
    if (shape === "polytree") return i % 2 === 0 ? [] : i === 1 ? [0] : [i - 1, i - 2]; // roots 2k; child 2k+1 <- root 2k and child 2k-1: a tree skeleton with two-parent nodes
    return [i - 1, ...(i >= 2 ? [i - 2] : []), ...(i >= 5 && i % 2 === 0 ? [i - 5] : [])]; // loopy: many undirected cycles
  };
  return Array.from({ length: n }, (_, i) => {
    const parents = parentsOf(i).map((j) => `x${j}`);
    const table = Array.from({ length: 1 << parents.length }, () => 0.05 + 0.9 * rng.next());
    return { name: `x${i}`, parents, table };
  });
}

export function binaryNetwork(shape: Shape, n: number, seed: number): ModelSpec {
  const variables = binaryNetworkNodes(shape, n, seed).map(({ name, parents, table }) => ({
    name, latent: false, parents,
    mechanism: (p: Record<string, number>) => {
      let k = 0;
      for (let j = 0; j < parents.length; j++) k |= p[parents[j]] << j;
      return bernoulli(table[k]);
    },
  }));
  return { name: `${shape}-${n}`, variables };
}
