import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../index";
import { failed, loadModelFile, loadModule } from "./load-module";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "load-module-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("loadModule", () => {
  it("bundles relative imports, runs the module and hands it the running core for causal-studio", async () => {
    const dir = project({
      "helper.ts": "export const twice = (x: number): number => 2 * x;\n",
      "main.ts": `import { twice } from "./helper";\nconst cs = require("causal-studio");\nexport const value: number = twice(21);\nexport const core = cs;\nexport const args = process.argv.slice(2);\n`,
    });
    const r = await loadModule(join(dir, "main.ts"), ["--flag", "x"]);
    if (failed(r)) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.exports.value).toBe(42);
    expect(r.exports.core).toBe(core);
    expect(r.exports.args).toEqual(["--flag", "x"]);
    expect(process.argv.slice(2)).not.toEqual(["--flag", "x"]);
  });

  it("reports syntax errors at the user's file:line:col", async () => {
    const dir = project({ "bad.ts": "const a = 1;\nconst b = (a +;\n" });
    const r = await loadModule(join(dir, "bad.ts"));
    if (!failed(r)) throw new Error("expected a diagnostic");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "parse-error", range: { file: join(dir, "bad.ts"), start: { line: 2, column: 14 } } });
  });

  it("reports unresolvable imports with their location", async () => {
    const dir = project({ "m.ts": `import { x } from "./nope";\nexport default x;\n` });
    const r = await loadModule(join(dir, "m.ts"));
    if (!failed(r)) throw new Error("expected a diagnostic");
    expect(r.diagnostics[0].message).toContain("./nope");
    expect(r.diagnostics[0].range?.start.line).toBe(1);
  });

  // V8 records an error's position where it is constructed (`new RangeError`), in the imported lib.ts.
  it("maps a runtime throw back to the TypeScript line and column through the source map", async () => {
    const src = `import { helper } from "./lib";\ntype T = { n: number };\n\nconst t: T = { n: 1 };\nhelper(t.n);\n`;
    const lib = `export function helper(n: number): void {\n  if (n > 0) throw new RangeError("n must be <= 0");\n}\n`;
    const dir = project({ "model.ts": src, "lib.ts": lib });
    const r = await loadModule(join(dir, "model.ts"));
    if (!failed(r)) throw new Error("expected a diagnostic");
    const d = r.diagnostics[0];
    expect(d.code).toBe("model-load-error");
    expect(d.message).toBe("model.ts threw RangeError: n must be <= 0");
    expect(d.range).toMatchObject({ file: join(dir, "lib.ts"), start: { line: 2, column: lib.split("\n")[1].indexOf("new RangeError"), offset: lib.indexOf("new RangeError") } });
  });

  it("keeps a CausalError's own diagnostic and adds the location when it has none", async () => {
    const dir = project({ "m.ts": `import { CausalError } from "./err";\n\nthrow new CausalError({ code: "invalid-parameter", severity: "error", message: "p must be in [0, 1]" });\n`, "err.ts": "" });
    writeFileSync(join(dir, "err.ts"), `export { CausalError } from ${JSON.stringify(join(__dirname, "../errors/diagnostic"))};\n`);
    const r = await loadModule(join(dir, "m.ts"));
    if (!failed(r)) throw new Error("expected a diagnostic");
    expect(r.diagnostics[0]).toMatchObject({ code: "invalid-parameter", message: "p must be in [0, 1]", range: { start: { line: 3 } } });
  });

  it("loadModelFile returns a default-exported model, which answers queries", async () => {
    const dir = project({ "m.causal.ts": `import { scm, bernoulli } from "causal-studio";\nexport default scm("coin").variable("c", () => bernoulli(0.3));\n` });
    const r = await loadModelFile(join(dir, "m.causal.ts"));
    if ("diagnostics" in r) throw new Error(JSON.stringify(r.diagnostics));
    expect(core.isModel(r.model)).toBe(true);
    expect(r.model.name).toBe("coin");
    expect(r.model.prob({ c: 1 }).value).toBeCloseTo(0.3, 12);
  });

  it("loadModelFile says which named exports are models when the default is not", async () => {
    const dir = project({ "m.causal.ts": `import { scm, bernoulli } from "causal-studio";\nexport const coin = scm("coin").variable("c", () => bernoulli(0.3));\n` });
    const r = await loadModelFile(join(dir, "m.causal.ts"));
    if (!("diagnostics" in r)) throw new Error("expected a diagnostic");
    expect(r.diagnostics[0]).toMatchObject({ code: "not-a-model", message: "m.causal.ts has no default export", notes: [expect.stringContaining('"coin"')] });
  });
});

