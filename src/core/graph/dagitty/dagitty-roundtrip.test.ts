/**
 * Issue 13 item 11 (DAGitty side): any name survives print -> parse, and an edge edit on any
 * DAGitty text (groups, attributes, statements glued without spaces) gives exactly the edited graph.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TextEdit } from "../../errors/diagnostic";
import type { GraphData, GraphNode } from "../types";
import { dagittyEdgeEdits, type EdgeChange } from "./edge-edits";
import { parseDagitty } from "./parse-dagitty";
import { printDagitty, quoteId } from "./print-dagitty";

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset).reduce((t, e) => t.slice(0, e.range.start.offset) + e.newText + t.slice(e.range.end.offset), text);
}

/** A graph as a comparable value: nodes by id (roles as a set), edges as sorted keys. */
function canon(g: GraphData) {
  const node = ({ range, declarationRange, roles, ...rest }: GraphNode) => ({ ...rest, roles: [...(roles ?? [])].sort() });
  const key = (e: GraphData["edges"][number]) => (e.kind === "directed" ? `${e.from}\u0000->${e.to}` : [e.from, e.to].sort().join("\u0000<->"));
  return { nodes: [...g.nodes].map(node).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), edges: [...new Set(g.edges.map(key))].sort() };
}

function edited(g: GraphData, c: EdgeChange): GraphData {
  const same = (e: GraphData["edges"][number]) => e.kind === c.kind && ((e.from === c.from && e.to === c.to) || (c.kind === "bidirected" && e.from === c.to && e.to === c.from));
  const edges = g.edges.filter((e) => !same(e));
  if (c.op === "add") edges.push({ from: c.from, to: c.to, kind: c.kind });
  return { nodes: g.nodes, edges };
}

const special = fc.constantFrom("dag", "DAG", "a b", "a\nb", "\r\n", 'q"', "back\\", "\\n", "->", "x=1", "é", "𝛼", "", "#c", "//x", "/*", "\t", "}", "[exposure]", "exposure", "\u2028", "\u0000");
const nameArb = fc.oneof(special, fc.string({ unit: "binary", maxLength: 5 }), fc.string({ unit: fc.constantFrom(..."ab {}[]\"\\\n-><;=#/*"), maxLength: 5 }), fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/));

const graphArb: fc.Arbitrary<GraphData> = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6 }).chain((ids) =>
  fc.record({
    nodes: fc.tuple(...ids.map((id) =>
      fc.record({
        roles: fc.subarray(["exposure", "outcome", "adjusted", "selected"] as const),
        latent: fc.boolean(),
        label: fc.option(nameArb, { nil: undefined }),
      }).map(({ roles, latent, label }): GraphNode => ({
        id, ...(roles.length ? { roles: [...roles] } : {}), ...(latent ? { latent: true } : {}), ...(label !== undefined ? { attributes: { label } } : {}),
      })))),
    edges: fc.uniqueArray(fc.tuple(fc.nat(ids.length - 1), fc.nat(ids.length - 1), fc.boolean()), { selector: ([a, b, d]) => (d ? `${a}>${b}` : `${Math.min(a, b)}-${Math.max(a, b)}`) })
      .map((es) => es.filter(([a, b, d]) => (d ? a < b : a !== b)).map(([a, b, d]) => ({ from: ids[a], to: ids[b], kind: d ? ("directed" as const) : ("bidirected" as const) }))),
  }),
);

/** Grammar-ish DAGitty text over a few names: chains of nodes (some with attributes) and nested groups, any spacing. */
function textArb(names: string[]): fc.Arbitrary<string> {
  const attrs = fc.constantFrom("", "", " [exposure]", "[latent]", ' [outcome, label="o"]', "[adjusted]");
  const node = fc.tuple(fc.constantFrom(...names), attrs).map(([n, a]) => quoteId(n) + a);
  const sep = fc.constantFrom(" ", "", "\n", "; ", ",");
  const item: fc.Arbitrary<string> = fc.letrec<{ item: string; chain: string }>((tie) => ({
    item: fc.oneof({ depthSize: "small", withCrossShrink: true }, node, node, fc.array(tie("chain"), { minLength: 1, maxLength: 3 }).chain((cs) => sep.map((s) => `{${cs.join(s === "" ? " " : s)}}`))),
    chain: fc.tuple(tie("item"), fc.array(fc.tuple(fc.constantFrom("->", "<-", "<->", " -> ", " <-> "), tie("item")), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([op, it]) => op + it).join("")),
  })).chain;
  return fc.tuple(fc.array(fc.tuple(item, sep), { minLength: 1, maxLength: 6 }), fc.boolean())
    .map(([ss, wrap]) => {
      const body = ss.map(([s, p]) => s + p).join("");
      return wrap ? `dag {\n${body}\n}\n` : body;
    });
}

describe("DAGitty round trips with arbitrary names", () => {
  it("print -> parse gives the same graph for any names and labels (newlines, quotes, backslashes, keywords, unicode)", () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const { graph, diagnostics } = parseDagitty(printDagitty(g));
        expect(diagnostics.filter((d) => d.code !== "cycle")).toEqual([]);
        expect(canon(graph)).toEqual(canon(g));
        expect(graph.nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
      }),
      { seed: 131, numRuns: 400 },
    );
  });

  it("removing m -> y from `{a} -> y{x m} -> y` keeps y and x apart (no glued token)", () => {
    const text = "{a} -> y{x m} -> y";
    const change: EdgeChange = { op: "remove", from: "m", to: "y", kind: "directed" };
    const after = parseDagitty(apply(text, dagittyEdgeEdits(text, change))).graph;
    expect(after.nodes.map((n) => n.id).sort()).toEqual(["a", "m", "x", "y"]);
    expect(canon(after)).toEqual(canon(edited(parseDagitty(text).graph, change)));
  });

  it("removing the only statement that names a variable keeps the variable and its attributes", () => {
    const text = "dag {\n  a [exposure] -> b\n  c -> b\n}\n";
    const change: EdgeChange = { op: "remove", from: "a", to: "b", kind: "directed" };
    expect(canon(parseDagitty(apply(text, dagittyEdgeEdits(text, change))).graph)).toEqual(canon(edited(parseDagitty(text).graph, change)));
  });

  it("removing one edge of a 300 x 150 group statement rewrites it in linear size, not as 45,000 edges", () => {
    const g = (p: string, n: number) => `{${Array.from({ length: n }, (_, i) => `${p}${i + 1}`).join(" ")}}`;
    const text = `dag {\n${g("a", 300)} -> ${g("b", 150)}\n}\n`;
    const change: EdgeChange = { op: "remove", from: "a7", to: "b9", kind: "directed" };
    const t0 = performance.now();
    const after = apply(text, dagittyEdgeEdits(text, change));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(after.length).toBeLessThan(3 * text.length);
    expect(canon(parseDagitty(after).graph)).toEqual(canon(edited(parseDagitty(text).graph, change)));
  });

  it("edge edits on any DAGitty text give exactly the edited graph (property)", () => {
    const names = fc.uniqueArray(nameArb, { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(names.chain((ns) => fc.tuple(fc.constant(ns), textArb(ns), fc.nat(), fc.nat(), fc.boolean(), fc.boolean())), ([ns, text, a, b, directed, add]) => {
        const before = parseDagitty(text).graph;
        const [from, to] = [ns[a % ns.length], ns[b % ns.length]];
        if (from === to) return;
        const change: EdgeChange = { op: add ? "add" : "remove", from, to, kind: directed ? "directed" : "bidirected" };
        const want = edited(before, change);
        // Adding declares the two names when they are new, so they join the node set.
        if (add) for (const id of [from, to]) if (!want.nodes.some((n) => n.id === id)) want.nodes = [...want.nodes, { id }];
        const got = parseDagitty(apply(text, dagittyEdgeEdits(text, change))).graph;
        expect(canon(got)).toEqual(canon(want));
      }),
      { seed: 29, numRuns: 600 },
    );
  });
});
