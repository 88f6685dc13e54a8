// Issue 13 item 9 at the CLI: `query --target y` on y ~ normal(1e308, 1e308) printed
// "E[y] = NaN ± 0" and exited 0 (with --json, "value": null). It must fail, name y and its line,
// and print no NaN.
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

const OVERFLOW = fixture("overflow.causal.ts");

describe("causal-studio query on a target whose estimate is not finite", () => {
  for (const json of [false, true]) {
    it(`exits non-zero naming the variable and prints no NaN${json ? " (--json)" : ""}`, async () => {
      const r = await runCli("query", OVERFLOW, "--target", "y", "--samples", "20000", "--method", "sampling", ...(json ? ["--json"] : []));
      expect(r.code).not.toBe(0);
      // No answer is printed (the error message itself says "(NaN)": that is the diagnosis, not a number).
      expect(r.stdout).not.toMatch(/NaN|null|Infinity/);
      expect(r.stdout + r.stderr).not.toMatch(/NaN ±|= NaN|"value": null/);
      expect(r.stdout + r.stderr).toMatch(/the estimate of E\[y\] is not finite \(\w+\): samples of y overflowed/);
      expect(r.stdout + r.stderr).toMatch(/overflow\.causal\.ts:6:\d+/);
    });
  }

  it("the finite variable of the same model still answers", async () => {
    const r = await runCli("query", OVERFLOW, "--target", "x", "--samples", "20000", "--json");
    expect(r.code).toBe(0);
    expect(Number.isFinite(JSON.parse(r.stdout).answer.estimate.value)).toBe(true);
  });
});
