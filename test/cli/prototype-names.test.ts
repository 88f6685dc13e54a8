// Issue 13 item 8 at the CLI: `--do toString=1` said "--do sets "toString" twice" (an `in` check on a
// plain {}), and a `__proto__` variable's distribution summed to 2. Numbers are the fixture's closed forms.
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

const NAMES = fixture("prototype-names.causal.ts");

async function json(...argv: string[]) {
  const r = await runCli("query", NAMES, ...argv, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}
const rowsOf = (answer: { rows: { value: number; estimate: { value: number } }[] }) => Object.fromEntries(answer.rows.map((r) => [r.value, r.estimate.value]));

describe("causal-studio query with variables named after Object.prototype's keys", () => {
  it("--do toString=1 and --given constructor=0 are ordinary assignments", async () => {
    expect(rowsOf((await json("--do", "toString=1", "--target", "hasOwnProperty")).answer)[1]).toBeCloseTo(0.49, 12);
    expect(rowsOf((await json("--given", "constructor=0", "--target", "hasOwnProperty")).answer)[1]).toBeCloseTo(0.1 + (0.3 * 0.144) / 0.676, 12);
    expect(rowsOf((await json("--do", "__proto__=1,hasOwnProperty=0", "--target", "constructor=1")).answer)[1]).toBeCloseTo(0.8 * 0.6 + 0.2 * 0.2, 12);
  });

  it("the distribution of __proto__ sums to 1", async () => {
    const rows = rowsOf((await json("--target", "__proto__")).answer);
    expect(rows[0]).toBeCloseTo(0.7, 12);
    expect(rows[1]).toBeCloseTo(0.3, 12);
  });

  it("a name given twice is still refused", async () => {
    const r = await runCli("query", NAMES, "--do", "toString=1,toString=0", "--target", "constructor");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--do sets "toString" twice/);
  });

  it("worlds may be named toString and constructor", async () => {
    const r = await json("--world", "toString:__proto__=1", "--world", "constructor:__proto__=0", "--event", "toString.toString=1,constructor.toString=1");
    // The worlds share toString's noise U: toString = 1 iff U < p, so both hold iff U < min(0.8, 0.1) = 0.1.
    expect(r.answer.estimate.value).toBeCloseTo(0.1, 12);
  });
});
