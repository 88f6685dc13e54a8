/**
 * Issue 13 items 1, 3 and 5 (DAGitty side): group expansion, the number of diagnostics and the
 * nesting depth are bounded inside the parser, so no small file can take seconds or overflow the stack.
 */
import { describe, expect, it } from "vitest";
import { MAX_DIAGNOSTICS } from "../../errors/diagnostic-cap";
import { MAX_GROUP_DEPTH } from "./parse-ast";
import { MAX_EDGES, MAX_NODES, parseDagitty } from "./parse-dagitty";

const group = (prefix: string, n: number) => `{${Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(" ")}}`;

/** Deterministic junk: punctuation the lexer rejects, one character at a time, on one long line. */
function junk(bytes: number): string {
  let s = 1;
  const chars = "!$%&()*+:?^`|~@x";
  let out = "";
  for (let i = 0; i < bytes; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += chars[Math.floor((s / 2147483648) * chars.length)];
  }
  return out;
}

describe("parseDagitty limits", () => {
  it("caps the edges of a 1,500 x 1,500 group statement at 50,000 and says what was cut (16 KB file)", () => {
    const text = `dag {\n${group("a", 1500)} -> ${group("b", 1500)}\n}\n`;
    expect(text.length).toBeLessThan(16_500);
    const t0 = performance.now();
    const { graph, diagnostics } = parseDagitty(text, "big.dagitty");
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2500); // ~0.15 s idle, ~0.5 s on a loaded 2-core box (6.5 s before the caps)
    expect(graph.edges.length).toBe(MAX_EDGES);
    expect(graph.nodes.length).toBe(3000);
    const cut = diagnostics.filter((d) => /edges/.test(d.message));
    expect(cut).toHaveLength(1);
    expect(cut[0].message).toContain("2,250,000 edges from this group statement; kept the first 50,000");
    expect(cut[0].range).toMatchObject({ file: "big.dagitty", start: { line: 2, column: 0 } });
    expect(cut[0].severity).toBe("warning");
  });

  it("caps six chained 1,000-node groups (29 KB, 5 M edges) at 5,000 nodes and 50,000 edges", () => {
    const text = `dag {\n${["a", "b", "c", "d", "e", "f"].map((p) => group(p, 1000)).join(" -> ")}\n}\n`;
    const t0 = performance.now();
    const { graph, diagnostics } = parseDagitty(text);
    expect(performance.now() - t0).toBeLessThan(2500); // ~0.2 s idle (16.6 s before)
    expect(graph.nodes.length).toBe(MAX_NODES);
    expect(graph.nodes.some((n) => n.id === "f1")).toBe(false);
    expect(graph.edges.length).toBe(MAX_EDGES);
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(graph.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
    const nodeCut = diagnostics.find((d) => /variables/.test(d.message))!;
    expect(nodeCut.message).toContain('kept the first 5,000; "f1" and the 999 after it are left out');
    expect(nodeCut.range!.start.offset).toBe(text.indexOf("f1"));
    expect(diagnostics.find((d) => /edges/.test(d.message))!.message).toContain("5,000,000 edges from this group statement; kept the first 50,000");
  });

  it("reports edges cut from later statements in the first cut statement's diagnostic", () => {
    const text = `${group("a", 300)} -> ${group("b", 200)}\nx -> y\np -> q\n`;
    const { graph, diagnostics } = parseDagitty(text);
    expect(graph.edges.length).toBe(MAX_EDGES);
    const cut = diagnostics.filter((d) => /edges/.test(d.message));
    expect(cut).toHaveLength(1);
    expect(cut[0].message).toContain("60,000 edges from this group statement; kept the first 50,000");
    expect(cut[0].message).toContain("2 edges of later statements are left out too");
    expect(graph.nodes.map((n) => n.id)).toContain("q");
  });

  it("stops collecting diagnostics after the cap: 200 KB of junk is fast and bounded, with a count", () => {
    const text = junk(200 * 1024);
    const t0 = performance.now();
    const { diagnostics } = parseDagitty(text, "junk.dagitty");
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(diagnostics.length).toBe(MAX_DIAGNOSTICS + 1);
    const last = diagnostics[diagnostics.length - 1];
    expect(last.message).toMatch(/^Too many problems: \d{3},\d{3} more in this file are not listed \(the first 100 are\)/);
    expect(last.range!.start.offset).toBeGreaterThan(diagnostics[MAX_DIAGNOSTICS - 1].range!.start.offset);
  });

  it("reports 20,000 nested groups as nested too deeply at the construct instead of overflowing the stack", () => {
    const text = `x -> ${"{".repeat(20_000)}a${"}".repeat(20_000)} -> y`;
    const r = parseDagitty(text, "deep.dagitty");
    const deep = r.diagnostics.filter((d) => /nested too deeply/.test(d.message));
    expect(deep).toHaveLength(1);
    expect(deep[0].range!.start.offset).toBe(5 + MAX_GROUP_DEPTH);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toHaveLength(1);
    expect(r.graph.nodes.map((n) => n.id)).toEqual(["x", "y"]);
    expect(r.graph.edges).toEqual([]);
  });

  it("keeps groups nested up to the limit", () => {
    const text = `x -> ${"{".repeat(MAX_GROUP_DEPTH)}a${"}".repeat(MAX_GROUP_DEPTH)}`;
    const r = parseDagitty(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["x->a"]);
  });

  it("never throws on deep or unbalanced nesting of any kind", () => {
    for (const text of ["{".repeat(50_000), "[".repeat(50_000), "a[".repeat(20_000), `${"{a -> ".repeat(20_000)}b`, "}".repeat(50_000)]) {
      expect(() => parseDagitty(text)).not.toThrow();
    }
  });
});
