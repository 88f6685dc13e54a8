/**
 * The DAG panel's "Testable implications": the conditional independencies the graph implies among its
 * observed variables, from the same core function and in the same order as `causal-studio graph`
 * (src/cli/graph-command.ts), on the statically extracted graph (runs no user code, so it works in
 * untrusted workspaces and for .dagitty files). Only the first `limit` statements get their minimal
 * separating sets; the rest are counted ("and N more"). The last answer is kept per structure, so
 * edits that change only mechanism text cost nothing. No `vscode` import: unit-tested directly.
 */
import type { ExtractedModel } from "../core/extract/extract-models";
import { CausalGraph, firstImpliedIndependencies } from "../core/graph/index";
import type { ImplicationsUpdate } from "../protocol/messages";

/** As many statements as the CLI prints before "... and N more". */
export const PANEL_IMPLICATIONS = 50;

let cached: { key: string; limit: number; answer: Pick<ImplicationsUpdate, "items" | "total" | "error"> } | undefined;

export function implicationsForPanel(model: ExtractedModel, modelIndex: number, limit = PANEL_IMPLICATIONS): ImplicationsUpdate {
  const key = structureKey(model);
  if (cached?.key !== key || cached.limit !== limit) cached = { key, limit, answer: compute(model, limit) };
  return { type: "implications", model: model.name, modelIndex, ...cached.answer };
}

function compute(model: ExtractedModel, limit: number): Pick<ImplicationsUpdate, "items" | "total" | "error"> {
  try {
    const { list, total } = firstImpliedIndependencies(CausalGraph.from(model.graph), limit);
    return { items: list.map(({ x, y, given }) => ({ x, y, given: [...given] })), total };
  } catch (e) {
    // A directed cycle (the user is mid-edit): say why nothing is listed instead of listing nothing.
    const message = e instanceof Error ? e.message : String(e);
    return { items: [], total: 0, error: message.replace(/; causal analyses need an acyclic graph\.$/, ": no implications to test until it is acyclic.") };
  }
}

/** What the implications depend on: the variables, which are latent, and the edges. */
function structureKey(model: ExtractedModel): string {
  const nodes = model.graph.nodes.map((n) => `${n.id}${n.latent ? "?" : ""}`).join(",");
  const edges = model.graph.edges.map((e) => `${e.from}${e.kind === "bidirected" ? "<>" : ">"}${e.to}`).join(",");
  return `${nodes}|${edges}`;
}
