/**
 * The DAG panel's "Testable implications": the conditional independencies the graph implies among its
 * observed variables, from the same core function and in the same order as `causal-studio graph`
 * (src/cli/graph-command.ts), on the statically extracted graph (runs no user code, so it works in
 * untrusted workspaces and for .dagitty files). The default is the local Markov basis (one statement
 * per variable; O(n² / 32 + output), a few ms at 2,000 variables): the first `limit` are named, the
 * rest counted ("and N more"). The per-pair lists ("pairwise", "minimal") are computed only when asked
 * for, by implicationsForPanelAsync: capped, in slices that yield to the event loop, and dropped with a
 * note beyond PANEL_PAIRWISE_MAX_NODES variables, so the panel never waits on them. The last basis
 * answer is kept per structure, so edits that change only mechanism text cost nothing. No `vscode`
 * import: unit-tested directly.
 */
import type { ExtractedModel } from "../core/extract/extract-models";
import { CausalGraph, implications, implicationStream, orderedPairs, selectionNodes } from "../core/graph/index";
import type { ImplicationsUpdate } from "../protocol/messages";

/** As many statements as the CLI prints before "N of M shown". */
export const PANEL_IMPLICATIONS = 50;
/** Beyond this many variables the per-pair lists are not computed for the panel (the CLI has them). */
export const PANEL_PAIRWISE_MAX_NODES = 3000;
/** How long one slice of the per-pair computation may hold the event loop, in ms. */
const SLICE_MS = 8;

type Answer = Pick<ImplicationsUpdate, "items" | "total" | "error" | "kind" | "note">;
let cached: { key: string; limit: number; answer: Answer } | undefined;

export function implicationsForPanel(model: ExtractedModel, modelIndex: number, limit = PANEL_IMPLICATIONS): ImplicationsUpdate {
  const key = structureKey(model);
  if (cached?.key !== key || cached.limit !== limit) cached = { key, limit, answer: basis(model, limit) };
  return { type: "implications", model: model.name, modelIndex, ...cached.answer };
}

function basis(model: ExtractedModel, limit: number): Answer {
  try {
    const r = implications(CausalGraph.from(model.graph), "basis", limit);
    return { kind: "basis", items: r.statements.map(({ x, y, given }) => ({ x, y: [...y], given: [...given] })), total: r.total ?? r.statements.length };
  } catch (e) {
    return failed(e, "basis");
  }
}

/** A directed cycle (the user is mid-edit): say why nothing is listed instead of listing nothing. */
function failed(e: unknown, kind: Answer["kind"]): Answer {
  const message = e instanceof Error ? e.message : String(e);
  return { kind, items: [], total: 0, error: message.replace(/; causal analyses need an acyclic graph\.$/, ": no implications to test until it is acyclic.") };
}

/**
 * The first `limit` statements of the per-pair lists (or the basis) without blocking: the work runs in
 * slices of about SLICE_MS, each followed by a macrotask turn; `signal` stops it between slices
 * (resolving to undefined). `total` counts what was seen; `note` says when the list was cut off.
 */
export async function implicationsForPanelAsync(
  model: ExtractedModel, modelIndex: number, kind: "basis" | "pairwise" | "minimal", options: { limit?: number; signal?: AbortSignal } = {},
): Promise<ImplicationsUpdate | undefined> {
  const limit = options.limit ?? PANEL_IMPLICATIONS;
  const head = { type: "implications" as const, model: model.name, modelIndex };
  if (kind === "basis") return implicationsForPanel(model, modelIndex, limit);
  const observed = model.graph.nodes.filter((n) => !n.latent).length;
  if (observed > PANEL_PAIRWISE_MAX_NODES) {
    const note = `Not listed for ${observed} variables (more than ${PANEL_PAIRWISE_MAX_NODES}): causal-studio graph --implications ${kind} --max-implications N lists them.`;
    return { ...head, kind, items: [], total: 0, note };
  }
  const items: ImplicationsUpdate["items"] = [];
  let total = 0;
  try {
    const g = CausalGraph.from(model.graph);
    // "pairwise" counts the pairs past `limit` without searching their separators; "minimal" stops at `limit`.
    let sliceStart = Date.now();
    // With [selected] nodes the pairs are searched given them (implicationStream), not by the ordered blanket.
    const lazy: Iterable<{ make(): ImplicationsUpdate["items"][number] }> = kind === "pairwise" && !selectionNodes(g).length
      ? map(orderedPairs(g), (p) => ({ make: () => { const i = p.statement(); return { x: i.x, y: [i.y], given: i.given }; } }))
      : map(implicationStream(g, kind), (s) => ({ make: () => ({ x: s.x, y: [...s.y], given: [...s.given] }) }));
    for (const entry of lazy) {
      if (items.length >= limit && kind === "minimal") {
        return { ...head, kind, items, total, note: `The first ${limit} shown; more not counted (causal-studio graph --implications minimal lists them).` };
      }
      total++;
      if (items.length < limit) items.push(entry.make());
      if (Date.now() - sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (options.signal?.aborted) return undefined;
        sliceStart = Date.now();
      }
    }
  } catch (e) {
    return { ...head, ...failed(e, kind) };
  }
  return { ...head, kind, items, total };
}

function* map<T, U>(xs: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of xs) yield f(x);
}

/** What the implications depend on: the variables, which are latent, and the edges. */
function structureKey(model: ExtractedModel): string {
  const nodes = model.graph.nodes.map((n) => `${n.id}${n.latent ? "?" : ""}`).join(",");
  const edges = model.graph.edges.map((e) => `${e.from}${e.kind === "bidirected" ? "<>" : ">"}${e.to}`).join(",");
  return `${nodes}|${edges}`;
}
