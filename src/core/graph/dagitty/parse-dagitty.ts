/**
 * DAGitty text -> GraphData with a source range on every node and edge, plus diagnostics.
 * Best effort and never throws: a malformed statement is reported and skipped, the rest is kept.
 * Node attributes: exposure, outcome, adjusted, selected (roles), latent / unobserved, pos="x,y",
 * and any other key=value (kept in `attributes`, e.g. label). Edges: `->`, `<-`, `<->`; the
 * undirected and PAG marks (`--`, `@->`, ...) are reported and left out, since the analyses
 * here are for DAGs and ADMGs. A directed cycle is reported as a "cycle" diagnostic.
 * Bounded: at most MAX_NODES variables, MAX_EDGES edges and MAX_DIAGNOSTICS diagnostics are kept,
 * each cut reported where it happens, so a 16 KB file of groups cannot expand to millions of edges.
 */
import { error, rangeFromOffsets, type Diagnostic, type SourceRange } from "../../errors/diagnostic";
import { DiagnosticCap } from "../../errors/diagnostic-cap";
import { CausalGraph, directedCycle, edgeKey } from "../causal-graph";
import type { GraphData, GraphEdge, GraphNode, NodeRole } from "../types";
import type { Attr, ChainStatement, Item, Statement } from "./ast";
import { parseAst } from "./parse-ast";

/** DAGitty's roles, and the one-letter forms it writes and reads (`x [e]`, `y [o]`, `z [a]`, `s [s]`). */
const ROLE_ATTRS: Record<string, NodeRole> = { exposure: "exposure", outcome: "outcome", adjusted: "adjusted", selected: "selected", e: "exposure", o: "outcome", a: "adjusted", s: "selected" };
/** Latent marks: `latent`, `unobserved`, and their one-letter forms `l` and `u`. */
const LATENT_ATTRS = new Set(["latent", "unobserved", "l", "u"]);

/*
 * Limits. `{a1 … a1500} -> {b1 … b1500}` is 16 KB of text and 2.25 M edges; expansion is
 * quadratic, so the parser stops at fixed sizes instead. A causal diagram someone draws or reads
 * has tens to hundreds of variables (DAGitty's own editor is unusable long before 1,000), and the
 * DAG view lays out and the analyses walk every node, so 5,000 variables is far past any real
 * model. 50,000 edges is a dense DAG on ~300 variables or ten parents each for 5,000; it parses
 * and builds in tens of milliseconds and a few MB, so a reparse on each keystroke stays cheap.
 */
export const MAX_NODES = 5000;
export const MAX_EDGES = 50_000;

/** 2250000 -> "2,250,000" (without Intl, whose first use costs tens of milliseconds). */
const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Every node id an item stands for (a group stands for all nodes mentioned inside it). */
export function itemNodes(item: Item): string[] {
  if (item.kind === "node") return [item.id];
  const out = new Set<string>();
  const walk = (statements: Statement[]): void => {
    for (const s of statements) if (s.kind === "chain") for (const it of s.items) for (const id of itemNodes(it)) out.add(id);
  };
  walk(item.statements);
  return [...out];
}

export function parseDagitty(text: string, file?: string): { graph: GraphData; diagnostics: Diagnostic[] } {
  try {
    return parseBounded(text, file);
  } catch (e) {
    // Nesting is bounded in parse-ast, so this is a safety net that keeps the "never throws" contract.
    const why = e instanceof RangeError ? "it is nested too deeply" : e instanceof Error ? e.message : String(e);
    const d = error("internal", `Could not read this DAGitty text: ${why}. Please report this file as a bug.`, rangeFromOffsets(text, 0, 0, file));
    return { graph: { nodes: [], edges: [] }, diagnostics: [d] };
  }
}

function parseBounded(text: string, file?: string): { graph: GraphData; diagnostics: Diagnostic[] } {
  const cap = new DiagnosticCap();
  const { ast } = parseAst(text, file, cap);
  const diagnostics = { push: (d: Diagnostic) => cap.push(d) };
  const range = (s: number, e: number): SourceRange => rangeFromOffsets(text, s, e, file);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  let warnedUnsupported = false;
  const droppedNodes = new Set<string>();
  let firstDropped: { id: string; start: number; end: number } | undefined;
  /** The first statement whose edges were cut, and how many edges later statements lost. */
  let edgeCut: { d: Diagnostic; total: number; kept: number; grouped: boolean; later: number } | undefined;

  const touchNode = (id: string, start: number, end: number): GraphNode | undefined => {
    let node = nodes.get(id);
    if (!node) {
      if (nodes.size >= MAX_NODES) {
        droppedNodes.add(id);
        firstDropped ??= { id, start, end };
        return undefined;
      }
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
        diagnostics.push({ ...error("parse-error", `Unknown variable attribute "${key}" (known: exposure, outcome, latent, unobserved, adjusted, selected and their one-letter forms e, o, l, u, a, s; pos, label).`, range(a.start, a.end)), severity: "warning" });
      }
    }
  };

  const visitItem = (item: Item): void => {
    if (item.kind === "node") {
      const node = touchNode(item.id, item.start, item.end);
      if (node && item.attrs) applyAttrs(node, item.attrs, item.start, item.fullEnd);
    } else visitStatements(item.statements);
  };

  const addEdge = (from: string, to: string, kind: GraphEdge["kind"], at: SourceRange): void => {
    if (kind === "bidirected" && from === to) {
      // DAGitty accepts it; it says nothing an analysis could use (a variable shares every cause with itself).
      diagnostics.push({ ...error("parse-error", `${from} <-> ${to} joins a variable to itself, which says nothing; it is left out.`, at), severity: "info" });
      return;
    }
    const e: GraphEdge = { from, to, kind, range: at };
    const key = edgeKey(e);
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };

  const kept = (id: string) => nodes.has(id);
  const visitChain = (s: ChainStatement): void => {
    s.items.forEach(visitItem);
    const all = s.items.map(itemNodes);
    const sides = all.map((ids) => ids.filter(kept));
    const supported = (op: string) => op === "->" || op === "<-" || op === "<->";
    // What the statement stands for as written (dropped variables included), for the message.
    const total = s.ops.reduce((n, op, i) => n + (supported(op.op) ? all[i].length * all[i + 1].length : 0), 0);
    let keptHere = 0;
    s.ops.forEach((op, i) => {
      const left = s.items[i];
      const right = s.items[i + 1];
      const at = range(left.start, right.end);
      const [ls, rs] = [sides[i], sides[i + 1]];
      if (supported(op.op)) {
        for (let li = 0; li < ls.length; li++) {
          if (edges.length >= MAX_EDGES) break;
          for (const r of rs) {
            if (edges.length >= MAX_EDGES) break;
            const before = edges.length;
            if (op.op === "->") addEdge(ls[li], r, "directed", at);
            else if (op.op === "<-") addEdge(r, ls[li], "directed", at);
            else addEdge(ls[li], r, "bidirected", at);
            keptHere += edges.length - before;
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
    if (edges.length < MAX_EDGES || keptHere === total) return;
    if (edgeCut) edgeCut.later += total - keptHere;
    else {
      const d: Diagnostic = { ...error("parse-error", "", range(s.start, s.end)), severity: "warning" };
      edgeCut = { d, total, kept: keptHere, grouped: s.items.some((it) => it.kind === "group"), later: 0 };
      diagnostics.push(d);
    }
  };

  function visitStatements(statements: Statement[]): void {
    for (const s of statements) if (s.kind === "chain") visitChain(s);
  }
  visitStatements(ast.statements);
  if (edgeCut) {
    const { d, total, kept: k, grouped, later } = edgeCut;
    const what = grouped ? `${fmt(total)} edges from this group statement; kept the first ${fmt(k)}` : `kept the first ${fmt(edges.length)} edges; this statement's are left out`;
    const rest = later > 0 ? ` ${fmt(later)} edges of later statements are left out too.` : "";
    d.message = `Too many edges: ${what} (Causal Studio reads at most ${fmt(MAX_EDGES)} edges a file).${rest} Split the groups or list only the edges you mean.`;
  }
  if (firstDropped) {
    const { id, start, end } = firstDropped;
    const msg = `Too many variables: kept the first ${fmt(MAX_NODES)}; ${JSON.stringify(id)} and the ${fmt(droppedNodes.size - 1)} after it are left out, with their edges (Causal Studio reads at most ${fmt(MAX_NODES)} variables a file).`;
    diagnostics.push({ ...error("parse-error", msg, range(start, end)), severity: "warning" });
  }

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
  return { graph, diagnostics: cap.finish() };
}
