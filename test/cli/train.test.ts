// `causal-studio train`: fits test/fixtures/slope.causal.ts to a CSV made here, against the closed
// form (with x binary and the noise sd fixed, the MLE is b = mean(y | x = 0), slope = mean(y | x = 1)
// - b); writes a parameters file that `query --params` answers with; bad data is named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "causal-studio";
import { fixture, runCli } from "./run-cli";

const SLOPE = fixture("slope.causal.ts");
const dir = mkdtempSync(join(tmpdir(), "cs-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 3000, rng = createRng(31), xs: number[] = [], ys: number[] = [];
const lines = ["treated,outcome"];
for (let i = 0; i < n; i++) {
  const x = rng.next() < 0.4 ? 1 : 0, y = Math.round((3 - 1.25 * x + 0.5 * rng.normal()) * 1e6) / 1e6;
  xs.push(x); ys.push(y); lines.push(`${x},${y}`);
}
const data = join(dir, "slope.csv");
writeFileSync(data, lines.join("\n") + "\n");
const mean = (sel: number) => { let s = 0, k = 0; for (let i = 0; i < n; i++) if (xs[i] === sel) { s += ys[i]; k++; } return s / k; };
const b = mean(0), slope = mean(1) - b;

describe("causal-studio train", () => {
  const out = join(dir, "fitted.json");
  it("fits the params to the closed form and writes them, with the data's description", async () => {
    const r = await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", out, "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.paramsFile).toBe(out);
    expect(Math.abs(j.params.b - b)).toBeLessThan(1e-6);
    expect(Math.abs(j.params.slope - slope)).toBeLessThan(1e-6);
    expect(j.data).toMatchObject({ file: data, rows: n, map: { x: "treated", y: "outcome" } });
    // se(b) = 0.5 / sqrt(n0) with the sd fixed at 0.5.
    const n0 = xs.filter((x) => x === 0).length;
    expect(j.standardErrors.b / (0.5 / Math.sqrt(n0))).toBeCloseTo(1, 3);
    expect(JSON.parse(readFileSync(out, "utf8")).params).toEqual(j.params);
  });
  it("query --params answers with the fitted values: E[y | do(x = 1)] = slope + b", async () => {
    const r = await runCli("query", SLOPE, "--do", "x=1", "--target", "y", "--samples", "20000", "--params", out, "--json");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout).answer.estimate;
    expect(Math.abs(e.value - (slope + b))).toBeLessThan(4 * e.standardError + 1e-9);
  });
  it("prints a readable table of the fitted values", async () => {
    const r = await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", join(dir, "t.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fitted "slope" on .*slope\.csv \(3000 rows\)/);
    expect(r.stdout).toMatch(/slope\s+-1\.2\d+\s+\(se 0\.0\d+\)/);
  });
  it("a variable without a column names the file and its columns", async () => {
    const r = await runCli("train", SLOPE, "--data", data, "--out", join(dir, "x.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/slope\.csv/);
    expect(r.stderr).toMatch(/treated, outcome|treated/);
  });
  it("needs --data", async () => {
    const r = await runCli("train", SLOPE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing --data/);
  });
});
