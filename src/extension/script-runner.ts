/**
 * The host side of "Causal Studio: Run Script": runs a script through the same pipeline as the
 * terminal, `causal-studio run --plots <temp> <script> [args]` (the extension's own dist/cli.js in a
 * child Node process: the CLI bundles the script, runs main in a grandchild with the time and memory
 * limits, checks the figures main returns and writes them to figures.json), streams the output as it
 * comes, kills the whole process group on cancel, then reads and re-checks the figures file. No
 * vscode import, so the tests run it for real.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { checkFigures, type FigureDto } from "../protocol/figure-messages";

export interface ScriptRunOptions {
  /** The CLI bundle (the extension's dist/cli.js). */
  cli: string;
  script: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
  memoryMb: number;
  onOutput(stream: "stdout" | "stderr", text: string): void;
  /** Cancelling kills the CLI and the script (their process group). */
  token?: { readonly isCancellationRequested: boolean; onCancellationRequested(listener: () => void): { dispose(): void } };
}

export type ScriptOutcome =
  | { status: "done"; exitCode: number; figures: FigureDto[]; elapsedMs: number }
  | { status: "failed"; message: string }
  | { status: "cancelled" };

/** Splits a line of arguments as a shell would for plain words and quoted strings ('a b', "a b"), no expansion. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? m[3]);
  return out;
}

export async function runScript(o: ScriptRunOptions): Promise<ScriptOutcome> {
  if (!existsSync(o.cli)) return { status: "failed", message: `The Causal Studio CLI bundle ${o.cli} is missing (run \`npm run build\`, or reinstall the extension).` };
  if (o.token?.isCancellationRequested) return { status: "cancelled" };
  const dir = await mkdtemp(join(tmpdir(), "causal-studio-run-"));
  const started = performance.now();
  try {
    const group = process.platform !== "win32";
    const child = spawn(process.execPath, [o.cli, "run", `--timeout-ms=${o.timeoutMs}`, `--memory-mb=${o.memoryMb}`, `--plots=${dir}`, o.script, ...o.args], {
      cwd: o.cwd,
      // The extension host's execPath is Electron: this makes it (and the CLI's own child, which inherits the variable) plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: group,
    });
    for (const stream of ["stdout", "stderr"] as const) {
      const decoder = new StringDecoder("utf8");
      child[stream].on("data", (b: Buffer) => {
        const text = decoder.write(b);
        if (text) o.onOutput(stream, text);
      });
      child[stream].on("end", () => {
        const rest = decoder.end();
        if (rest) o.onOutput(stream, rest);
      });
    }
    let cancelled = false;
    const kill = () => {
      cancelled = true;
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const sub = o.token?.onCancellationRequested(kill);
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: Error }>((done) => {
      child.once("error", (error) => done({ error }));
      child.once("close", (code, signal) => done({ code, signal }));
    });
    sub?.dispose();
    if (cancelled) return { status: "cancelled" };
    if ("error" in ended) return { status: "failed", message: `Could not start ${process.execPath}: ${ended.error.message}` };
    const elapsedMs = performance.now() - started;
    if (ended.signal) return { status: "failed", message: `The script's process was killed by ${ended.signal}.` };
    const file = join(dir, "figures.json");
    let figures: FigureDto[] = [];
    if (existsSync(file)) {
      let raw: unknown;
      try {
        raw = (JSON.parse(await readFile(file, "utf8")) as { figures?: unknown }).figures;
      } catch (e) {
        return { status: "failed", message: `The figures file the run wrote is not JSON: ${e instanceof Error ? e.message : String(e)}` };
      }
      const checked = checkFigures(raw);
      if (!checked.ok) return { status: "failed", message: `The script's figures cannot be drawn: ${checked.error}` };
      figures = checked.figures;
    }
    return { status: "done", exitCode: ended.code ?? 1, figures, elapsedMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
