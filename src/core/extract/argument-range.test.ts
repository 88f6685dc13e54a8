// Issue 12, item 10: an invalid parameter found while a query runs is reported on the argument that holds it
// (not on `.variable`) and its value is printed with at most 6 significant digits (not -0.30000000000000004).
// End to end through the model process on a real file, and the static locator on its own.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { error } from "../errors/diagnostic";
import { ModelProcess } from "../io/model-process";
import { buildChildForTests } from "../io/model-process.test-util";
import { locateParameterArgument } from "./argument-range";

const MODEL = `import { scm, bernoulli, normal } from "causal-studio";
export default scm("bad sd")
  .variable("X", () => bernoulli(0.5))
  .variable("Y", ({ X }) => X ? normal(1, 2) : normal(0, -0.1 - 0.2));
`;
const at = (text: string, r: { start: { line: number; column: number }; end: { line: number; column: number } }) => {
  const lines = text.split("\n");
  return r.start.line === r.end.line ? lines[r.start.line - 1].slice(r.start.column, r.end.column) : "(several lines)";
};

describe("an invalid parameter is reported on its argument", () => {
  let entry = "";
  let p: ModelProcess | undefined;
  beforeAll(async () => void (entry = await buildChildForTests("argument-range")), 60_000);
  afterAll(() => p?.dispose());

  it("a query on the model: the range is `-0.1 - 0.2`, the value reads -0.3 - 5.6e-17", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cs-argrange-")), "bad.causal.ts");
    writeFileSync(file, MODEL);
    p = new ModelProcess({ entry, timeoutMs: 20_000, memoryMb: 256 });
    const r = await p.run({ file, spec: { kind: "single", counterfactual: false, do: {}, given: {}, target: "Y" }, options: { seed: 1, samples: 2000 } });
    if (r.status !== "failed") throw new Error(`expected a failure, got ${r.status}`);
    const d = r.diagnostics[0];
    expect(d.code).toBe("invalid-parameter");
    expect(d.message).toContain("normal: parameter sigma = -0.3 - 5.6e-17 is invalid");
    expect(d.message).toContain("(when X = 0)");
    expect(d.message).not.toMatch(/\d{8,}/);
    expect(d.range?.file).toBe(file);
    expect(d.range!.start.line).toBe(4);
    expect(at(MODEL, d.range!)).toBe("-0.1 - 0.2");
  }, 60_000);

  it("picks the call whose argument is the bad literal, and the parameter's position in the family's table", () => {
    const text = `import { scm, normal, uniform } from "causal-studio";
export default scm("m")
  .variable("X", () => normal(0, 1))
  .variable("Y", ({ X }) => X > 0 ? normal(X, 1) : normal(X, -2))
  .variable("Z", () => uniform(3, 1));
`;
    const runtime = (message: string, line: number) => error("invalid-parameter", message, { file: "/w/m.causal.ts", start: { line, column: 3, offset: -1 }, end: { line, column: 3, offset: -1 } });
    const y = locateParameterArgument(runtime('variable "Y" (when X = -1): normal: parameter sigma = -2 is invalid; the standard deviation must be positive and finite', 4), text);
    expect(at(text, y.range!)).toBe("-2");
    expect(y.range!.start.column).toBe(text.split("\n")[3].lastIndexOf("-2"));
    const z = locateParameterArgument(runtime('variable "Z": uniform: parameter b = 1 is invalid; the upper bound must be finite and greater than a = 3', 5), text);
    expect(at(text, z.range!)).toBe("1");
    // Not an invalid parameter, or a message it cannot place: unchanged.
    const other = error("unknown-variable", "no such variable", { start: { line: 4, column: 3, offset: -1 }, end: { line: 4, column: 3, offset: -1 } });
    expect(locateParameterArgument(other, text)).toBe(other);
    const unplaced = runtime('variable "W": normal: parameter sigma = -2 is invalid; x', 4);
    expect(locateParameterArgument(unplaced, text)).toBe(unplaced);
  });
});
