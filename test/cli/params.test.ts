// `causal-studio query --params FILE`: the answer uses the file's parameter values in place of the
// model's declared ones (checked against the closed form E[y | do(x=1)] = slope + b), and a bad file
// is a clear message naming it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

const SLOPE = fixture("slope.causal.ts");
const dir = mkdtempSync(join(tmpdir(), "cs-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

async function meanOf(...extra: string[]) {
  const r = await runCli("query", SLOPE, "--do", "x=1", "--target", "y", "--samples", "20000", "--json", ...extra);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe("causal-studio query --params", () => {
  it("without a file the declared values answer; with one, its values do", async () => {
    const declared = await meanOf();
    expect(Math.abs(declared.answer.estimate.value - 2)).toBeLessThan(4 * declared.answer.estimate.standardError + 1e-9);
    const p = file("fitted.json", JSON.stringify({ slope: 5, b: 1 }));
    const fitted = await meanOf("--params", p);
    expect(fitted.params).toBe(p);
    expect(Math.abs(fitted.answer.estimate.value - 6)).toBeLessThan(4 * fitted.answer.estimate.standardError + 1e-9);
  });
  it.each([
    ["not JSON", "{ slope: ", /not valid JSON/],
    ["an unknown param", JSON.stringify({ slop: 1 }), /has no param "slop" \(its params: slope, b\)/],
    ["a vector for a number", JSON.stringify({ slope: [1, 2] }), /param "slope" of model "slope" is a number, but the value given is a vector of 2/],
    ["a string value", JSON.stringify({ slope: "2" }), /param "slope" must be a number or an array of numbers/],
  ])("%s: exit 1 and a message naming the file", async (_label, text, message) => {
    const p = file(`bad-${Math.random().toString(36).slice(2)}.json`, text);
    const r = await runCli("query", SLOPE, "--do", "x=1", "--target", "y", "--params", p);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(p);
    expect(r.stderr).toMatch(message);
  });
  it("a missing file", async () => {
    const r = await runCli("query", SLOPE, "--do", "x=1", "--target", "y", "--params", join(dir, "nope.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.json/);
  });
});
