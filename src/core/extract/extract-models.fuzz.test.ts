// Property tests: extraction never throws, and whatever it returns is well formed (ranges inside
// the text, edges between declared nodes, directed edges only from earlier to later variables).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceRange } from "../errors/diagnostic";
import { readFileSync } from "node:fs";
import { extractModels } from "./extract-models";
import { mutation, sampleModels } from "../../../test/support/mutate-samples";

const SAMPLE = `import { scm, bernoulli, normal, sigmoid } from "causal-studio";
export default scm("smoking and cancer")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.8 : 0.2))
  .variable("tar", function ({ smoking: s, genotype = 0 }) { return normal(s ? 3 : 0, 1); })
  .variable("cancer", ({ tar, genotype }) => bernoulli(sigmoid(0.8 * tar + genotype - 2)))
  .confounded("smoking", "cancer");
`;

const PIECES = ["(", ")", "{", "}", ",", "=>", '"', "'", "`", ".", "scm(", ".variable(", ".latent(", "...", ":", "=", " ", "\n", "x", "tar", "//", "/*", "\\"];

function checkWellFormed(text: string): void {
  const r = extractModels(text, "fuzz.causal.ts");
  const inText = (range: SourceRange | undefined) => {
    if (!range) return;
    expect(range.start.offset).toBeGreaterThanOrEqual(0);
    expect(range.end.offset).toBeLessThanOrEqual(text.length);
    expect(range.start.offset).toBeLessThanOrEqual(range.end.offset);
  };
  for (const d of r.diagnostics) {
    expect(d.code).not.toBe("internal");
    inText(d.range);
  }
  for (const m of r.models) {
    inText(m.range);
    const order = new Map(m.graph.nodes.map((n, i) => [n.id, i]));
    expect(order.size).toBe(m.graph.nodes.length);
    for (const n of m.graph.nodes) inText(n.range);
    for (const e of m.graph.edges) {
      inText(e.range);
      expect(order.has(e.from) && order.has(e.to)).toBe(true);
      if (e.kind === "directed") expect(order.get(e.from)!).toBeLessThan(order.get(e.to)!);
    }
  }
}

describe("extractModels (fuzz)", () => {
  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => checkWellFormed(s)), { seed: 4242, numRuns: 300 });
  });

  it("never throws on mutated sample files", () => {
    const edit = fc.record({ at: fc.nat({ max: SAMPLE.length }), cut: fc.nat({ max: 12 }), insert: fc.constantFrom(...PIECES) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = SAMPLE;
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        checkWellFormed(text);
      }),
      { seed: 1729, numRuns: 400 },
    );
  });

  it("never throws on mutated samples/ files, answers each within 500 ms, ranges inside the file (issue 13)", () => {
    const samples = sampleModels().map((f) => readFileSync(f, "utf8"));
    const t0 = performance.now();
    let slowest = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: samples.length - 1 }), mutation(), (i, mutate) => {
        const text = mutate(samples[i]);
        const t = performance.now();
        checkWellFormed(text);
        slowest = Math.max(slowest, performance.now() - t);
      }),
      { seed: 2026, numRuns: 400, interruptAfterTimeLimit: 10_000 },
    );
    expect(slowest).toBeLessThan(500);
    expect(performance.now() - t0).toBeLessThan(15_000);
  }, 30_000);

  it("never throws on every prefix of the sample (typing it from scratch)", () => {
    for (let i = 0; i <= SAMPLE.length; i++) checkWellFormed(SAMPLE.slice(0, i));
  });
});
