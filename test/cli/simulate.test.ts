// `causal-studio simulate`: rows drawn in the model process, written as CSV that `train` reads back — training
// test/fixtures/slope.causal.ts on its own simulated rows recovers its declared params within their standard
// errors; --do holds a variable in every row; a .bif network gives state names; bad flags are named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureModelRunner, fixture, runCli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "cs-simulate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(ensureModelRunner, 60_000);

describe("causal-studio simulate", () => {
  it("writes rows that train fits back to the declared params (slope 2, b 0) within 4 standard errors", async () => {
    const out = join(dir, "slope.csv");
    const r = await runCli("simulate", fixture("slope.causal.ts"), "--rows", "4000", "--seed", "7", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote 4000 rows to ${out}\n`);
    const text = readFileSync(out, "utf8");
    expect(text.split("\n")[0]).toBe("x,y");
    expect(text.trimEnd().split("\n")).toHaveLength(4001);
    expect((await runCli("simulate", fixture("slope.causal.ts"), "--rows", "4000", "--seed", "7")).stdout).toBe(text);
    const fit = JSON.parse((await runCli("train", fixture("slope.causal.ts"), "--data", out, "--out", join(dir, "fitted.json"), "--json")).stdout);
    expect(Math.abs(fit.params.slope - 2)).toBeLessThan(4 * fit.standardErrors.slope);
    expect(Math.abs(fit.params.b)).toBeLessThan(4 * fit.standardErrors.b);
  }, 120_000);

  it("--do holds a variable in every row; a .bif network's rows are state names, --do by state name", async () => {
    const held = (await runCli("simulate", fixture("slope.causal.ts"), "--rows", "200", "--do", "x=1")).stdout.trimEnd().split("\n").slice(1);
    expect(new Set(held.map((l) => l.split(",")[0]))).toEqual(new Set(["1"]));
    const bif = await runCli("simulate", fixture("lawn.bif"), "--rows", "300", "--do", "rain=no");
    expect(bif.code).toBe(0);
    const [header, ...rows] = bif.stdout.trimEnd().split("\n");
    expect(header).toBe("season,rain,sprinkler,wet");
    expect(new Set(rows.map((l) => l.split(",")[1]))).toEqual(new Set(["no"]));
    expect(new Set(rows.map((l) => l.split(",")[0])).size).toBeGreaterThan(1);
    for (const row of rows) expect(["winter", "summer", "autumn"]).toContain(row.split(",")[0]);
  }, 60_000);

  it("refuses what it cannot do, by name, and writes nothing", async () => {
    const out = join(dir, "never.csv");
    const cases: [string[], number, RegExp][] = [
      [[fixture("slope.causal.ts")], 2, /missing --rows N/],
      [[fixture("slope.causal.ts"), "--rows", "0"], 2, /--rows takes a whole number from 1 to 1000000, got "0"/],
      [[fixture("slope.causal.ts"), "--rows", "5", "--seed", "1.5"], 2, /--seed takes a whole number from 0 to 4294967295, got "1.5"/],
      [[fixture("mbias.dagitty"), "--rows", "5"], 2, /a graph alone has no mechanisms to draw from/],
      [[fixture("slope.causal.ts"), "--rows", "5", "--do", "z=1", "--out", out], 1, /--do names "z", which is not a variable of model "slope"/],
      [[fixture("lawn.bif"), "--rows", "5", "--do", "rain=maybe"], 2, /"maybe" is not a state \(its states: yes, no\)/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli("simulate", ...args);
      expect([r.code, r.stderr]).toEqual([code, expect.stringMatching(message)]);
    }
    expect(() => readFileSync(out)).toThrow();
    const stale = join(dir, "stale.json");
    writeFileSync(stale, JSON.stringify({ slope: [1, 2] }));
    // A file that no longer fits: refused, pointing at the param's declaration in the model (not inside the runner).
    for (const command of [["simulate", "--rows", "5"], ["query", "--target", "y"]]) {
      const r = await runCli(command[0], fixture("slope.causal.ts"), ...command.slice(1), "--params", stale);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/slope\.causal\.ts:\d+:\d+: error: .*stale\.json: param "slope" of model "slope" is a number, but the value given is a vector of 2/);
    }
  }, 60_000);
});
