/**
 * Turns a document's text into what the DAG panel draws, statically (runs no user code, so it is
 * safe in untrusted workspaces): the models in the file, the protocol DTO for one of them, and the
 * variable whose declaration holds a given offset. No `vscode` import, so it is unit-tested directly.
 */
import { CausalError, type Diagnostic, type SourceRange } from "../core/errors/diagnostic";
import { CausalGraph, latentProjection, markovBlanket, markovEquivalenceClass } from "../core/graph/index";
import { extractGraphFile } from "../core/extract/extract-graph-file";
import type { ExtractedModel } from "../core/extract/extract-models";
import type { GraphErrorDto, GraphNodeDto, GraphUpdate, LayoutDirection, RangeDto } from "../protocol/messages";

export interface GraphSource {
  models: ExtractedModel[];
  diagnostics: Diagnostic[];
  /** "bif": a BIF network (its tables are the mechanisms: queries run, no user code, no graph edits). */
  kind: "model" | "dagitty" | "bif";
}

/** Above this many nodes the panel draws only the first ones and says so (layout stays under ~2 s). */
export const DEFAULT_MAX_NODES = 1500;

export function readGraphSource(text: string, fileName: string): GraphSource {
  const { models, diagnostics } = extractGraphFile(text, fileName);
  return { models, diagnostics, kind: sourceKind(fileName) };
}

export function sourceKind(fileName: string): GraphSource["kind"] {
  const name = fileName.toLowerCase();
  return name.endsWith(".dagitty") ? "dagitty" : name.endsWith(".bif") ? "bif" : "model";
}

export function toRangeDto(r: SourceRange): RangeDto {
  return { line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

export interface GraphUpdateOptions { direction: LayoutDirection; editable: boolean; maxNodes?: number }

/**
 * The graph message for model `index` of the source (errors only, no nodes, when there is none:
 * the webview then keeps its last good drawing).
 */
export function toGraphUpdate(source: GraphSource, index: number, options: GraphUpdateOptions, fileLabel: string): GraphUpdate {
  const errors: GraphErrorDto[] = source.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ message: d.message, ...(d.range ? { range: toRangeDto(d.range) } : {}) }));
  const model = source.models[Math.min(index, source.models.length - 1)];
  if (!model) {
    if (errors.length === 0) errors.push({ message: `${fileLabel} holds no scm(...) model: write \`export default scm("name").variable(...)\` to see its DAG.` });
    return { type: "graph", title: fileLabel, source: source.kind, nodes: [], edges: [], errors, direction: options.direction, editable: false };
  }
  const max = options.maxNodes ?? DEFAULT_MAX_NODES;
  const all = model.graph.nodes;
  const kept = all.length > max ? all.slice(0, max) : all;
  const keptIds = new Set(kept.map((n) => n.id));
  const mechanisms = new Map(model.variables.map((v) => [v.name, v.mechanismText]));
  const distributions = new Map(model.variables.map((v) => [v.name, v.distribution]));
  const supports = new Map(model.variables.map((v) => [v.name, v.support]));
  const typicals = new Map(model.variables.map((v) => [v.name, v.typical]));
  return {
    type: "graph",
    title: model.name,
    source: source.kind,
    nodes: withBlankets(model, all.length > max, kept.map((n) => ({
      id: n.id,
      ...(n.latent ? { latent: true } : {}),
      ...(n.roles?.length ? { roles: n.roles.filter((r) => r !== "latent") } : {}),
      ...(mechanisms.get(n.id) || n.mechanism ? { mechanism: mechanisms.get(n.id) || n.mechanism } : {}),
      ...(n.range ? { range: toRangeDto(n.range) } : {}),
      ...(distributions.get(n.id) ? { distribution: distributions.get(n.id) } : {}),
      ...(supports.get(n.id) && supports.get(n.id)!.kind !== "unknown" ? { support: supports.get(n.id) } : {}),
      ...(typicals.get(n.id) !== undefined ? { typical: typicals.get(n.id) } : {}),
    }))),
    edges: withLearnable(model, all.length > max, model.graph.edges.filter((e) => keptIds.has(e.from) && keptIds.has(e.to)).map((e) => ({ from: e.from, to: e.to, kind: e.kind }))),
    errors,
    direction: options.direction,
    editable: options.editable,
    ...(all.length > max ? { totalNodes: all.length } : {}),
  };
}

/**
 * Marks each arrow learnable (compelled in the Markov equivalence class) or not (reversible), for a
 * DAG without latents or <-> edges that is drawn whole; other graphs' edges are left unmarked.
 */
function withLearnable(model: ExtractedModel, capped: boolean, edges: GraphUpdate["edges"]): GraphUpdate["edges"] {
  if (capped || !edges.length || model.graph.nodes.some((n) => n.latent) || edges.some((e) => e.kind !== "directed")) return edges;
  let compelled: Set<string>;
  try {
    compelled = new Set(markovEquivalenceClass(CausalGraph.from(model.graph)).compelled.map(([a, b]) => `${a}\u0000${b}`));
  } catch (e) {
    if (e instanceof CausalError) return edges; // a cycle: the problem is shown elsewhere
    throw e;
  }
  return edges.map((e) => ({ ...e, learnable: compelled.has(`${e.from}\u0000${e.to}`) }));
}

/**
 * Gives each observed node its Markov blanket, for a graph drawn whole (a capped one is left without:
 * the blanket may reach past the cap) and acyclic; latent nodes get none.
 */
function withBlankets(model: ExtractedModel, capped: boolean, nodes: GraphNodeDto[]): GraphNodeDto[] {
  if (capped) return nodes;
  try {
    // Projected once: markovBlanket would project the latents away again for every node, and the
    // projection of a graph without latents is that graph, so the blankets are the same.
    const projected = latentProjection(CausalGraph.from(model.graph));
    return nodes.map((n) => (n.latent ? n : { ...n, blanket: markovBlanket(projected, n.id) }));
  } catch (e) {
    if (e instanceof CausalError) return nodes; // a cycle or a malformed edge: the problem is shown elsewhere
    throw e;
  }
}

/** The model whose chain contains `offset`, else the first. */
export function modelIndexAt(source: GraphSource, offset: number): number {
  const i = source.models.findIndex((m) => m.range.start.offset <= offset && offset <= m.range.end.offset);
  return i < 0 ? 0 : i;
}

/** The variable whose declaration contains `offset` (for highlighting the node under the cursor). */
export function variableAt(model: ExtractedModel | undefined, offset: number): string | null {
  const v = model?.variables.find((x) => x.declarationRange.start.offset <= offset && offset <= x.declarationRange.end.offset);
  return v?.name ?? null;
}

/** A document the DAG panel and the graph checks read: *.causal.ts, *.dagitty, *.bif, or text in the DAGitty language. */
export function isGraphDocument(doc: { fileName: string; languageId: string }): boolean {
  const name = doc.fileName.toLowerCase();
  return name.endsWith(".causal.ts") || name.endsWith(".dagitty") || name.endsWith(".bif") || doc.languageId === "dagitty";
}

/** The file name extraction should see: DAGitty text in a file not named *.dagitty gets the suffix, so it parses as DAGitty. */
export function graphFileName(doc: { fileName: string; languageId: string }): string {
  return doc.languageId === "dagitty" && !doc.fileName.endsWith(".dagitty") ? `${doc.fileName}.dagitty` : doc.fileName;
}
