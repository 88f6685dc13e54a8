// Run Script…: its cases on a fake ctx (commands.test-util.ts); the runner itself runs for real in script-runner.process.test.ts.
import { expect } from "vitest";
import { runScript } from "./run-script";
import { doc, runCases, uri } from "./commands.test-util";

const MAIN = "/w/samples/bandits/main.ts";
const main = doc(MAIN, "export function main() {}");
const figure = { id: "f", title: "F", x: { label: "x" }, y: { label: "y" }, marks: [{ kind: "line" as const, series: "a", points: [{ x: 1, y: 2 }] }] };

runCases("Run Script…", [
  {
    name: "runs the active main.ts with the arguments typed (remembered per file), streams its output into the panel in order, then its figures",
    command: runScript, args: [], setup: {
      active: { document: main, offset: 0 }, inputAnswer: "--runs 200 --json",
      script: (o) => (o.onOutput("stdout", "regret "), o.onOutput("stdout", "0.01\n"), o.onOutput("stderr", "wrote 1 figure\n"), { status: "done", exitCode: 0, figures: [figure], elapsedMs: 1234 }),
    },
    check: ({ result, trace, error }) => {
      expect(error).toBeUndefined();
      expect(result).toMatchObject({ status: "done", exitCode: 0 });
      expect(trace.inputs).toEqual([{ title: "Arguments for main() of /w/samples/bandits/main.ts", value: "" }]);
      expect(trace.scripts).toEqual([{ script: MAIN, args: ["--runs", "200", "--json"], cwd: "/w/samples/bandits", timeoutMs: 90_000, memoryMb: 2048 }]);
      expect(trace.state.get(`causalStudio.runArgs:${MAIN}`)).toBe("--runs 200 --json");
      const runId = (trace.run[0] as { runId: number }).runId;
      expect(trace.run).toEqual([
        { type: "runStarted", runId, script: MAIN, args: ["--runs", "200", "--json"] },
        { type: "runOutput", runId, stream: "stdout", text: "regret 0.01\n" },
        { type: "runOutput", runId, stream: "stderr", text: "wrote 1 figure\n" },
        { type: "runDone", runId, exitCode: 0, elapsedMs: 1234, figures: [figure] },
      ]);
    },
  },
  {
    name: "arguments given with the command skip the question; the last ones typed are offered first otherwise",
    command: runScript, args: [uri(MAIN), ["--quick"]], setup: { state: { [`causalStudio.runArgs:${MAIN}`]: "--old" }, script: () => ({ status: "done", exitCode: 3, figures: [], elapsedMs: 5 }) },
    check: ({ trace }) => {
      expect(trace.inputs).toEqual([]);
      expect(trace.scripts[0].args).toEqual(["--quick"]);
      expect(trace.run.at(-1)).toMatchObject({ type: "runDone", exitCode: 3, figures: [] });
    },
  },
  {
    name: "the panel's Cancel cancels the run's token, and the panel says it was stopped",
    command: runScript, args: [uri(MAIN), []], setup: {
      script: (o, trace) => new Promise((done) => {
        o.token!.onCancellationRequested(() => done({ status: "cancelled" }));
        queueMicrotask(() => trace.cancelRun((trace.run[0] as { runId: number }).runId));
      }),
    },
    check: ({ trace }) => {
      expect(trace.run.map((m) => m.type)).toEqual(["runStarted", "runFailed"]);
      expect(trace.run[1]).toMatchObject({ message: "Cancelled: the script's process was stopped." });
    },
  },
  {
    name: "dismissing the arguments box runs nothing",
    command: runScript, args: [uri(MAIN)], setup: {},
    check: ({ result, trace }) => {
      expect(result).toBeUndefined();
      expect(trace.scripts).toEqual([]);
      expect(trace.run).toEqual([]);
    },
  },
  {
    name: "refused in an untrusted workspace: nothing runs, and the message says how to trust",
    command: runScript, args: [uri(MAIN), []], setup: { trusted: false },
    check: ({ result, trace }) => {
      expect(result).toBeUndefined();
      expect(trace.scripts).toEqual([]);
      expect(trace.messages).toEqual([expect.stringMatching(/^warn: Running a script runs its code, which Causal Studio does only in a trusted workspace\. Trust this folder/)]);
    },
  },
  {
    name: "a model file or a non-script is not run: the message says what Run Script runs",
    command: runScript, args: [uri("/w/model.causal.ts"), []], setup: {},
    check: ({ trace }) => {
      expect(trace.scripts).toEqual([]);
      expect(trace.messages).toEqual([expect.stringMatching(/^warn: Run Script runs a script that exports main/)]);
    },
  },
  {
    name: "a failure is shown as its message",
    command: runScript, args: [uri(MAIN), []], setup: { script: () => ({ status: "failed", message: "The script's figures cannot be drawn: figure 1 (\"f\") title: too short" }) },
    check: ({ trace }) => expect(trace.run.at(-1)).toMatchObject({ type: "runFailed", message: "The script's figures cannot be drawn: figure 1 (\"f\") title: too short" }),
  },
]);
