/**
 * Slow, obviously-correct reference implementations used only by tests: path enumeration
 * d-separation, the path-based adjustment criterion of Shpitser, VanderWeele & Robins (2010),
 * and random graph generators. Nothing here shares code with the fast analyses.
 */
import fc from "fast-check";
import type { GraphData, GraphEdge } from "../types";

export interface SmallGraph {
  ids: string[];
  edges: GraphEdge[];
  latent: Set<string>;
}

export function toData(s: SmallGraph): GraphData {
  return { nodes: s.ids.map((id) => (s.latent.has(id) ? { id, latent: true } : { id })), edges: s.edges };
}

/** Random acyclic graphs (edges only from lower to higher index), optionally with bidirected edges and latents. */
export function smallGraph(opts: { maxNodes?: number; bidirected?: boolean; latent?: boolean; minNodes?: number } = {}): fc.Arbitrary<SmallGraph> {
  const maxNodes = opts.maxNodes ?? 7;
  return fc.integer({ min: opts.minNodes ?? 2, max: maxNodes }).chain((n) => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    return fc.record({
      directed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: pairs.length, maxLength: pairs.length }),
      bidirected: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: pairs.length, maxLength: pairs.length }),
      latent: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      density: fc.double({ min: 0.2, max: 0.7, noNaN: true }),
      perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    }).map(({ directed, bidirected, latent, density, perm }) => {
      const ids = perm.map((k) => `v${k}`);
      const edges: GraphEdge[] = [];
      pairs.forEach(([i, j], k) => {
        if (directed[k] < density) edges.push({ from: ids[i], to: ids[j], kind: "directed" });
        if (opts.bidirected && bidirected[k] < 0.15) edges.push({ from: ids[j], to: ids[i], kind: "bidirected" });
      });
      const lat = new Set(opts.latent ? ids.filter((_, i) => latent[i] && i % 3 === 0) : []);
      return { ids, edges, latent: lat };
    });
  });
}

interface Hop {
  to: string;
  headAtFrom: boolean;
  headAtTo: boolean;
  directedForward: boolean;
}

function hops(s: SmallGraph): Map<string, Hop[]> {
  const m = new Map<string, Hop[]>(s.ids.map((id) => [id, []]));
  for (const e of s.edges) {
    const bi = e.kind === "bidirected";
    m.get(e.from)!.push({ to: e.to, headAtFrom: bi, headAtTo: true, directedForward: !bi });
    m.get(e.to)!.push({ to: e.from, headAtFrom: true, headAtTo: bi, directedForward: false });
  }
  return m;
}

export function descendantsOf(s: SmallGraph, v: string): Set<string> {
  const out = new Set([v]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of s.edges) if (e.kind === "directed" && out.has(e.from) && !out.has(e.to)) grew = out.add(e.to) !== null;
  }
  return out;
}

/** Every simple path from a to b, as its hops. */
export function allPaths(s: SmallGraph, a: string, b: string): { nodes: string[]; hops: Hop[] }[] {
  const adj = hops(s);
  const out: { nodes: string[]; hops: Hop[] }[] = [];
  const walk = (nodes: string[], hs: Hop[]): void => {
    const v = nodes[nodes.length - 1];
    if (v === b) {
      out.push({ nodes: [...nodes], hops: [...hs] });
      return;
    }
    for (const h of adj.get(v)!) {
      if (nodes.includes(h.to)) continue;
      walk([...nodes, h.to], [...hs, h]);
    }
  };
  walk([a], []);
  return out;
}

export function pathOpen(s: SmallGraph, p: { nodes: string[]; hops: Hop[] }, z: Set<string>): boolean {
  for (let i = 1; i < p.nodes.length - 1; i++) {
    const v = p.nodes[i];
    const collider = p.hops[i - 1].headAtTo && p.hops[i].headAtFrom;
    if (collider) {
      if (![...descendantsOf(s, v)].some((d) => z.has(d))) return false;
    } else if (z.has(v)) return false;
  }
  return true;
}

export function bruteDSeparated(s: SmallGraph, xs: string[], ys: string[], z: string[]): boolean {
  const zs = new Set(z);
  for (const x of xs) {
    if (zs.has(x)) continue;
    for (const y of ys) {
      if (zs.has(y)) continue;
      if (x === y) return false;
      if (allPaths(s, x, y).some((p) => pathOpen(s, p, zs))) return false;
    }
  }
  return true;
}

/** The adjustment criterion stated on paths (Shpitser et al. 2010), for disjoint X, Y. */
export function bruteIsAdjustment(s: SmallGraph, xs: string[], ys: string[], z: string[]): boolean {
  const zs = new Set(z);
  if (z.some((v) => s.latent.has(v) || xs.includes(v) || ys.includes(v))) return false;
  const forbidden = new Set<string>();
  for (const x of xs) {
    for (const y of ys) {
      for (const p of allPaths(s, x, y)) {
        if (p.nodes.slice(1).some((v) => xs.includes(v))) continue; // not proper
        const causal = p.hops.every((h) => h.directedForward);
        if (causal) {
          for (const w of p.nodes.slice(1)) for (const d of descendantsOf(s, w)) forbidden.add(d);
        } else if (pathOpen(s, p, zs)) return false;
      }
    }
  }
  return !z.some((v) => forbidden.has(v));
}

export function subsets<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

/** The inclusion-minimal members of a family of sets, each sorted. */
export function minimalOnly(family: string[][]): string[][] {
  return family
    .filter((s) => !family.some((t) => t.length < s.length && t.every((v) => s.includes(v))))
    .map((s) => [...s].sort())
    .sort((a, b) => a.join(",").localeCompare(b.join(",")));
}

export function canon(family: string[][]): string[][] {
  return family.map((s) => [...s].sort()).sort((a, b) => a.join(",").localeCompare(b.join(",")));
}
