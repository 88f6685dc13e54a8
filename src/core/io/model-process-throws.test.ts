// Issue 13 item 13 through the real model process: each shape a model can throw comes back as a
// diagnostic, at the model's file:line:col when the thrown value has a stack, and the runner survives.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuerySpec } from "../query/query-spec";
import { ModelProcess, type ModelRunResult } from "./model-process";
import { buildChildForTests } from "./model-process.test-util";

let entry = "";
let p: ModelProcess;
beforeAll(async () => void (entry = await buildChildForTests("throws"), p = new ModelProcess({ entry, timeoutMs: 20_000, memoryMb: 256 })), 60_000);
afterAll(() => p.dispose());
const dir = mkdtempSync(join(tmpdir(), "cs-throws-"));
const pY: QuerySpec = { kind: "single", counterfactual: false, do: {}, given: {}, target: "Y" };
const run = async (name: string, body: string) => {
  const file = join(dir, `${name}.causal.ts`);
  writeFileSync(file, `import { bernoulli, scm } from "causal-studio";\n${body}\n`);
  const r: ModelRunResult = await p.run({ file, spec: pY, options: { seed: 1 }, distribution: "bernoulli" });
  if (r.status !== "failed") throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return { d: r.diagnostics[0], file, lines: readFileSync(file, "utf8").split("\n") };
};
const mechanism = (inner: string) => `export default scm("m").variable("Y", () => {\n  ${inner}\n  return bernoulli(0.5);\n});`;

describe("a model's throw through the model process", () => {
  it("a throw in a mechanism is at the throw's line:col", async () => {
    const { d, file, lines } = await run("error", mechanism(`if (Math.abs(1) > 0) throw new Error("bad mechanism");`));
    expect(d.message).toMatch(/threw Error: bad mechanism/);
    expect(d.range?.file).toBe(file);
    expect(d.range?.start.line).toBe(3);
    expect(d.range?.start.column).toBe(lines[2].indexOf("new Error"));
  }, 30_000);

  it("unbounded recursion is at the recursing line", async () => {
    const { d, file } = await run("recursion", `const f = (n: number): number => f(n + 1) + 1;\n${mechanism("f(0);")}`);
    expect(d.message).toMatch(/RangeError: Maximum call stack size exceeded/);
    expect(d.range?.file).toBe(file);
    expect(d.range?.start.line).toBe(2);
  }, 30_000);

  it.each([
    ["a null-prototype object", "throw Object.create(null);", /threw a value that is not an Error: \[Object: null prototype\] \{\}/],
    ["a fake CausalError with diagnostic 5", `throw { name: "CausalError", diagnostic: 5 };`, /threw an object named CausalError whose diagnostic is not a valid diagnostic \(5\)/],
    ["a fake CausalError with a malformed diagnostic", `throw { name: "CausalError", diagnostic: { message: 1 } };`, /whose diagnostic is not a valid diagnostic/],
  ])("%s: a diagnostic naming it, and the next query still answers", async (_, inner, message) => {
    const { d } = await run(`shape-${Math.random().toString(36).slice(2)}`, mechanism(inner));
    expect(d.message).toMatch(message);
    expect(d.message).not.toMatch(/\[object Object\]/);
    const ok = await p.run({ file: join(dir, "error.causal.ts"), spec: pY, options: { seed: 1 } });
    expect(ok.status).toBe("failed"); // that file throws by design: the runner answered, it did not die
  }, 30_000);

  it("a default export with the model brand that is not a model is not-a-model, not 'Cannot read properties of undefined'", async () => {
    const { d } = await run("brand", `export default { [Symbol.for("causal-studio.model")]: true };`);
    expect(d.code).toBe("not-a-model");
    expect(d.message).toMatch(/branded as a model that has no spec\(\)/);
    const { d: d2 } = await run("brand2", `export default { [Symbol.for("causal-studio.model")]: true, spec: () => ({}) };`);
    expect(d2.message).toMatch(/whose spec\(\) is not a model's spec/);
  }, 30_000);
});
