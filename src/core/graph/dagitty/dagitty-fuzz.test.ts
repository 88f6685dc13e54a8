/**
 * Fuzzer for the DAGitty parser (issue 13, done-when): random bytes and mutated real files. For every
 * input parseDagitty returns (never throws) within a time bound, stays inside its limits, and every
 * diagnostic's range lies in the text with line/column consistent with its offset. Fixed seeds, bounded runs.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_DIAGNOSTICS } from "../../errors/diagnostic-cap";
import type { SourcePosition } from "../../errors/diagnostic";
import { MAX_EDGES, MAX_NODES, parseDagitty } from "./parse-dagitty";

const fixture = (p: string) => readFileSync(new URL(`../../../../test/fixtures/${p}`, import.meta.url), "utf8");
const SEEDS = [
  fixture("iv.dagitty"), fixture("mbias.dagitty"), fixture("bad/broken.dagitty"),
  'dag {\n  bb="0,0,1,1"\n  X [exposure,pos="0.5,-1"]\n  "my var" [latent]\n  X -> M -> Y <- Z\n  {A B} -> X\n  X <-> Y\n  C -> {D -> {E F}}\n}\n',
  "pdag { a -- b; b -> c; c @-> d }", "# comment\n/* block */ a -> b // end\n",
];
const PIECES = ["{", "}", "[", "]", "->", "<-", "<->", "--", "@->", ";", ",", "=", '"', "\\", "\n", "#", "//", "/*", "*/", "dag", "{a b c}", "x [exposure]", 'pos="1,2"', "\u0000", "\uD800", "é", "{".repeat(300), "}".repeat(300), "[".repeat(300)];

function checkResult(text: string): void {
  const t0 = performance.now();
  const { graph, diagnostics } = parseDagitty(text, "f.dagitty");
  expect(performance.now() - t0).toBeLessThan(1500);
  expect(graph.nodes.length).toBeLessThanOrEqual(MAX_NODES);
  expect(graph.edges.length).toBeLessThanOrEqual(MAX_EDGES);
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 1);
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks.push(i);
  const valid = (p: SourcePosition) => {
    if (!(p.offset >= 0 && p.offset <= text.length)) expect.fail(`offset ${p.offset} outside 0..${text.length}`);
    const line = breaks.filter((b) => b < p.offset).length + 1;
    const lineStart = line === 1 ? 0 : breaks[line - 2] + 1;
    if (p.line !== line || p.column !== p.offset - lineStart) expect.fail(`${p.line}:${p.column} at offset ${p.offset}, expected ${line}:${p.offset - lineStart}`);
  };
  for (const d of diagnostics) {
    expect(d.message.length).toBeGreaterThan(0);
    if (!d.range) continue;
    valid(d.range.start);
    valid(d.range.end);
    expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
  }
}

describe("DAGitty parser fuzzer", () => {
  it("random bytes (as UTF-8 and as Latin-1) never throw and give valid ranges", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, utf8) => {
        checkResult(Buffer.from(bytes).toString(utf8 ? "utf8" : "latin1"));
      }),
      { seed: 1301, numRuns: 400 },
    );
  });

  it("mutated real files (pieces inserted, spans deleted or repeated) never throw and give valid ranges", () => {
    const mutation = fc.oneof(
      fc.tuple(fc.constant("insert" as const), fc.nat(), fc.constantFrom(...PIECES)),
      fc.tuple(fc.constant("delete" as const), fc.nat(), fc.nat({ max: 20 })),
      fc.tuple(fc.constant("repeat" as const), fc.nat(), fc.nat({ max: 30 }), fc.integer({ min: 2, max: 200 })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 }), (seed, ms) => {
        let text = seed;
        for (const m of ms) {
          const at = m[1] % (text.length + 1);
          if (m[0] === "insert") text = text.slice(0, at) + m[2] + text.slice(at);
          else if (m[0] === "delete") text = text.slice(0, at) + text.slice(at + m[2]);
          else text = text.slice(0, at) + text.slice(at, at + m[2]).repeat(m[3]) + text.slice(at + m[2]);
        }
        checkResult(text);
      }),
      { seed: 1302, numRuns: 600 },
    );
  });
});
