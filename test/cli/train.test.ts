// `causal-studio train`: fits test/fixtures/slope.causal.ts to a CSV made here, against the closed
// form (with x binary and the noise sd fixed, the MLE is b = mean(y | x = 0), slope = mean(y | x = 1)
// - b); writes a parameters file that `query --params` answers with; bad data is named. Training
// runs in the model process (the child is built for the test, as for core/io's own tests).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChildForTests } from "../../src/core/io/model-process.test-util";
import { createRng } from "causal-studio";
import { main } from "../../src/cli/main";
import { FIXTURES, fixture, runCli } from "./run-cli";

const SLOPE = fixture("slope.causal.ts");
const dir = mkdtempSync(join(tmpdir(), "cs-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => void (process.env.CAUSAL_STUDIO_MODEL_RUNNER = await buildChildForTests("cli-train")), 60_000);

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
  it("--json has rows, epochs, the final loss per mechanism, backend and steps per second; no progress bar when stderr is not a terminal", async () => {
    const o = join(dir, "j.json");
    const r = await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", o, "--epochs", "7", "--seed", "3", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ paramsFile: o, rows: n, epochs: 7, stopped: false });
    expect(Object.keys(j.finalLoss).sort()).toEqual(["x", "y"]);
    // y's mean NLL per row at the MLE: 0.5 log(2 pi 0.25) + mean squared residual / (2 * 0.25).
    let rss = 0;
    for (let i = 0; i < n; i++) rss += (ys[i] - (xs[i] ? slope + b : b)) ** 2;
    expect(j.finalLoss.y).toBeCloseTo(0.5 * Math.log(2 * Math.PI * 0.25) + rss / n / 0.5, 5);
    expect("backend" in j && "stepsPerSecond" in j).toBe(true);
    expect(j.mechanisms.map((m: { mechanism: string }) => m.mechanism).sort()).toEqual(["x", "y"]);
    const saved = JSON.parse(readFileSync(o, "utf8"));
    expect(saved.data.stamp.size).toBe(readFileSync(data).length);
    expect(saved.declared).toEqual({ slope: 1, b: 1 });
  });
  it("--resume continues from the parameters file when there is no checkpoint, and says so", async () => {
    const o = join(dir, "r.json");
    expect((await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", o)).code).toBe(0);
    expect(existsSync(join(dir, "r.checkpoint.json"))).toBe(false);
    const r = await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", o, "--resume", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.resumedFrom).toBe(o);
    expect(Math.abs(j.params.slope - slope)).toBeLessThan(1e-6);
  });
  it("--resume with nothing to resume from names both files", async () => {
    const r = await runCli("train", SLOPE, "--data", data, "--out", join(dir, "none.json"), "--resume");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to continue from: neither the checkpoint .*none\.checkpoint\.json nor the parameters file .*none\.json exists/);
  });
  it.each([
    [["--epochs", "0"], /--epochs takes a whole number ≥ 1, got "0"/],
    [["--batch", "1.5"], /--batch takes a whole number ≥ 1, got "1.5"/],
    [["--lr=-1"], /--lr takes a positive number, got "-1"/],
    [["--backend", "gpu"], /--backend takes auto, wasm, cpu, node, got "gpu"/],
    [["--checkpoint-every", "x"], /--checkpoint-every takes a whole number ≥ 0/],
    [["--map", "x"], /--map takes name=value, got "x"/],
  ])("bad flag %j is a usage error naming it", async (flags, message) => {
    const r = await runCli("train", SLOPE, "--data", data, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it("a mechanism that never returns ends at the time limit, as a value naming it and how to raise it", async () => {
    const endless = join(__dirname, "fixtures", "endless-train.causal.ts");
    const r = await runCli("train", endless, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", join(dir, "t2.json"), "--timeout-ms", "3000");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training did not finish within 3000 ms.*--timeout-ms/);
    expect(existsSync(join(dir, "t2.json"))).toBe(false);
  });
  it("--resume prefers the checkpoint a killed run left beside the parameters file", async () => {
    const o = join(dir, "k.json");
    writeFileSync(join(dir, "k.checkpoint.json"), JSON.stringify({ model: "slope", params: { slope: 0.5, b: 0.5 }, checkpoint: { step: 100 } }));
    writeFileSync(o, JSON.stringify({ model: "slope", params: { slope: 9, b: 9 } }));
    const r = await runCli("train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", o, "--resume", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).resumedFrom).toBe(join(dir, "k.checkpoint.json"));
    expect(existsSync(join(dir, "k.checkpoint.json"))).toBe(false);
  });
  it("on a terminal a progress line (mechanism, loss, steps/s, ETA) is redrawn in place on stderr and cleared at the end", async () => {
    let stderr = "", stdout = "";
    const code = await main(["train", SLOPE, "--data", data, "--map", "x=treated", "--map", "y=outcome", "--out", join(dir, "tty.json")], {
      stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: FIXTURES, stderrIsTTY: true,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\r\x1b\[K\S+ \(\w[\w ]*\)\s.*loss -?\d+\.\d+\s+\d+\.\d steps\/s\s+ETA /);
    expect(stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(stderr).not.toMatch(/\n/);
    expect(stdout).toMatch(/^fitted "slope"/);
  });
});
