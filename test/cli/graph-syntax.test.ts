// Issue 13, item 10 and its fuzzer: `causal-studio graph` on a .causal.ts file TypeScript cannot parse exits
// non-zero with the parser's file:line:col (it used to print a partial, wrong graph and exit 0), and on
// mutated sample files it never crashes and exits 0 only when no syntax error was reported.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractModels } from "../../src/core/extract/extract-models";
import { isSyntaxError } from "../../src/core/extract/parse-source";
import { mutation, sampleModels } from "../support/mutate-samples";
import { runCli } from "./run-cli";

const DIR = mkdtempSync(join(tmpdir(), "cs-graph-syntax-"));

describe("causal-studio graph on a file that does not parse", () => {
  it("exits 1 and prints the parser's error with file:line:col", async () => {
    const file = join(DIR, "broken.causal.ts");
    writeFileSync(file, `import { scm, bernoulli } from "causal-studio";
export default scm("m")
  .variable("a", () => bernoulli(0.5))
  .variable("b", ({ a }) => bernoulli(a ? 0.3 : 0.1)
  .variable("c", ({ b }) => bernoulli(b ? 0.2 : 0.1));
`);
    const r = await runCli("graph", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.causal\.ts:5:54: error.*the file does not parse: '\)' expected/);
    expect(r.stdout).toBe("");
  });
});

describe("causal-studio graph on mutated samples (fuzz)", () => {
  it("never crashes, and exits 0 only when no syntax error was reported", async () => {
    const samples = sampleModels();
    expect(samples.length).toBeGreaterThanOrEqual(5);
    const t0 = performance.now();
    let broken = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: samples.length - 1 }), mutation(), async (i, mutate) => {
        const text = mutate(readFileSync(samples[i], "utf8"));
        const file = join(DIR, "mutated.causal.ts");
        writeFileSync(file, text);
        const r = await runCli("graph", file);
        expect(r.stderr).not.toMatch(/internal error/);
        expect([0, 1]).toContain(r.code);
        const syntax = extractModels(text, file).diagnostics.some(isSyntaxError);
        if (syntax) {
          broken++;
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(text.includes("\0") ? /looks like a binary file/ : /the file does not parse|nested too deeply/);
        }
      }),
      { seed: 1313, numRuns: 150, interruptAfterTimeLimit: 10_000 },
    );
    expect(broken).toBeGreaterThan(20);
    expect(performance.now() - t0).toBeLessThan(15_000);
  }, 30_000);
});
