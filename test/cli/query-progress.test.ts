// `query` shows sampling progress on stderr (issue 13, item 15's "huge --samples has no progress"):
// redrawn in place on a terminal, a line every few seconds elsewhere; and what a stopped query had
// reached reads "stopped after ... with N of M samples" (item 17).
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { QueryProgressReporter } from "../../src/cli/query-progress";
import type { QueryProgress } from "../../src/core/query/answer";
import { ensureModelRunner, FIXTURES, fixture } from "./run-cli";

const batch = (samples: number, totalSamples: number): QueryProgress => ({
  batch: 1, batches: 8, samples, totalSamples, exact: false,
  answer: { type: "mean", estimate: { value: 0.41234, standardError: 0.0031, method: "ancestral sampling", samples } },
});

describe("query progress", () => {
  it("on a terminal: the sampling line redrawn in place, cleared before the answer", async () => {
    await ensureModelRunner();
    let stderr = "", stdout = "";
    const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: FIXTURES, stderrIsTTY: true };
    const code = await main(["query", fixture("hostile/slow.causal.ts"), "--do", "a=1", "--target", "b", "--samples", "20000", "--method", "sampling"], io);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\r\x1b\[Ksampling: [\d,]+ of 20,000 samples \(\d+%, [\d.]+ s\)/);
    expect(stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(stdout).toMatch(/^E\[b \| do\(a=1\)\] = /);
  });

  it("elsewhere: silent for a short query, then one line per interval", () => {
    let stderr = "";
    const r = new QueryProgressReporter({ stdout: () => undefined, stderr: (t) => void (stderr += t), cwd: "/" }, 0);
    r.onProgress(batch(1000, 100_000));
    expect(stderr).toMatch(/^sampling: 1,000 of 100,000 samples \(1%, [\d.]+ s\)\n$/);
    const quiet = new QueryProgressReporter({ stdout: () => undefined, stderr: (t) => void (stderr += t), cwd: "/" });
    stderr = "";
    quiet.onProgress(batch(1000, 100_000));
    quiet.onProgress(batch(50_000, 100_000));
    expect(stderr).toBe("");
  });

  it("a stopped query's estimate: samples of requested, the answer so far, marked partial", () => {
    const r = new QueryProgressReporter({ stdout: () => undefined, stderr: () => undefined, cwd: "/" });
    r.onProgress(batch(75_000, 100_000));
    const p = r.partial()!;
    expect(p).toMatchObject({ samples: 75_000, requested: 100_000 });
    const spec = { kind: "single" as const, counterfactual: false, do: { a: 1 }, given: {}, target: "b" };
    expect(QueryProgressReporter.partialText(spec, { ...p, elapsedMs: 30_000 })).toBe(
      "stopped after 30 s with 75,000 of 100,000 samples; the estimate so far (partial):\n  E[b | do(a=1)] = 0.4123 ± 0.0031  (ancestral sampling, 75000 samples)\n",
    );
    r.onProgress(batch(100_000, 100_000));
    expect(r.partial()).toBeUndefined();
  });
});
