/** Public d-separation test by node id. Nodes in Z are removed from X and Y first (X ⊥ Y | Z means (X\Z) ⊥ (Y\Z) | Z). */
import type { CausalGraph } from "../causal-graph";
import { dSeparatedIdx } from "./d-separation";

export function dSeparated(g: CausalGraph, xs: string[], ys: string[], zs: string[]): boolean {
  return dSeparatedIdx(g, g.indicesOf(xs), g.indicesOf(ys), g.indicesOf(zs));
}
