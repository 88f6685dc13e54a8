/**
 * "Causal Studio: Run Script…" (palette and the editor title of a .ts file; a sample's main.ts):
 * refuses in an untrusted workspace (a script is the user's own code); asks for main's arguments
 * (the last ones for this file first; a second argument of string[] skips the question); saves the
 * file; runs it through `causal-studio run --plots` (script-runner.ts, the terminal's own pipeline:
 * the same limits, bundling and figure checks) with the output streaming into the run panel, then
 * draws the figures main returned there. The panel's Cancel kills the run. Returns the outcome.
 */
import type { ScriptOutcome } from "../script-runner";
import { splitArgs } from "../script-runner";
import type { CommandCtx, CommandFactory } from "../ctx";
import { tokenSource } from "./train-model";

const SCRIPT = /\.(ts|mts|cts|js|mjs|cjs)$/i;
/** Output is posted in pieces of at most this many characters (the message schema's cap is 64 KiB), at most every 50 ms. */
const CHUNK = 32_768;
let runs = 0;
const key = (file: string) => `causalStudio.runArgs:${file}`;

export const runScript: CommandFactory = (ctx) => async (arg?: unknown, argsArg?: unknown): Promise<ScriptOutcome | undefined> => {
  const uri = ctx.editor.toUri(arg, { paths: true }) ?? ctx.editor.active()?.document.uri;
  if (!uri || !SCRIPT.test(uri.fsPath) || /\.causal\.ts$/i.test(uri.fsPath)) {
    ctx.ui.warn("Run Script runs a script that exports main (a sample's main.ts, say): open one, then run it again. A *.causal.ts model is run by its queries, Train Model… and Diagnose Model….");
    return undefined;
  }
  if (!ctx.trusted) {
    ctx.ui.warn("Running a script runs its code, which Causal Studio does only in a trusted workspace. Trust this folder (Manage Workspace Trust) to run it; the DAG still works without.");
    return undefined;
  }
  const file = uri.fsPath;
  let args: string[];
  if (Array.isArray(argsArg) && argsArg.every((a) => typeof a === "string")) args = argsArg as string[];
  else {
    const line = await ctx.ui.input({ title: `Arguments for main() of ${ctx.editor.relativePath(uri)}`, prompt: "As on the command line (e.g. --runs 200); empty for none", value: ctx.state.get<string>(key(file)) ?? "" });
    if (line === undefined) return undefined;
    await ctx.state.update(key(file), line);
    args = splitArgs(line);
  }
  const document = ctx.editor.find(uri);
  if (document?.isDirty) await document.save();

  const runId = ++runs;
  const panel = ctx.panels.showRun();
  panel.post({ type: "runStarted", runId, script: file, args });
  const cancel = tokenSource();
  panel.onCancel((id) => id === runId && cancel.cancel());
  ctx.log(`running ${ctx.editor.relativePath(uri)} ${args.join(" ")}`.trimEnd());

  // Output is batched: a script printing a line per step must not flood the webview with messages.
  let pending: { stream: "stdout" | "stderr"; text: string } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) (clearTimeout(timer), (timer = undefined));
    if (!pending) return;
    const { stream, text } = pending;
    pending = undefined;
    for (let i = 0; i < text.length; i += CHUNK) panel.post({ type: "runOutput", runId, stream, text: text.slice(i, i + CHUNK) });
  };
  const onOutput = (stream: "stdout" | "stderr", text: string) => {
    if (pending && pending.stream !== stream) flush();
    pending = pending ? { stream, text: pending.text + text } : { stream, text };
    if (pending.text.length >= CHUNK) flush();
    else timer ??= setTimeout(flush, 50);
  };
  const limits = ctx.config.script;
  const outcome = await ctx.scripts.run({ script: file, args, cwd: ctx.editor.folderOf(uri), timeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb, onOutput, token: cancel.token });
  flush();
  if (outcome.status === "done") panel.post({ type: "runDone", runId, exitCode: outcome.exitCode, elapsedMs: outcome.elapsedMs, figures: outcome.figures });
  else panel.post({ type: "runFailed", runId, message: outcome.status === "cancelled" ? "Cancelled: the script's process was stopped." : outcome.message });
  return outcome;
};

