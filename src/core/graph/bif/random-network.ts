/**
 * Random discrete Bayesian networks of a given size, for samples and benchmarks where a published
 * network's terms do not allow shipping it: `nodes` variables in causal order, exactly `arcs` arcs
 * (each child at most `maxParents` parents), 2..maxStates states, every table row drawn from a flat
 * Dirichlet and written with `digits` decimals (the last entry takes the remainder, so rows sum to 1
 * as decimals). Seeded: the same options give the same network.
 */
import { createRng } from "../../random/rng";
import type { BifNetwork } from "./parse-bif";

export interface RandomNetworkOptions {
  name: string;
  nodes: number;
  arcs: number;
  maxStates?: number;
  maxParents?: number;
  seed?: number;
  digits?: number;
}

export function randomBifNetwork(o: RandomNetworkOptions): BifNetwork {
  const rng = createRng(o.seed ?? 1);
  const maxParents = o.maxParents ?? 4, maxStates = o.maxStates ?? 2, digits = o.digits ?? 4;
  const capacity = Array.from({ length: o.nodes }, (_, j) => Math.min(j, maxParents)).reduce((a, b) => a + b, 0);
  if (!(Number.isInteger(o.arcs) && o.arcs >= 0 && o.arcs <= capacity)) throw new RangeError(`${o.arcs} arcs do not fit ${o.nodes} nodes with at most ${maxParents} parents each (at most ${capacity})`);
  const width = String(o.nodes - 1).length;
  const names = Array.from({ length: o.nodes }, (_, i) => `v${String(i).padStart(width, "0")}`);
  const parents: number[][] = names.map(() => []);
  // Arcs join nearby nodes more often (a network is mostly local), each pair once, parents before children.
  let placed = 0;
  while (placed < o.arcs) {
    const child = 1 + Math.floor(rng.next() * (o.nodes - 1));
    if (parents[child].length >= Math.min(child, maxParents)) continue;
    const span = Math.max(1, Math.floor(child * rng.next() ** 3));
    const parent = child - span;
    if (parents[child].includes(parent)) continue;
    parents[child].push(parent);
    placed++;
  }
  const states = names.map(() => 2 + Math.floor(rng.next() * (maxStates - 1)));
  const scale = 10 ** digits;
  const variables = names.map((name, i) => ({ name, states: Array.from({ length: states[i] }, (_, s) => `s${s}`), properties: [], range: undefined!, declarationRange: undefined! }));
  const tables = names.map((name, i) => {
    const ps = parents[i].sort((a, b) => a - b);
    const rows = ps.reduce((a, p) => a * states[p], 1);
    const k = states[i];
    const values = new Float64Array(rows * k);
    for (let r = 0; r < rows; r++) {
      // Flat Dirichlet via exponentials, then whole units of 10^-digits, at least one each (no zero rows to divide by).
      const e = Array.from({ length: k }, () => -Math.log(1 - rng.next()));
      const sum = e.reduce((a, b) => a + b, 0);
      const units = e.map((x) => Math.max(1, Math.round((x / sum) * scale)));
      let over = units.reduce((a, b) => a + b, 0) - scale;
      for (let j = 0; over !== 0; j = (j + 1) % k) {
        if (over > 0 && units[j] > 1) { units[j]--; over--; } else if (over < 0) { units[j]++; over++; }
      }
      units.forEach((u, j) => (values[r * k + j] = u / scale));
    }
    return { child: name, parents: ps.map((p) => names[p]), values, range: undefined!, parentRanges: [] };
  });
  return { name: o.name, properties: [`generated = "randomBifNetwork nodes ${o.nodes} arcs ${o.arcs} maxStates ${maxStates} maxParents ${maxParents} seed ${o.seed ?? 1}"`], variables, tables };
}
