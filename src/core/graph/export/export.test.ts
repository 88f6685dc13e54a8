/**
 * Issue 13 item 11 (export side): Mermaid and DOT text for any names. There is no Mermaid or DOT
 * parser here, so the test reads the output back with tiny decoders written from the documented
 * quoting rules, and checks that no quoted string holds an unescaped delimiter or line break.
 *  - DOT (graphviz.org/doc/info/lang.html): in a quoted string only \" is an escape for the lexer;
 *    the escString layer then reads \\ as \, \n and \r as line breaks (and \N etc. as names, which
 *    doubling every backslash rules out).
 *  - Mermaid (mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters): in a quoted
 *    label "#quot;" is a quote and "#<decimal>;" is that character (an HTML character reference).
 * NUL and lone surrogates cannot be carried by either (C strings; UTF-8): both print U+FFFD.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GraphData, GraphNode } from "../types";
import { toDot } from "./to-dot";
import { toMermaid } from "./to-mermaid";

const DOT_QUOTED = /"(?:[^"\\\n\r]|\\[\\"nr])*"/;
const decodeDot = (q: string): string => q.slice(1, -1).replace(/\\([\\"nr])/g, (_, c: string) => ({ n: "\n", r: "\r" })[c] ?? c);
const MERMAID_LABEL = /"(?:[^"\n\r#]|#quot;|#\d+;)*"/;
const decodeMermaid = (q: string): string => q.slice(1, -1).replace(/#quot;|#(\d+);/g, (m, d?: string) => (d === undefined ? '"' : String.fromCodePoint(Number(d))));
/** What a name becomes where NUL and lone surrogates cannot be written. */
const carried = (s: string): string => s.replace(/\u0000/g, "\uFFFD").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

const special = fc.constantFrom("a b", "a\nb", "\r", 'q"', "back\\", "\\N", "\\n", "->", "-->", "x=1", "é", "𝛼", "", "#quot;", "#35;", "end", "graph", "node", "subgraph", "<b>", "a;b", "[x]", "(y)", "{z}", "`m`", "|p|", "\u0000", "\uD800", "\u2028");
const nameArb = fc.oneof(special, fc.string({ unit: "binary", maxLength: 6 }), fc.string({ unit: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 4 }), fc.string({ unit: fc.constantFrom(..."ab \"\\\n#;[]{}()<>|`-"), maxLength: 6 }));

const graphArb: fc.Arbitrary<GraphData> = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6, selector: carried }).chain((ids) =>
  fc.record({
    nodes: fc.tuple(...ids.map((id) => fc.record({ latent: fc.boolean(), label: fc.option(nameArb, { nil: undefined }) })
      .map(({ latent, label }): GraphNode => ({ id, ...(latent ? { latent: true } : {}), ...(label !== undefined ? { attributes: { label } } : {}) })))),
    edges: fc.uniqueArray(fc.tuple(fc.nat(ids.length - 1), fc.nat(ids.length - 1), fc.boolean()))
      .map((es) => es.map(([a, b, d]) => ({ from: ids[a], to: ids[b], kind: d ? ("directed" as const) : ("bidirected" as const) }))),
  }),
);

describe("toDot", () => {
  it("quotes every id and label so they decode back to the names, one statement a line (property)", () => {
    const node = new RegExp(`^  (${DOT_QUOTED.source})(?: \\[(?:label=(${DOT_QUOTED.source}))?.*\\])?;$`);
    const edge = new RegExp(`^  (${DOT_QUOTED.source}) -> (${DOT_QUOTED.source})( \\[dir=both, style=dashed\\])?;$`);
    fc.assert(
      fc.property(graphArb, (g) => {
        const lines = toDot(g).split("\n");
        expect(lines[0]).toBe("digraph {");
        expect(lines.slice(-2)).toEqual(["}", ""]);
        const body = lines.slice(1, -2);
        expect(body).toHaveLength(g.nodes.length + g.edges.length);
        g.nodes.forEach((n, i) => {
          const m = node.exec(body[i]);
          expect(m, body[i]).not.toBeNull();
          expect(decodeDot(m![1])).toBe(carried(n.id));
          if (n.attributes?.label !== undefined) expect(decodeDot(m![2])).toBe(carried(n.attributes.label));
        });
        g.edges.forEach((e, i) => {
          const m = edge.exec(body[g.nodes.length + i]);
          expect(m, body[g.nodes.length + i]).not.toBeNull();
          expect([decodeDot(m![1]), decodeDot(m![2]), !!m![3]]).toEqual([carried(e.from), carried(e.to), e.kind === "bidirected"]);
        });
      }),
      { seed: 37, numRuns: 500 },
    );
  });

  it("writes a line break in a name as \\n, never raw, and doubles backslashes so \\N stays text", () => {
    expect(toDot({ nodes: [{ id: "a\nb" }, { id: "\\N" }], edges: [] })).toBe('digraph {\n  "a\\nb";\n  "\\\\N";\n}\n');
  });
});

describe("toMermaid", () => {
  it("labels decode back to the names and never hold a quote, a line break or a stray entity (property)", () => {
    const node = new RegExp(`^  n(\\d+)\\[(${MERMAID_LABEL.source})\\]$`);
    fc.assert(
      fc.property(graphArb, (g) => {
        const lines = toMermaid(g).split("\n");
        expect(lines[0]).toBe("flowchart TD");
        g.nodes.forEach((n, i) => {
          const m = node.exec(lines[1 + i]);
          expect(m, lines[1 + i]).not.toBeNull();
          expect(m![1]).toBe(String(i));
          expect(decodeMermaid(m![2])).toBe(carried(n.attributes?.label ?? n.id));
        });
        const idx = new Map(g.nodes.map((n, i) => [n.id, i]));
        g.edges.forEach((e, i) => {
          expect(lines[1 + g.nodes.length + i]).toBe(`  n${idx.get(e.from)} ${e.kind === "bidirected" ? "<-.->" : "-->"} n${idx.get(e.to)}`);
        });
        const latent = g.nodes.flatMap((n, i) => (n.latent ? [`n${i}`] : []));
        expect(lines.slice(1 + g.nodes.length + g.edges.length)).toEqual(latent.length ? ["  classDef latent stroke-dasharray: 5 5", `  class ${latent.join(",")} latent`, ""] : [""]);
      }),
      { seed: 41, numRuns: 500 },
    );
  });

  it('escapes # so a name that reads "#quot;" stays literal', () => {
    expect(toMermaid({ nodes: [{ id: '#quot; "x"\n' }], edges: [] })).toBe('flowchart TD\n  n0["#35;quot#59; #quot;x#quot;#10;"]\n');
  });
});
