/**
 * A graph's testable implications in one of three forms, capped, with how many there are:
 *   basis     one statement per variable, X ⊥ ND(X) \ Pa(X) | Pa(X) (local-markov-basis.ts; the default);
 *   pairwise  one statement per non-adjacent pair with one minimal separating set (implied-independencies.ts);
 *   minimal   every minimal separating set of every non-adjacent pair (all-minimal-separations.ts).
 * Statements share one shape, x ⊥ y | given with y a set (one name for pairwise and minimal). The
 * statements are generators underneath: `implicationStream` lets a caller stop (or pause) anywhere.
 */
import type { CausalGraph } from "../causal-graph";
import { allMinimalSeparations } from "./all-minimal-separations";
import { firstImpliedIndependencies, type Independence, pairwiseIndependencies, selectedIndependencies } from "./implied-independencies";
import { namedLocalMarkovBasis, type SetIndependence } from "./local-markov-basis";

export type ImplicationKind = "basis" | "pairwise" | "minimal";
export const IMPLICATION_KINDS: readonly ImplicationKind[] = ["basis", "pairwise", "minimal"];

export interface ImplicationList {
  kind: ImplicationKind;
  /** The first `limit` statements, in order. */
  statements: SetIndependence[];
  /** How many there are in all; null when not counted (minimal, cut off at the limit). */
  total: number | null;
  /** True when `statements` is the whole list. */
  complete: boolean;
  /**
   * The graph's selection nodes ([selected]), when it has any: every statement holds in the selected
   * population (its conditioning set contains them), and a requested basis is listed pairwise (the
   * local Markov property does not survive conditioning on a selection).
   */
  selection?: string[];
}

/** The nodes the data are selected on (DAGitty's [selected]). */
export function selectionNodes(g: CausalGraph): string[] {
  return g.nodes.filter((n) => n.roles?.includes("selected") && !n.latent).map((n) => n.id);
}

const asSet = (i: Independence): SetIndependence => ({ x: i.x, y: [i.y], given: i.given });

/** The statements of one kind, lazily, by name. Throws (CausalError) on a directed cycle, on first use. */
export function* implicationStream(g: CausalGraph, kind: ImplicationKind): Generator<SetIndependence> {
  const selected = selectionNodes(g);
  if (selected.length) {
    for (const i of kind === "minimal" ? allMinimalSeparations(g, selected) : selectedIndependencies(g, selected)) yield asSet(i);
    return;
  }
  if (kind === "basis") yield* namedLocalMarkovBasis(g);
  else {
    for (const i of kind === "pairwise" ? pairwiseIndependencies(g) : allMinimalSeparations(g)) yield asSet(i);
  }
}

/** The first `limit` statements of a kind and their count (counted without building the rest where that is cheap). */
export function implications(g: CausalGraph, kind: ImplicationKind, limit = Infinity): ImplicationList {
  const selection = selectionNodes(g);
  if (selection.length) {
    const listed: ImplicationKind = kind === "minimal" ? "minimal" : "pairwise";
    const statements: SetIndependence[] = [];
    let total = 0;
    for (const s of implicationStream(g, kind)) {
      if (statements.length >= limit && listed === "minimal") return { kind: listed, statements, total: null, complete: false, selection };
      if (++total <= limit) statements.push(s);
    }
    return { kind: listed, statements, total, complete: total <= statements.length, selection };
  }
  if (kind === "pairwise") {
    const { list, total } = firstImpliedIndependencies(g, limit);
    return { kind, statements: list.map(asSet), total, complete: total <= list.length };
  }
  if (kind === "basis") {
    // Every statement is built (O(n) each): naming only the first `limit` would save little.
    const statements: SetIndependence[] = [];
    let total = 0;
    for (const s of namedLocalMarkovBasis(g)) if (++total <= limit) statements.push(s);
    return { kind, statements, total, complete: total <= statements.length };
  }
  const statements: SetIndependence[] = [];
  for (const s of allMinimalSeparations(g)) {
    if (statements.length >= limit) return { kind, statements, total: null, complete: false };
    statements.push(asSet(s));
  }
  return { kind, statements, total: statements.length, complete: true };
}
