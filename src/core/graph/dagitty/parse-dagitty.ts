/**
 * DAGitty text -> GraphData with a source range on every node and edge, plus diagnostics.
 * Best effort and never throws: a malformed statement is reported and skipped, the rest is kept.
 * Node attributes: exposure, outcome, adjusted, selected (roles), latent / unobserved, pos="x,y",
 * and any other key=value (kept in `attributes`, e.g. label). Edges: `->`, `<-`, `<->`; the
 * undirected and PAG marks (`--`, `@->`, ...) are reported and left out, since the analyses
 * here are for DAGs and ADMGs. A directed cycle is reported as a "cycle" diagnostic.
 */
import { error, rangeFromOffsets, type Diagnostic, type SourceRange } from "../../errors/diagnostic";
import { CausalGraph, directedCycle, edgeKey } from "../causal-graph";
import type { GraphData, GraphEdge, GraphNode, NodeRole } from "../types";
import type { Attr, ChainStatement, Item, Statement } from "./ast";
import { parseAst } from "./parse-ast";

const ROLE_ATTRS: Record<string, NodeRole> = { exposure: "exposure", outcome: "outcome", adjusted: "adjusted", selected: "selected" };
const LATENT_ATTRS = new Set(["latent", "unobserved"]);

/** Every node id an item stands for (a group stands for all nodes mentioned inside it). */
export function itemNodes(item: Item): string[] {
  if (item.kind === "node") return [item.id];
  const out: string[] = [];
  const walk = (statements: Statement[]): void => {
    for (const s of statements) if (s.kind === "chain") for (const it of s.items) out.push(...itemNodes(it));
  };
  walk(item.statements);
  return [...new Set(out)];
}

export function parseDagitty(text: string, file?: string): { graph: GraphData; diagnostics: Diagnostic[] } {
  const { ast, diagnostics } = parseAst(text, file);
  const range = (s: number, e: number): SourceRange => rangeFromOffsets(text, s, e, file);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  let warnedUnsupported = false;

  const touchNode = (id: string, start: number, end: number): GraphNode => {
    let node = nodes.get(id);
    if (!node) {
      node = { id, range: range(start, end), declarationRange: range(start, end) };
      nodes.set(id, node);
    }
    return node;
  };

  const applyAttrs = (node: GraphNode, attrs: Attr[], start: number, end: number): void => {
    node.declarationRange = range(start, end);
    for (const a of attrs) {
      const key = a.key;
      const lower = key.toLowerCase();
      if (ROLE_ATTRS[lower] && a.value === undefined) {
        const roles = node.roles ?? (node.roles = []);
        if (!roles.includes(ROLE_ATTRS[lower])) roles.push(ROLE_ATTRS[lower]);
      } else if (LATENT_ATTRS.has(lower) && a.value === undefined) {
        node.latent = true;
      } else if (lower === "pos") {
        const m = /^\s*(-?[\d.eE+-]+)\s*,\s*(-?[\d.eE+-]+)\s*$/.exec(a.value ?? "");
        const x = m ? Number(m[1]) : NaN;
        const y = m ? Number(m[2]) : NaN;
        if (Number.isFinite(x) && Number.isFinite(y)) node.position = { x, y };
        else diagnostics.push(error("parse-error", `pos must look like pos="x,y" with two numbers, found ${JSON.stringify(a.value ?? "")}.`, range(a.start, a.end)));
      } else if (a.value !== undefined) {
        (node.attributes ??= {})[key] = a.value;
      } else {
        diagnostics.push({ ...error("parse-error", `Unknown variable attribute "${key}" (known: exposure, outcome, latent, adjusted, selected, pos, label).`, range(a.start, a.end)), severity: "warning" });
      }
    }
  };

  const visitItem = (item: Item): void => {
    if (item.kind === "node") {
      const node = touchNode(item.id, item.start, item.end);
      if (item.attrs) applyAttrs(node, item.attrs, item.start, item.fullEnd);
    } else visitStatements(item.statements);
  };

  const addEdge = (from: string, to: string, kind: GraphEdge["kind"], at: SourceRange): void => {
    if (kind === "bidirected" && from === to) {
      diagnostics.push(error("parse-error", `The bidirected edge ${from} <-> ${to} joins a variable to itself; remove it.`, at));
      return;
    }
    const e: GraphEdge = { from, to, kind, range: at };
    const key = edgeKey(e);
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };

  const visitChain = (s: ChainStatement): void => {
    s.items.forEach(visitItem);
    s.ops.forEach((op, i) => {
      const left = s.items[i];
      const right = s.items[i + 1];
      const at = range(left.start, right.end);
      const ls = itemNodes(left);
      const rs = itemNodes(right);
      if (op.op === "->" || op.op === "<-" || op.op === "<->") {
        for (const l of ls) {
          for (const r of rs) {
            if (op.op === "->") addEdge(l, r, "directed", at);
            else if (op.op === "<-") addEdge(r, l, "directed", at);
            else addEdge(l, r, "bidirected", at);
          }
        }
      } else if (!warnedUnsupported) {
        warnedUnsupported = true;
        diagnostics.push({
          ...error("parse-error", `The edge mark "${op.op}" (undirected or partially directed) is not supported: Causal Studio analyses DAGs and ADMGs, so this edge is left out. Use -> or <->.`, range(op.start, op.end)),
          severity: "warning",
        });
      }
    });
  };

  function visitStatements(statements: Statement[]): void {
    for (const s of statements) if (s.kind === "chain") visitChain(s);
  }
  visitStatements(ast.statements);

  const graph: GraphData = { nodes: [...nodes.values()], edges };
  if (ast.type === undefined || ast.type === "dag") {
    const cycle = directedCycle(CausalGraph.from({ nodes: graph.nodes, edges: edges.filter((e) => e.kind === "directed") }));
    if (cycle) {
      const first = edges.find((e) => e.kind === "directed" && e.from === cycle[0] && e.to === cycle[1 % cycle.length]);
      diagnostics.push(error("cycle", `The graph has a directed cycle: ${[...cycle, cycle[0]].join(" -> ")}. A DAG must be acyclic; remove or reverse one of these edges.`, first?.range, [`cycle: ${cycle.join(", ")}`]));
    }
  }
  if (ast.type !== undefined && ast.type !== "dag") {
    diagnostics.push({ ...error("parse-error", `Graph type "${ast.type}" is read as a DAG/ADMG; only -> and <-> edges are used.`, range(ast.open ?? 0, (ast.open ?? 0) + 1)), severity: "info" });
  }
  return { graph, diagnostics };
}
