// `causal-studio run` runs the script in a child Node process with a heap limit and a kill timer
// (issue 13, item 12): an endless loop ends at --timeout-ms, an allocation loop at --memory-mb with
// one line (not V8's dump, not exit 134); the exit code, output and file:line:col of a throw pass through.
import { beforeAll, describe, expect, it } from "vitest";
import { RUN_DEFAULTS } from "../../src/cli/run-command";
import { ensureCliBundle, fixture, runCli } from "./run-cli";

beforeAll(ensureCliBundle, 60_000);

describe("causal-studio run: limits", () => {
  it("--help documents the defaults", async () => {
    const help = (await runCli("run", "--help")).stdout;
    expect(help).toContain(`--timeout-ms MS       stop the script after MS milliseconds (default ${RUN_DEFAULTS.timeoutMs}, 30 minutes)`);
    expect(help).toContain(`(default ${RUN_DEFAULTS.memoryMb})`);
  });

  it("an endless script is stopped at --timeout-ms: exit 1 and a clear message", async () => {
    const t0 = performance.now();
    const r = await runCli("run", "--timeout-ms", "1500", fixture("hostile/endless-script.ts"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*endless-script\.ts did not finish within 1500 ms \(--timeout-ms\), so it was stopped/);
    expect(performance.now() - t0).toBeLessThan(1500 + 10_000);
  });

  it("an allocating script is stopped at --memory-mb: one line, no V8 dump, its own output kept", async () => {
    const r = await runCli("run", "--memory-mb=128", fixture("hostile/allocates-script.ts"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("allocating\n");
    expect(r.stderr).toMatch(/error: .*allocates-script\.ts ran out of memory \(limit 128 MB, --memory-mb\), so it was stopped/);
    expect(r.stderr).not.toMatch(/Last few GCs|FATAL ERROR|Native stack|Mark-Compact/);
  });

  it("flags after the script are the script's: main() gets them, its return value is the exit code", async () => {
    expect((await runCli("run", fixture("script.ts"), "--alpha", "1")).code).toBe(3);
    expect((await runCli("run", "--timeout-ms", "60000", fixture("script.ts"), "--alpha", "1")).code).toBe(3);
    const bad = await runCli("run", fixture("bad/throws.causal.ts"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad\/throws\.causal\.ts:4:9: error: /);
  });
});
