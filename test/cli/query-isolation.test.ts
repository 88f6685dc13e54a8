// `causal-studio query` runs the model in the model process (issue 13, items 12-14 and 17): an
// endless loop ends at --timeout-ms, an allocation loop at --memory-mb with a message (not V8's
// abort, exit 134), console.log in a mechanism cannot corrupt --json, process.exit in a mechanism
// is an error, every throw is a Diagnostic at the model's file:line:col (whatever was thrown), and a
// query stopped by its time limit prints the estimate it had reached, marked partial.
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS } from "../../src/cli/query-command";
import { loadModelFile } from "../../src/core/io/load-module";
import { answer } from "../../src/core/query/answer";
import { fixture, runCli } from "./run-cli";

const hostile = (name: string) => fixture(`hostile/${name}.causal.ts`);

async function timed(...argv: string[]) {
  const t0 = performance.now();
  const r = await runCli(...argv);
  return { ...r, ms: performance.now() - t0 };
}

/** The CLI's own streams: the model's output is forwarded to process.stdout / process.stderr, as it is in a terminal. */
async function withStreams(argv: string[]) {
  const seen = { stdout: "", stderr: "" };
  const spies = (["stdout", "stderr"] as const).map((k) => vi.spyOn(process[k], "write").mockImplementation((chunk: string | Uint8Array) => ((seen[k] += String(chunk)), true)));
  try {
    return { ...(await runCli(...argv)), process: seen };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe("causal-studio query: limits", () => {
  it("gives the digits of core's answer() in this process for the same seed", async () => {
    const loaded = await loadModelFile(fixture("smoking.causal.ts"));
    if ("diagnostics" in loaded) throw new Error("fixture does not load");
    const here = answer(loaded.model, { kind: "single", counterfactual: false, do: { smoking: 1 }, given: {}, target: "tar" }, { seed: 11, samples: 20000 });
    const r = await runCli("query", fixture("smoking.causal.ts"), "--do", "smoking=1", "--target", "tar", "--samples", "20000", "--seed", "11", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).answer.estimate).toEqual(JSON.parse(JSON.stringify(here)).estimate);
  });

  it("documents its defaults: 30 s and the model process's memory limit", async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    const help = (await runCli("query", "--help")).stdout;
    expect(help).toContain("--timeout-ms MS");
    expect(help).toContain(`(default ${DEFAULT_TIMEOUT_MS})`);
    expect(help).toContain(`(default ${DEFAULT_MEMORY_MB})`);
  });

  it("an endless loop in a mechanism exits 1 soon after --timeout-ms with a clear message", async () => {
    const r = await timed("query", hostile("endless"), "--target", "b", "--timeout-ms", "1500");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: the query did not finish within 1500 ms (--timeout-ms), so the model process was stopped (an endless loop in a mechanism?)");
    expect(r.ms).toBeGreaterThanOrEqual(1500);
    expect(r.ms).toBeLessThan(1500 + 8000);
  });

  it("--timeout-ms 500 is respected (and --timeout-ms=500 is the same flag)", async () => {
    for (const flag of [["--timeout-ms", "500"], ["--timeout-ms=500"]]) {
      const r = await timed("query", hostile("endless"), "--target", "b", ...flag);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("within 500 ms");
      expect(r.ms).toBeLessThan(500 + 8000);
    }
  });

  it("an allocation loop ends with 'ran out of memory (limit N MB)', exit 1, not V8's abort", async () => {
    const r = await withStreams(["query", hostile("allocates"), "--target", "b", "--memory-mb", "128", "--timeout-ms", "60000"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: the model ran out of memory (limit 128 MB, --memory-mb), so the model process was stopped");
    // nothing of V8's dump reaches the terminal either (the model's own output is forwarded there)
    expect(r.stderr + r.process.stderr + r.process.stdout).not.toMatch(/Last few GCs|FATAL ERROR|Native stack|Mark-Compact/);
  });

  it.each([
    [["--timeout-ms", "50"], /--timeout-ms takes a whole number of at least 100, got "50"/],
    [["--memory-mb", "lots"], /--memory-mb takes a whole number of at least 64, got "lots"/],
    [["--timeout-ms"], /--timeout-ms takes a whole number/],
  ])("bad limits %j exit 2", async (args, message) => {
    const r = await runCli("query", hostile("endless"), "--target", "b", ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("causal-studio query: model output and exits", () => {
  it("console.log in a mechanism goes to stderr with --json: stdout is exactly one JSON document", async () => {
    const r = await withStreams(["query", hostile("logs"), "--do", "a=1", "--target", "b", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.answer.rows.find((row: { value: number }) => row.value === 1).estimate.value).toBeCloseTo(0.75, 12);
    expect(r.process.stdout).toBe("");
    expect(r.process.stderr).toContain("hello from the model");
    expect(r.process.stderr).toContain("a warning from the model");
  });

  it("without --json the model's console.log is printed on stdout, its console.error on stderr", async () => {
    const r = await withStreams(["query", hostile("logs"), "--do", "a=1", "--target", "b"]);
    expect(r.code).toBe(0);
    expect(r.process.stdout).toContain("hello from the model");
    expect(r.process.stderr).toContain("a warning from the model");
    expect(r.stdout).toMatch(/^P\(b \| do\(a=1\)\):/);
  });

  it("process.exit(0) in a mechanism is an error: exit 1 and a message, nothing on stdout", async () => {
    const r = await runCli("query", hostile("exits"), "--target", "b", "--json");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^hostile\/exits\.causal\.ts:6:\d+: error: .*process\.exit\(0\)/);
  });
});

describe("causal-studio query: what the model threw", () => {
  it("a throw in a mechanism is printed at the model's file:line:col", async () => {
    const r = await runCli("query", hostile("throws"), "--target", "b");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hostile\/throws\.causal\.ts:5:\d+: error: .*threw Error: boom/);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["null-prototype", "fake-causal-error"])("%s: a clean error naming the file, exit 1", async (name) => {
    const r = await runCli("query", hostile(name), "--target", "b");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`${name}\\.causal\\.ts`));
    expect(r.stderr).toMatch(/error: /);
    expect(r.stderr).not.toContain("[object Object]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("causal-studio query: stopped part-way", () => {
  it("a slow query stopped by --timeout-ms prints the estimate so far, marked partial, in text and --json", async () => {
    const args = ["query", hostile("slow"), "--do", "a=1", "--target", "b", "--samples", "100000", "--method", "sampling", "--timeout-ms", "3000"];
    const text = await runCli(...args);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("the query did not finish within 3000 ms (--timeout-ms)");
    const m = /stopped after [\d.]+ s with ([\d,]+) of 100,000 samples; the estimate so far \(partial\):\n {2}E\[b \| do\(a=1\)\] = (\d\.\d+) ± (\d\.\d+)/.exec(text.stderr);
    expect(m, text.stderr).not.toBeNull();
    const json = await runCli(...args, "--json");
    expect(json.code).toBe(1);
    const j = JSON.parse(json.stdout);
    expect(j.limits).toEqual({ timeoutMs: 3000, memoryMb: DEFAULT_MEMORY_MB });
    expect(j.partial.requested).toBe(100_000);
    expect(j.partial.samples).toBeGreaterThan(0);
    expect(j.partial.samples).toBeLessThan(100_000);
    // b ~ normal(1, 1) under do(a = 1): the partial estimate is still an estimate of 1
    const e = j.partial.answer.estimate;
    expect(e.samples).toBe(j.partial.samples);
    expect(Math.abs(e.value - 1)).toBeLessThan(4 * e.standardError);
  });
});
