// Run Script's pipeline for real: the CLI bundle runs the script (`run --plots` to a temporary
// folder), the output streams back in order, main's exit code and its figures (re-checked) come
// back, the temporary folder goes; a cancel kills the script's own process, not only the CLI; a
// missing CLI is a clear failure. Arguments split like a shell's plain words and quotes.
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureCliBundle, fixture, FIXTURES } from "../../test/cli/run-cli";
import { runScript, splitArgs } from "./script-runner";

let cli = "";
beforeAll(async () => {
  await ensureCliBundle();
  cli = process.env.CAUSAL_STUDIO_CLI!;
}, 60_000);

const temps = () => readdirSync(tmpdir()).filter((n) => n.startsWith("causal-studio-run-"));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("Run Script's runner", () => {
  it("streams the output, returns main's exit code and its figures, and leaves no temporary folder", async () => {
    const before = new Set(temps());
    const out: string[] = [];
    const r = await runScript({ cli, script: fixture("figures-script.ts"), args: [], cwd: FIXTURES, timeoutMs: 60_000, memoryMb: 1024, onOutput: (s, t) => void out.push(`${s}:${t}`) });
    expect(r.status).toBe("done");
    if (r.status !== "done") return;
    expect(r.exitCode).toBe(2);
    expect(r.figures.map((f) => f.id)).toEqual(["regret-vs-m", "rates"]);
    expect(r.figures[0].marks[0]).toEqual({ kind: "line", series: "parallel", points: [2, 4, 8, 16].map((m) => ({ x: m, y: m / 100 })) });
    expect(out.join("")).toMatch(/^stdout:two figures\nstderr:wrote 2 figures to /);
    expect(temps().filter((n) => !before.has(n))).toEqual([]);
  });

  it("a figure that cannot be drawn: exit 1 with the CLI's error in the output, and no figures", async () => {
    let err = "";
    const r = await runScript({ cli, script: fixture("figures-script.ts"), args: ["--bad"], cwd: FIXTURES, timeoutMs: 60_000, memoryMb: 1024, onOutput: (s, t) => void (s === "stderr" && (err += t)) });
    expect(r).toMatchObject({ status: "done", exitCode: 1, figures: [] });
    expect(err).toMatch(/figure 2 \("rates"\) marks\.0\.bars\.1\.value: must be a finite number/);
  });

  it("cancelling kills the script's process as well as the CLI's", async () => {
    let listener: (() => void) | undefined;
    let requested = false;
    const token = { get isCancellationRequested() { return requested; }, onCancellationRequested: (l: () => void) => ((listener = l), { dispose: () => undefined }) };
    let pid: number | undefined;
    const seen = new Promise<void>((ok) => {
      void runScript({
        cli, script: fixture("hostile/pid-then-loop.ts"), args: [], cwd: FIXTURES, timeoutMs: 120_000, memoryMb: 1024, token,
        onOutput: (_, t) => { const m = /pid (\d+)/.exec(t); if (m) (pid = Number(m[1])), ok(); },
      }).then((r) => results.push(r.status));
    });
    const results: string[] = [];
    await seen;
    expect(alive(pid!)).toBe(true);
    requested = true;
    listener!();
    for (let i = 0; i < 100 && (alive(pid!) || !results.length); i++) await new Promise((r) => setTimeout(r, 50));
    expect(results).toEqual(["cancelled"]);
    expect(alive(pid!)).toBe(false);
  });

  it("a missing CLI bundle is a failure that says what to do", async () => {
    const r = await runScript({ cli: "/nonexistent/cli.js", script: fixture("figures-script.ts"), args: [], cwd: FIXTURES, timeoutMs: 1000, memoryMb: 256, onOutput: () => undefined });
    expect(r).toEqual({ status: "failed", message: expect.stringMatching(/CLI bundle \/nonexistent\/cli\.js is missing \(run `npm run build`/) });
    expect(existsSync("/nonexistent")).toBe(false);
  });

  it.each([
    ["--runs 200 --json", ["--runs", "200", "--json"]],
    ["  a   'b c'  \"d \\\"e\\\"\" ", ["a", "b c", 'd "e"']],
    ["", []],
  ])("splits %j", (line, args) => expect(splitArgs(line)).toEqual(args));
});
