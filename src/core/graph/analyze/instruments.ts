/**
 * Instrumental variables, unconditional and conditional, for the total effect of X on Y.
 * Z is an instrument for X -> Y given W (Brito & Pearl 2002; van der Zander, Textor &
 * Liskiewicz 2015, "Efficiently finding conditional instruments") when
 *   (a) W is observed and contains no node of Dpcp(X, Y) (no mediator or descendant of one),
 *   (b) Z and X are d-connected given W in G,
 *   (c) Z and Y are d-separated given W in the proper back-door graph of (X, Y).
 * Z itself must be observed; as in the paper (and DAGitty), it may descend from X: a child Z of an
 * unconfounded X passes (c) once X's causal arrows are cut, and cov(Z, Y) / cov(Z, X) is then the
 * effect in a linear model, while a confounded X leaves the back-door path open through Z and fails
 * (c). For each Z the conditioning set tried is
 * ∅ and then the minimal separator of Z and Y nearest to Y, which is the choice that keeps Z
 * connected to X whenever any W works (van der Zander et al. 2015).
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { CausalGraph } from "../causal-graph";
import { properBackdoor } from "../transform/proper-backdoor-graph";
import { dSeparatedIdx } from "./d-separation";
import { findMinimalSeparator } from "./separators";

export interface Instrument {
  instrument: string;
  conditionalOn: string[];
}

export function instruments(g: CausalGraph, exposure: string, outcome: string): Instrument[] {
  g.requireAcyclic();
  const x = g.indexOf(exposure);
  const y = g.indexOf(outcome);
  if (x === y) throw new CausalError(error("invalid-argument", `"${exposure}" is both the exposure and the outcome.`));
  const { dpcp, graph: pbd } = properBackdoor(g, [x], [y]);
  const out: Instrument[] = [];
  for (let z = 0; z < g.size; z++) {
    if (z === x || z === y || g.latent[z]) continue;
    const w = conditioningSet(g, pbd, dpcp, x, y, z);
    if (w) out.push({ instrument: g.nodeIds[z], conditionalOn: w.map((i) => g.nodeIds[i]) });
  }
  return out;
}

function conditioningSet(g: CausalGraph, pbd: CausalGraph, dpcp: Uint8Array, x: number, y: number, z: number): number[] | undefined {
  if (dSeparatedIdx(pbd, [z], [y], []) && !dSeparatedIdx(g, [z], [x], [])) return [];
  const allowed = new Uint8Array(g.size);
  for (let v = 0; v < g.size; v++) if (!g.latent[v] && !dpcp[v] && v !== x && v !== y && v !== z) allowed[v] = 1;
  const w = findMinimalSeparator(pbd, [z], [y], [], allowed, "y");
  if (w && !dSeparatedIdx(g, [z], [x], w)) return w;
  return undefined;
}
